/**
 * Reverse-DNS names that say nothing about who uses an address, as data: the reverse-DNS check
 * ignores a PTR name with one of these labels (below its registrable domain), or under one of
 * these registrable domains. Address-embedded names (`203-0-113-5.static…`, hex forms) are
 * recognised from the address itself (reverse-dns.ts), not listed here.
 */

/**
 * A label (one dot-separated part, lower case) that marks an access line, a pool or a server
 * rather than a company's own name: the words carriers and clouds put into customer PTRs.
 * Anchored to the whole label or to its start followed by digits or a hyphen, so `dsl-12`
 * and `pool` match while `poolside` or `static-site-builder` do not.
 */
export const GENERIC_LABEL_PATTERNS: readonly RegExp[] = [
  /^(?:a|v|x|s|h)?dsl(?:\d+|-.*)?$/,
  /^(?:dhcp|dyn|dynamic|dynip|pool|ppp|pppoe|pppoa|dialup|dial|dip|nat|cgnat)(?:\d+|-.*)?$/,
  /^(?:static|staticip|fixed|fixip)(?:\d+|-.*)?$/,
  /^(?:cust|customer|customers|client|clients|subscriber|sub|user|users|res|resi|residential|home)(?:\d+|-.*)?$/,
  /^(?:broadband|bb|cable|catv|cm|cpe|modem|hfc|docsis|fiber|fibre|ftth|fttx|fttc|fttb|gpon|wimax|lte|mobile|wireless|wifi|hotspot)(?:\d+|-.*)?$/,
  /^(?:ip|ips|ipv4|ipv6|host|hosts|addr|address|unassigned|unused|unknown|noname|no-reverse|generic|rev|reverse|ptr)(?:\d+|-.*)?$/,
  /^(?:vps|vds|server|srv|dedi|dedicated|cloud|instance|compute|node|ec2|droplet|static-ip)(?:\d+|-.*)?$/,
];

/**
 * Registrable domains of big access, mobile and hosting networks: their PTR names are their
 * customers' lines or servers, never a company's own. Not exhaustive: the label patterns and
 * address-embedded forms catch most of the rest, and a name must still match an account's
 * domain to credit anything. The domains listed are the ones customer lines and servers are
 * named under; a provider's corporate domain (where its own offices' names live) is left out,
 * since a carrier or a cloud can be a target account too.
 */
export const GENERIC_DOMAINS: readonly string[] = [
  // North America: cable, telco and fibre carriers
  'comcast.net', 'comcastbusiness.net', 'verizon.net', 'myvzw.com', 'att.net', 'sbcglobal.net', 'bellsouth.net', 'ameritech.net',
  'pacbell.net', 'swbell.net', 'rr.com', 'charter.com', 'spectrum.com', 'chartermi.net', 'cox.net', 'coxbusiness.net',
  'centurylink.net', 'qwest.net', 'embarqhsd.net', 'frontiernet.net', 'ftr.com', 'windstream.net', 'optonline.net',
  'optimum.net', 'suddenlink.net', 'mediacomcc.net', 'wowinc.com', 'knology.net', 'rcn.com', 'grandecom.net', 'sonic.net',
  'starlinkisp.net', 'hughes.net', 'viasat.com', 't-mobile.com', 'tmodns.net', 'rogers.com', 'bell.ca', 'sympatico.ca',
  'bellnet.ca', 'shawcable.net', 'videotron.ca', 'telus.net', 'cogeco.ca', 'cogeco.net', 'eastlink.ca',
  // Europe
  't-ipconnect.de', 'dtag.de', 'vodafone.de', 'kabel-deutschland.de', 'unitymediagroup.de',
  'versatel.de', '1und1.de', 'o2online.de', 'telefonica.de', 'netcologne.de', 'm-net.de', 'ewe-ip-backbone.de',
  'btcentralplus.com', 'btopenworld.com', 'virginm.net', 'sky.com', 'skybroadband.com', 'talktalk.net', 'plus.net',
  'as13285.net', 'orange.fr', 'wanadoo.fr', 'proxad.net', 'free.fr', 'sfr.net', 'numericable.fr', 'bbox.fr', 'bouyguestelecom.fr',
  'rima-tde.net', 'telefonica.es', 'movistar.es', 'ono.com', 'vodafone.es', 'jazztel.es', 'orange.es', 'telecomitalia.it',
  'interbusiness.it', 'fastwebnet.it', 'tiscali.it', 'wind.it', 'kpn.net', 'kpn.nl', 'ziggo.nl', 'upcmail.net', 'chello.nl',
  'chello.at', 'upc.ch', 'swisscom.ch', 'bluewin.ch', 'sunrise.ch', 'telenet.be', 'skynet.be', 'proximus.be', 'telia.com',
  'telia.net', 'telenor.net', 'telenor.dk', 'tdc.net', 'comhem.se', 'bredband2.com', 'bahnhof.net', 'elisa-laajakaista.fi',
  'dnainternet.net', 'eircom.net', 'virginmedia.ie', 'telepac.pt', 'netcabo.pt', 'nos.pt', 'meo.pt', 'tpnet.pl', 'neostrada.pl',
  'orange.pl', 'upcpoczta.pl', 'rostelecom.ru', 'rtcomm.ru', 'mts.ru', 'beeline.ru', 'ttnet.com.tr', 'superonline.net',
  // Asia-Pacific, Latin America, Middle East, Africa
  'bigpond.net.au', 'telstra.net', 'optusnet.com.au', 'tpgi.com.au', 'iinet.net.au', 'aussiebb.net', 'xtra.co.nz', 'spark.co.nz',
  'ocn.ne.jp', 'ntt.net', 'plala.or.jp', 'so-net.ne.jp', 'bbtec.net', 'kddi.ne.jp', 'dion.ne.jp', 'au-net.ne.jp', 'hinet.net',
  'kornet.net', 'chinanet.cn.net', 'chinaunicom.cn', 'pldt.net', 'singnet.com.sg', 'starhub.net.sg', 'tm.net.my', 'airtelbroadband.in',
  'bsnl.in', 'jio.com', 'telkom.net.id', 'viettel.vn', 'vnpt.vn', 'virtua.com.br', 'veloxzone.com.br', 'telesp.net.br', 'gvt.net.br',
  'claro.net.br', 'prod-infinitum.com.mx', 'telmex.net', 'fibertel.com.ar', 'speedy.com.ar', 'etisalat.ae', 'bezeqint.net',
  'saudi.net.sa', 'telkomsa.net', 'safaricom.co.ke',
  // Clouds, hosting and CDNs
  'amazonaws.com', 'amazonaws.com.cn', 'cloudfront.net', 'googleusercontent.com', '1e100.net',
  'azure.com', 'cloudapp.net', 'linodeusercontent.com', 'linode.com', 'akamaitechnologies.com', 'fastly.net',
  'digitalocean.com', 'vultrusercontent.com', 'vultr.com', 'choopa.net', 'your-server.de', 'hetzner.com',
  'hetzner.de', 'ovh.net', 'ovh.com', 'ovh.ca', 'kimsufi.com', 'soyoustart.com', 'leaseweb.net', 'leaseweb.com', 'contaboserver.net',
  'scaleway.com', 'online.net', 'poneytelecom.eu', 'rackspace.com', 'softlayer.com', 'oraclecloud.com',
  'hostinger.com', 'hostgator.com', 'bluehost.com', 'dreamhost.com', 'secureserver.net', 'ionos.com', '1and1.com', 'm247.com',
  'zenlayer.net', 'colocrossing.com', 'quadranet.com', 'psychz.net', 'hostwinds.com', 'datacamp.co.uk', 'cdn77.com',
  // Reverse zones themselves
  'in-addr.arpa', 'ip6.arpa',
];
