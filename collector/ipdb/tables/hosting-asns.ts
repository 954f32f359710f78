import type { AsnEntry } from './access-asns.js';

/**
 * Cloud, hosting, CDN and data-centre networks by autonomous system number: traffic from them is
 * servers, crawlers or relays, never a visitor at the company that holds the range.
 * Two kinds of entry are anonymisers rather than hosting, because real people sit behind them but
 * the network does not say whose employees they are:
 * - Zscaler (and Netskope) run security proxies that many companies send their staff's web
 *   traffic through, so one address is shared by all their customers. Not 'hosting' (that would
 *   read as bots to a bot filter): the visitors are human, just not attributable.
 * - AS36183 is the Akamai network that carries Apple iCloud Private Relay egress. Private Relay
 *   also leaves through Cloudflare and Fastly, whose main networks stay 'hosting' here.
 * Consumer VPN operators' own networks are anonymisers too; most VPN exits, though, sit on the
 * hosting networks listed here (M247, Datacamp …) and classify as 'hosting'.
 * Microsoft's AS8075 carries Azure and Microsoft's public services; it is 'hosting'. Microsoft's
 * own offices (AS3598) are not listed.
 * Numbers restated from the registries' public records; each one checked against the holder
 * named in the bundled @ip-location-db/asn data.
 */
export const HOSTING_ASNS: readonly AsnEntry[] = [
  // Amazon Web Services
  { asn: 16509, name: 'Amazon (AWS)', class: 'hosting' },
  { asn: 14618, name: 'Amazon (AWS)', class: 'hosting' },
  { asn: 8987, name: 'Amazon (AWS)', class: 'hosting' },
  { asn: 7224, name: 'Amazon (AWS)', class: 'hosting' },
  // Microsoft Azure and public services
  { asn: 8075, name: 'Microsoft (Azure)', class: 'hosting' },
  { asn: 8068, name: 'Microsoft (Azure)', class: 'hosting' },
  { asn: 8069, name: 'Microsoft (Azure)', class: 'hosting' },
  { asn: 8070, name: 'Microsoft (Azure)', class: 'hosting' },
  // Google, Google Cloud, YouTube
  { asn: 15169, name: 'Google', class: 'hosting' },
  { asn: 396982, name: 'Google Cloud', class: 'hosting' },
  { asn: 19527, name: 'Google', class: 'hosting' },
  { asn: 36040, name: 'Google (YouTube)', class: 'hosting' },
  { asn: 36384, name: 'Google', class: 'hosting' },
  { asn: 43515, name: 'Google (YouTube)', class: 'hosting' },
  { asn: 139070, name: 'Google', class: 'hosting' },
  // Other large clouds
  { asn: 31898, name: 'Oracle Cloud', class: 'hosting' },
  { asn: 36351, name: 'IBM Cloud (SoftLayer)', class: 'hosting' },
  { asn: 45102, name: 'Alibaba Cloud', class: 'hosting' },
  { asn: 37963, name: 'Alibaba Cloud', class: 'hosting' },
  { asn: 132203, name: 'Tencent Cloud', class: 'hosting' },
  { asn: 45090, name: 'Tencent Cloud', class: 'hosting' },
  { asn: 55990, name: 'Huawei Cloud', class: 'hosting' },
  { asn: 136907, name: 'Huawei Cloud', class: 'hosting' },
  // CDNs and edge networks
  { asn: 13335, name: 'Cloudflare', class: 'hosting' },
  { asn: 209242, name: 'Cloudflare', class: 'hosting' },
  { asn: 395747, name: 'Cloudflare', class: 'hosting' },
  { asn: 54113, name: 'Fastly', class: 'hosting' },
  { asn: 20940, name: 'Akamai', class: 'hosting' },
  { asn: 16625, name: 'Akamai', class: 'hosting' },
  { asn: 12222, name: 'Akamai', class: 'hosting' },
  { asn: 21342, name: 'Akamai', class: 'hosting' },
  { asn: 32787, name: 'Akamai (Prolexic)', class: 'hosting' },
  { asn: 35994, name: 'Akamai', class: 'hosting' },
  { asn: 63949, name: 'Akamai (Linode)', class: 'hosting' },
  { asn: 22822, name: 'Edgio (Limelight)', class: 'hosting' },
  { asn: 15133, name: 'Edgio (Edgecast)', class: 'hosting' },
  { asn: 19551, name: 'Imperva (Incapsula)', class: 'hosting' },
  { asn: 60068, name: 'Datacamp (CDN77)', class: 'hosting' },
  { asn: 212238, name: 'Datacamp (CDN77)', class: 'hosting' },
  { asn: 21859, name: 'Zenlayer', class: 'hosting' },
  // Hosting and virtual servers
  { asn: 14061, name: 'DigitalOcean', class: 'hosting' },
  { asn: 393406, name: 'DigitalOcean', class: 'hosting' },
  { asn: 46652, name: 'DigitalOcean', class: 'hosting' },
  { asn: 16276, name: 'OVHcloud', class: 'hosting' },
  { asn: 24940, name: 'Hetzner', class: 'hosting' },
  { asn: 213230, name: 'Hetzner Cloud', class: 'hosting' },
  { asn: 20473, name: 'Vultr (Choopa)', class: 'hosting' },
  { asn: 46407, name: 'Vultr (The Constant Company)', class: 'hosting' },
  { asn: 11508, name: 'Vultr (The Constant Company)', class: 'hosting' },
  { asn: 12876, name: 'Scaleway (Online SAS)', class: 'hosting' },
  { asn: 51167, name: 'Contabo', class: 'hosting' },
  { asn: 60781, name: 'Leaseweb', class: 'hosting' },
  { asn: 16265, name: 'Leaseweb', class: 'hosting' },
  { asn: 28753, name: 'Leaseweb', class: 'hosting' },
  { asn: 30633, name: 'Leaseweb', class: 'hosting' },
  { asn: 59253, name: 'Leaseweb', class: 'hosting' },
  { asn: 47583, name: 'Hostinger', class: 'hosting' },
  { asn: 26496, name: 'GoDaddy', class: 'hosting' },
  { asn: 8560, name: 'IONOS', class: 'hosting' },
  { asn: 27357, name: 'Rackspace', class: 'hosting' },
  { asn: 19994, name: 'Rackspace', class: 'hosting' },
  { asn: 33070, name: 'Rackspace', class: 'hosting' },
  { asn: 15395, name: 'Rackspace', class: 'hosting' },
  { asn: 46606, name: 'Unified Layer (Bluehost)', class: 'hosting' },
  { asn: 32244, name: 'Liquid Web', class: 'hosting' },
  { asn: 22612, name: 'Namecheap', class: 'hosting' },
  { asn: 26347, name: 'DreamHost', class: 'hosting' },
  { asn: 31815, name: 'Media Temple (GoDaddy)', class: 'hosting' },
  { asn: 2635, name: 'Automattic (WordPress.com)', class: 'hosting' },
  { asn: 54825, name: 'Equinix Metal (Packet)', class: 'hosting' },
  { asn: 54290, name: 'Hostwinds (HostPapa)', class: 'hosting' },
  { asn: 36352, name: 'ColoCrossing (HostPapa)', class: 'hosting' },
  { asn: 8100, name: 'QuadraNet', class: 'hosting' },
  { asn: 29802, name: 'Hivelocity', class: 'hosting' },
  { asn: 19318, name: 'InterServer', class: 'hosting' },
  { asn: 53667, name: 'FranTech (BuyVM)', class: 'hosting' },
  { asn: 25820, name: 'IT7 Networks', class: 'hosting' },
  { asn: 40676, name: 'Psychz Networks', class: 'hosting' },
  { asn: 46475, name: 'Limestone Networks', class: 'hosting' },
  { asn: 35916, name: 'Multacom', class: 'hosting' },
  { asn: 9009, name: 'M247', class: 'hosting' },
  { asn: 62240, name: 'Clouvider', class: 'hosting' },
  { asn: 3223, name: 'Voxility', class: 'hosting' },
  { asn: 43350, name: 'NForce Entertainment', class: 'hosting' },
  { asn: 49981, name: 'WorldStream', class: 'hosting' },
  { asn: 202425, name: 'IP Volume', class: 'hosting' },
  { asn: 57043, name: 'Hostkey', class: 'hosting' },
  { asn: 34788, name: 'Neue Medien Muennich (all-inkl.com)', class: 'hosting' },
  { asn: 31034, name: 'Aruba', class: 'hosting' },
  { asn: 49505, name: 'Selectel', class: 'hosting' },
  { asn: 197695, name: 'REG.RU', class: 'hosting' },
  { asn: 9123, name: 'Timeweb', class: 'hosting' },
  // Shared egress that hides the visitor's organisation (see above)
  { asn: 62044, name: 'Zscaler (security proxy)', class: 'anonymiser' },
  { asn: 53813, name: 'Zscaler (security proxy)', class: 'anonymiser' },
  { asn: 22616, name: 'Zscaler (security proxy)', class: 'anonymiser' },
  { asn: 53444, name: 'Zscaler (security proxy)', class: 'anonymiser' },
  { asn: 55256, name: 'Netskope (security proxy)', class: 'anonymiser' },
  // Consumer VPNs
  { asn: 216025, name: 'Mullvad VPN', class: 'anonymiser' },
  { asn: 39351, name: 'Mullvad VPN (31173 Services)', class: 'anonymiser' },
  { asn: 62371, name: 'Proton VPN', class: 'anonymiser' },
  { asn: 209103, name: 'Proton VPN', class: 'anonymiser' },
  { asn: 208172, name: 'Proton VPN', class: 'anonymiser' },
  { asn: 199218, name: 'Proton VPN', class: 'anonymiser' },
  { asn: 136787, name: 'PacketHub (NordVPN)', class: 'anonymiser' },
  { asn: 141039, name: 'PacketHub (NordVPN)', class: 'anonymiser' },
  { asn: 147049, name: 'PacketHub (NordVPN)', class: 'anonymiser' },
  { asn: 207137, name: 'PacketHub (NordVPN)', class: 'anonymiser' },
  { asn: 36183, name: 'Akamai for Apple iCloud Private Relay', class: 'anonymiser' },
];
