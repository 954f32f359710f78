/**
 * The companies and networks the traffic simulator sends visits from, as data.
 *
 * Every address comes from the bundled open ASN data (@ip-location-db/asn: RouteViews and DB-IP,
 * CC BY 4.0): facts of the form "AS11971 is announced by Pfizer Inc. with 148.168.0.0/18",
 * restated here. Each prefix lies inside one range of the data for that AS, so every address in
 * it resolves alike. The companies were picked by a one-off script over the data and checked the
 * way the collector sees them (collector/ipdb with the compiled open ASN data, then the target
 * list's matching): an address from every target's prefixes is a business network credited to
 * that target, by normalised name or an alias; every other company's is a business network that
 * matches no target (a non-target account); every access network's is isp, mobile or hosting
 * and credits nobody. test/demo-site/simulator.test.ts checks all of it again against a real
 * collector. Dropped when picking: Honeywell and Schneider Electric (their networks' names in
 * the data do not name the company plainly), and a few that were kept as non-targets instead.
 */

/** A company with its own registered network. */
export interface DemoCompany {
  name: string;
  domain: string;
  industry: string;
  /** Where most of its people work (IANA): business hours are local to it. */
  timeZone: string;
  asn: number;
  /** The AS holder as the open ASN data names it. */
  asOrganization: string;
  /** IPv4 prefixes the company announces. */
  prefixes: readonly string[];
  /** Other names it goes by (the data's holder name where it differs from the common one). */
  aliases?: readonly string[];
}

export type Tier = '1' | '2' | '3';

/** The country of the time zone a company's people work in: what the demo's target list gives as its country. */
const TIME_ZONE_COUNTRIES: Readonly<Record<string, string>> = {
  'America/Chicago': 'US', 'America/Los_Angeles': 'US', 'America/New_York': 'US',
  'Europe/Berlin': 'DE', 'Europe/London': 'GB', 'Europe/Paris': 'FR', 'Europe/Zurich': 'CH',
};
export const countryOf = (c: Pick<DemoCompany, 'timeZone'>): string | null => TIME_ZONE_COUNTRIES[c.timeZone] ?? null;

/** A company on the demo vendor's target list. */
export interface DemoTarget extends DemoCompany {
  tier: Tier;
  /** The account's owner: one of the demo sales reps (by vertical). */
  owner: string;
}

/** The demo vendor's sales reps: life sciences, financial services, industrials and energy, tech and consumer. */
export const DEMO_OWNERS = ['ana@ledgerline.example', 'ben@ledgerline.example', 'carla@ledgerline.example', 'dieter@ledgerline.example'] as const;

/** Ledgerline's target list: large companies whose finance teams close many entities every month. */
export const DEMO_TARGETS: readonly DemoTarget[] = [
  { name: 'Pfizer', domain: 'pfizer.com', tier: '1', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'America/New_York', asn: 11971, asOrganization: 'Pfizer Inc.', prefixes: ['148.168.0.0/18', '148.168.128.0/18', '148.168.224.0/19'] },
  { name: 'Johnson & Johnson', domain: 'jnj.com', tier: '1', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'America/New_York', asn: 13778, asOrganization: 'Johnson & Johnson', prefixes: ['148.177.184.0/22', '148.177.192.0/23', '199.65.192.0/20'] },
  { name: 'Merck & Co.', domain: 'merck.com', tier: '2', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'America/New_York', asn: 7054, asOrganization: 'Merck and Co., Inc.', prefixes: ['54.1.0.0/16', '54.3.0.0/16', '54.13.0.0/16'] },
  { name: 'Novartis', domain: 'novartis.com', tier: '1', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'Europe/Zurich', asn: 25031, asOrganization: 'Novartis AG', prefixes: ['160.61.168.0/22', '160.61.208.0/24', '160.62.4.0/22'] },
  { name: 'Sanofi', domain: 'sanofi.com', tier: '2', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'Europe/Paris', asn: 36291, asOrganization: 'Sanofi', prefixes: ['155.65.0.0/16', '157.206.128.0/17', '168.124.0.0/16'] },
  { name: 'AstraZeneca', domain: 'astrazeneca.com', tier: '2', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'Europe/London', asn: 16662, asOrganization: 'AstraZeneca Pharmaceuticals LP', prefixes: ['156.70.152.0/21', '156.71.0.0/17', '156.71.192.0/18'], aliases: ['AstraZeneca Pharmaceuticals'] },
  { name: 'GlaxoSmithKline', domain: 'gsk.com', tier: '3', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'Europe/London', asn: 3902, asOrganization: 'GlaxoSmithKline', prefixes: ['130.23.244.0/24', '130.23.248.0/24', '145.240.94.0/24'] },
  { name: 'Abbott Laboratories', domain: 'abbott.com', tier: '3', owner: 'ana@ledgerline.example', industry: 'Medical devices', timeZone: 'America/Chicago', asn: 21899, asOrganization: 'Abbott Laboratories', prefixes: ['130.36.0.0/20', '130.36.48.0/20', '130.36.224.0/19'] },
  { name: 'Eli Lilly and Company', domain: 'lilly.com', tier: '2', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'America/New_York', asn: 4249, asOrganization: 'Eli Lilly and Company', prefixes: ['40.6.0.0/16', '40.15.0.0/16', '40.26.0.0/16'] },
  { name: 'Bristol-Myers Squibb', domain: 'bms.com', tier: '3', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'America/New_York', asn: 7246, asOrganization: 'Bristol-Myers Squibb Company', prefixes: ['140.176.0.0/16', '165.89.0.0/16', '198.155.0.0/16'] },
  { name: 'Amgen', domain: 'amgen.com', tier: '3', owner: 'ana@ledgerline.example', industry: 'Biotechnology', timeZone: 'America/Los_Angeles', asn: 14762, asOrganization: 'AMGEN, Inc.', prefixes: ['138.133.60.0/23', '138.133.232.0/22', '198.176.188.0/22'] },
  { name: 'Medtronic', domain: 'medtronic.com', tier: '3', owner: 'ana@ledgerline.example', industry: 'Medical devices', timeZone: 'America/Chicago', asn: 13684, asOrganization: 'Medtronic, Incorporated', prefixes: ['144.15.0.0/16', '216.75.214.0/24', '216.75.216.0/22'] },
  { name: 'Bayer', domain: 'bayer.com', tier: '2', owner: 'ana@ledgerline.example', industry: 'Pharmaceuticals', timeZone: 'Europe/Berlin', asn: 23167, asOrganization: 'Bayer Corporation', prefixes: ['149.234.0.0/21', '149.234.192.0/19', '149.234.240.0/21'] },
  { name: 'JPMorgan Chase & Co.', domain: 'jpmorganchase.com', tier: '1', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'America/New_York', asn: 32066, asOrganization: 'JPMorgan Chase & Co.', prefixes: ['170.148.60.0/22', '170.148.192.0/19', '170.148.240.0/21'] },
  { name: 'Citigroup', domain: 'citigroup.com', tier: '1', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'America/New_York', asn: 32287, asOrganization: 'Citigroup Inc.', prefixes: ['192.193.182.0/23', '192.193.202.0/23', '192.193.218.0/23'] },
  { name: 'Wells Fargo', domain: 'wellsfargo.com', tier: '2', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'America/Los_Angeles', asn: 10372, asOrganization: 'Wells Fargo & Company', prefixes: ['151.151.96.0/20', '159.37.112.0/20', '162.60.32.0/20'] },
  { name: 'Bank of America', domain: 'bankofamerica.com', tier: '1', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'America/New_York', asn: 10794, asOrganization: 'Bank of America, National Association', prefixes: ['159.68.0.0/16', '171.162.32.0/20', '171.162.128.0/19'] },
  { name: 'Goldman Sachs', domain: 'goldmansachs.com', tier: '2', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'America/New_York', asn: 6195, asOrganization: 'The Goldman Sachs Group, Inc.', prefixes: ['139.172.0.0/16', '148.86.128.0/17', '154.1.0.0/17'], aliases: ['Goldman Sachs International'] },
  { name: 'Morgan Stanley', domain: 'morganstanley.com', tier: '2', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'America/New_York', asn: 5049, asOrganization: 'Morgan Stanley Group Inc.', prefixes: ['138.20.0.0/17', '144.14.0.0/16', '161.144.0.0/16'], aliases: ['Morgan Stanley Group'] },
  { name: 'Deutsche Bank', domain: 'db.com', tier: '2', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'Europe/Berlin', asn: 8373, asOrganization: 'Deutsche Bank AG', prefixes: ['160.83.0.0/20', '160.83.24.0/21', '160.83.184.0/21'] },
  { name: 'Barclays', domain: 'barclays.com', tier: '3', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'Europe/London', asn: 12701, asOrganization: 'Barclays Bank plc', prefixes: ['141.228.0.0/20', '141.228.32.0/20', '141.228.160.0/19'], aliases: ['Barclays Bank'] },
  { name: 'UBS', domain: 'ubs.com', tier: '3', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'Europe/Zurich', asn: 8883, asOrganization: 'UBS AG', prefixes: ['137.156.0.0/16', '156.115.0.0/16', '160.59.0.0/16'] },
  { name: 'BNP Paribas', domain: 'bnpparibas.com', tier: '3', owner: 'ben@ledgerline.example', industry: 'Banking', timeZone: 'Europe/Paris', asn: 25215, asOrganization: 'BNP PARIBAS S.A.', prefixes: ['79.170.56.0/21', '159.50.0.0/16', '194.42.208.0/20'] },
  { name: 'American Express', domain: 'americanexpress.com', tier: '2', owner: 'ben@ledgerline.example', industry: 'Financial services', timeZone: 'America/New_York', asn: 6307, asOrganization: 'American Express Company', prefixes: ['139.71.16.0/21', '139.71.80.0/20', '139.71.112.0/20'] },
  { name: 'Mastercard', domain: 'mastercard.com', tier: '3', owner: 'ben@ledgerline.example', industry: 'Payments', timeZone: 'America/New_York', asn: 26380, asOrganization: 'MasterCard Technologies LLC', prefixes: ['12.22.152.0/21', '45.115.128.0/22', '113.30.208.0/21'], aliases: ['MasterCard Technologies'] },
  { name: 'Visa', domain: 'visa.com', tier: '3', owner: 'ben@ledgerline.example', industry: 'Payments', timeZone: 'America/Los_Angeles', asn: 2559, asOrganization: 'VISA INTERNATIONAL SERVICE ASSOCIATION', prefixes: ['66.185.176.0/20', '198.217.240.0/21', '198.241.128.0/17'], aliases: ['Visa International Service Association'] },
  { name: 'Allianz', domain: 'allianz.com', tier: '3', owner: 'ben@ledgerline.example', industry: 'Insurance', timeZone: 'Europe/Berlin', asn: 15580, asOrganization: 'Allianz Technology SE', prefixes: ['185.55.192.0/22', '194.127.0.0/20', '194.127.32.0/19'], aliases: ['Allianz Technology'] },
  { name: 'Siemens', domain: 'siemens.com', tier: '1', owner: 'carla@ledgerline.example', industry: 'Industrial technology', timeZone: 'Europe/Berlin', asn: 22216, asOrganization: 'Siemens Corporation', prefixes: ['134.244.90.0/23', '134.244.252.0/22', '146.122.0.0/16'] },
  { name: 'General Electric', domain: 'ge.com', tier: '2', owner: 'carla@ledgerline.example', industry: 'Industrial', timeZone: 'America/New_York', asn: 4366, asOrganization: 'General Electric Company', prefixes: ['12.47.106.0/23', '12.155.41.0/24', '12.221.82.0/24'] },
  { name: 'Caterpillar', domain: 'caterpillar.com', tier: '2', owner: 'carla@ledgerline.example', industry: 'Heavy machinery', timeZone: 'America/Chicago', asn: 14381, asOrganization: 'Caterpillar, Inc.', prefixes: ['137.230.0.0/16', '165.26.0.0/16', '206.203.128.0/18'] },
  { name: 'Deere & Company', domain: 'deere.com', tier: '3', owner: 'carla@ledgerline.example', industry: 'Agricultural machinery', timeZone: 'America/Chicago', asn: 10846, asOrganization: 'Deere & Company', prefixes: ['164.121.0.0/16', '192.43.64.0/18', '204.53.0.0/16'] },
  { name: '3M', domain: '3m.com', tier: '3', owner: 'carla@ledgerline.example', industry: 'Industrial', timeZone: 'America/Chicago', asn: 7792, asOrganization: '3M Company', prefixes: ['130.99.0.0/16', '136.229.0.0/16', '165.152.0.0/16'] },
  { name: 'Lockheed Martin', domain: 'lockheedmartin.com', tier: '3', owner: 'carla@ledgerline.example', industry: 'Aerospace and defence', timeZone: 'America/New_York', asn: 6075, asOrganization: 'Lockheed Martin Corporation', prefixes: ['166.21.240.0/21', '166.23.248.0/21', '192.28.120.0/21'] },
  { name: 'Northrop Grumman', domain: 'northropgrumman.com', tier: '3', owner: 'carla@ledgerline.example', industry: 'Aerospace and defence', timeZone: 'America/New_York', asn: 1906, asOrganization: 'Northrop Grumman', prefixes: ['129.4.0.0/16', '130.124.0.0/16', '132.228.0.0/16'] },
  { name: 'Eaton', domain: 'eaton.com', tier: '3', owner: 'carla@ledgerline.example', industry: 'Power management', timeZone: 'America/New_York', asn: 11719, asOrganization: 'Eaton Corporation', prefixes: ['148.179.0.0/16', '151.110.0.0/16', '166.99.0.0/16'] },
  { name: 'Airbus', domain: 'airbus.com', tier: '2', owner: 'carla@ledgerline.example', industry: 'Aerospace', timeZone: 'Europe/Paris', asn: 206720, asOrganization: 'AIRBUS SAS', prefixes: ['140.94.0.0/16', '185.187.244.0/22', '193.56.34.0/23'] },
  { name: 'ExxonMobil', domain: 'exxonmobil.com', tier: '2', owner: 'carla@ledgerline.example', industry: 'Energy', timeZone: 'America/Chicago', asn: 1766, asOrganization: 'Exxon Mobil Corporation', prefixes: ['131.126.0.0/16', '144.201.0.0/16', '146.156.0.0/16'], aliases: ['Exxon Mobil'] },
  { name: 'Chevron', domain: 'chevron.com', tier: '3', owner: 'carla@ledgerline.example', industry: 'Energy', timeZone: 'America/Los_Angeles', asn: 7862, asOrganization: 'Chevron Corporation', prefixes: ['144.5.59.0/24', '144.5.224.0/21', '146.23.0.0/16'] },
  { name: 'Shell', domain: 'shell.com', tier: '2', owner: 'carla@ledgerline.example', industry: 'Energy', timeZone: 'Europe/London', asn: 38816, asOrganization: 'Shell Information Technology International B.V.', prefixes: ['134.144.32.0/19', '156.31.0.0/16', '156.149.0.0/17'], aliases: ['Shell Information Technology International'] },
  { name: 'FedEx', domain: 'fedex.com', tier: '3', owner: 'carla@ledgerline.example', industry: 'Logistics', timeZone: 'America/Chicago', asn: 7726, asOrganization: 'FedEx Internet Technologies Corporation', prefixes: ['146.18.0.0/16', '161.135.0.0/16', '165.150.0.0/16'], aliases: ['FedEx Internet Technologies'] },
  { name: 'Intel', domain: 'intel.com', tier: '2', owner: 'dieter@ledgerline.example', industry: 'Semiconductors', timeZone: 'America/Los_Angeles', asn: 4983, asOrganization: 'Intel Corporation', prefixes: ['128.215.0.0/16', '132.233.0.0/16', '134.134.0.0/16'] },
  { name: 'SAP', domain: 'sap.com', tier: '2', owner: 'dieter@ledgerline.example', industry: 'Software', timeZone: 'Europe/Berlin', asn: 35039, asOrganization: 'SAP SE', prefixes: ['130.214.0.0/16', '139.66.0.0/20', '139.66.32.0/20'] },
  { name: 'Ericsson', domain: 'ericsson.com', tier: '3', owner: 'dieter@ledgerline.example', industry: 'Telecom equipment', timeZone: 'America/Chicago', asn: 158, asOrganization: 'Ericsson Inc.', prefixes: ['128.87.0.0/16', '131.160.0.0/16', '137.58.0.0/16'] },
  { name: 'Target', domain: 'target.com', tier: '2', owner: 'dieter@ledgerline.example', industry: 'Retail', timeZone: 'America/Chicago', asn: 17052, asOrganization: 'Target Corporation', prefixes: ['161.225.0.0/16', '170.195.0.0/17'] },
  { name: 'PepsiCo', domain: 'pepsico.com', tier: '2', owner: 'dieter@ledgerline.example', industry: 'Food and beverage', timeZone: 'America/New_York', asn: 22460, asOrganization: 'PepsiCo, Inc.', prefixes: ['165.198.0.0/16', '167.27.0.0/16', '169.225.0.0/16'] },
  { name: 'Procter & Gamble', domain: 'pg.com', tier: '1', owner: 'dieter@ledgerline.example', industry: 'Consumer goods', timeZone: 'America/New_York', asn: 11003, asOrganization: 'The Procter and Gamble Company', prefixes: ['131.190.0.0/16', '137.181.0.0/16', '143.15.0.0/16'], aliases: ['Procter & Gamble Service'] },
  { name: 'Unilever', domain: 'unilever.com', tier: '3', owner: 'dieter@ledgerline.example', industry: 'Consumer goods', timeZone: 'Europe/London', asn: 21188, asOrganization: 'Unilever PLC', prefixes: ['193.17.128.0/19', '193.176.56.0/22', '194.60.108.0/22'] },
  { name: 'Cargill', domain: 'cargill.com', tier: '3', owner: 'dieter@ledgerline.example', industry: 'Agribusiness', timeZone: 'America/Chicago', asn: 10968, asOrganization: 'Cargill Incorporated', prefixes: ['167.136.16.0/20', '167.136.48.0/20', '167.136.128.0/18'] },
  { name: 'Ford Motor Company', domain: 'ford.com', tier: '1', owner: 'dieter@ledgerline.example', industry: 'Automotive', timeZone: 'America/New_York', asn: 521, asOrganization: 'Ford Motor Company', prefixes: ['130.249.0.0/16', '136.131.0.0/16', '136.133.0.0/16'] },
  { name: 'General Motors', domain: 'gm.com', tier: '2', owner: 'dieter@ledgerline.example', industry: 'Automotive', timeZone: 'America/New_York', asn: 30383, asOrganization: 'General Motors LLC', prefixes: ['129.124.0.0/16', '130.169.0.0/16', '130.178.0.0/16'] },
  { name: 'Volkswagen', domain: 'volkswagen-group.com', tier: '2', owner: 'dieter@ledgerline.example', industry: 'Automotive', timeZone: 'Europe/Berlin', asn: 206618, asOrganization: 'Volkswagen AG', prefixes: ['143.163.0.0/18', '143.163.128.0/17', '194.114.0.0/18'] },
  { name: 'BMW', domain: 'bmwgroup.com', tier: '3', owner: 'dieter@ledgerline.example', industry: 'Automotive', timeZone: 'Europe/Berlin', asn: 8590, asOrganization: 'Bayerische Motoren Werke Aktiengesellschaft', prefixes: ['160.46.224.0/19', '160.48.164.0/23', '160.51.48.0/20'], aliases: ['Bayerische Motoren Werke'] },
];

/** Companies not on the target list that come anyway: they show as non-target accounts. */
export const OTHER_COMPANIES: readonly DemoCompany[] = [
  { name: 'Gilead Sciences', domain: 'gilead.com', industry: 'Biotechnology', timeZone: 'America/Los_Angeles', asn: 46186, asOrganization: 'Gilead Sciences', prefixes: ['8.4.226.0/24', '8.20.113.0/24', '192.156.236.0/23'] },
  { name: 'Biogen', domain: 'biogen.com', industry: 'Biotechnology', timeZone: 'America/New_York', asn: 27311, asOrganization: 'Biogen MA Inc', prefixes: ['161.199.168.0/24', '161.199.170.0/23', '198.180.131.0/24'] },
  { name: 'McKesson', domain: 'mckesson.com', industry: 'Healthcare distribution', timeZone: 'America/Chicago', asn: 10599, asOrganization: 'McKesson Corp.', prefixes: ['143.112.0.0/16', '149.21.0.0/16', '206.203.64.0/20'] },
  { name: 'Cardinal Health', domain: 'cardinalhealth.com', industry: 'Healthcare distribution', timeZone: 'America/New_York', asn: 22855, asOrganization: 'Cardinal Health, Inc.', prefixes: ['198.89.166.0/23', '198.89.170.0/23', '199.230.252.0/22'] },
  { name: 'Charles Schwab', domain: 'schwab.com', industry: 'Financial services', timeZone: 'America/Chicago', asn: 6949, asOrganization: 'Charles Schwab & Co., Inc.', prefixes: ['162.93.32.0/22', '162.93.112.0/21', '162.93.192.0/18'] },
  { name: 'PayPal', domain: 'paypal.com', industry: 'Payments', timeZone: 'America/Los_Angeles', asn: 17012, asOrganization: 'PayPal, Inc.', prefixes: ['64.4.240.0/21', '66.211.168.0/22', '173.0.80.0/21'] },
  { name: 'Raytheon', domain: 'rtx.com', industry: 'Aerospace and defence', timeZone: 'America/New_York', asn: 12007, asOrganization: 'Raytheon Company', prefixes: ['128.13.0.0/19', '128.13.64.0/19', '128.13.192.0/18'] },
  { name: 'Emerson Electric', domain: 'emerson.com', industry: 'Industrial automation', timeZone: 'America/Chicago', asn: 36590, asOrganization: 'Emerson Electric Co.', prefixes: ['64.238.48.0/20', '69.41.64.0/21', '144.191.0.0/16'] },
  { name: 'Texas Instruments', domain: 'ti.com', industry: 'Semiconductors', timeZone: 'America/Chicago', asn: 161, asOrganization: 'Texas Instruments Incorporated', prefixes: ['192.91.66.0/24', '198.47.20.0/22', '198.47.26.0/23'] },
  { name: 'Costco', domain: 'costco.com', industry: 'Retail', timeZone: 'America/Los_Angeles', asn: 11283, asOrganization: 'Costco, Inc.', prefixes: ['170.167.0.0/21', '170.167.48.0/21', '170.167.100.0/22'] },
  { name: 'Nike', domain: 'nike.com', industry: 'Apparel', timeZone: 'America/Los_Angeles', asn: 54535, asOrganization: 'Nike, Inc.', prefixes: ['146.197.60.0/22', '146.197.120.0/22', '146.197.176.0/22'] },
  { name: 'Starbucks', domain: 'starbucks.com', industry: 'Restaurants', timeZone: 'America/Los_Angeles', asn: 62566, asOrganization: 'Starbucks Coffee Company', prefixes: ['98.99.0.0/23', '98.99.204.0/22', '98.99.240.0/20'] },
  { name: 'General Mills', domain: 'generalmills.com', industry: 'Food', timeZone: 'America/Chicago', asn: 20478, asOrganization: 'General Mills', prefixes: ['146.217.0.0/16', '153.13.0.0/20', '153.13.128.0/17'] },
  { name: 'Ernst & Young', domain: 'ey.com', industry: 'Professional services', timeZone: 'America/New_York', asn: 3571, asOrganization: 'Ernst & Young LLP', prefixes: ['199.51.0.0/17', '199.52.0.0/19', '199.52.96.0/19'] },
  { name: 'Whirlpool', domain: 'whirlpool.com', industry: 'Consumer durables', timeZone: 'America/New_York', asn: 11757, asOrganization: 'Whirlpool Corporation', prefixes: ['158.52.0.0/16', '159.155.136.0/21', '194.93.192.0/18'] },
  { name: 'Hewlett Packard Enterprise', domain: 'hpe.com', industry: 'Hardware', timeZone: 'America/Chicago', asn: 397363, asOrganization: 'HEWLETT PACKARD ENTERPRISE COMPANY', prefixes: ['16.7.20.0/22', '16.7.36.0/22', '16.7.56.0/21'] },
  { name: 'Adobe', domain: 'adobe.com', industry: 'Software', timeZone: 'America/Los_Angeles', asn: 15224, asOrganization: 'Adobe Inc.', prefixes: ['66.235.128.0/20', '130.248.240.0/20', '153.32.0.0/16'] },
  { name: 'Dell', domain: 'dell.com', industry: 'Hardware', timeZone: 'America/Chicago', asn: 3614, asOrganization: 'Dell, Inc.', prefixes: ['143.166.0.0/16', '163.244.80.0/20', '163.244.128.0/18'] },
  { name: 'Nvidia', domain: 'nvidia.com', industry: 'Semiconductors', timeZone: 'America/Los_Angeles', asn: 11414, asOrganization: 'Nvidia Corporation', prefixes: ['8.36.112.0/23', '72.25.64.0/21', '216.228.112.0/21'] },
  { name: 'Qualcomm', domain: 'qualcomm.com', industry: 'Semiconductors', timeZone: 'America/Los_Angeles', asn: 11030, asOrganization: 'Qualcomm, Inc.', prefixes: ['129.46.0.0/23', '129.46.194.0/23', '199.106.96.0/19'] },
  { name: 'Best Buy', domain: 'bestbuy.com', industry: 'Retail', timeZone: 'America/Chicago', asn: 11596, asOrganization: 'Best Buy Co., Inc.', prefixes: ['167.209.0.0/16', '168.94.0.0/17', '168.94.192.0/18'] },
  { name: 'Accenture', domain: 'accenture.com', industry: 'Consulting', timeZone: 'America/New_York', asn: 3573, asOrganization: 'Accenture LLP', prefixes: ['144.36.80.0/20', '149.122.0.0/18', '149.122.128.0/17'] },
];

/** Networks whose visitors are no company's: home ISPs, mobile carriers, clouds and hosting. */
export interface AccessNetwork {
  name: string;
  asn: number;
  class: 'isp' | 'mobile' | 'hosting';
  /** Where its users live (IANA), for the hours they browse at. */
  timeZone: string;
  prefixes: readonly string[];
  /** How often its users come, relative to the others of its class. */
  weight: number;
}

export const ACCESS_NETWORKS: readonly AccessNetwork[] = [
  // Home broadband
  { name: 'Comcast', asn: 7922, class: 'isp', timeZone: 'America/New_York', prefixes: ['73.0.0.0/8', '98.192.0.0/10', '24.0.0.0/12', '71.192.0.0/12'], weight: 6 },
  { name: 'Charter Spectrum', asn: 20115, class: 'isp', timeZone: 'America/Chicago', prefixes: ['174.80.0.0/13'], weight: 3 },
  { name: 'Cox', asn: 22773, class: 'isp', timeZone: 'America/Los_Angeles', prefixes: ['68.0.0.0/12'], weight: 2 },
  { name: 'Rogers', asn: 812, class: 'isp', timeZone: 'America/New_York', prefixes: ['99.224.0.0/11', '174.112.0.0/13'], weight: 1 },
  { name: 'Deutsche Telekom', asn: 3320, class: 'isp', timeZone: 'Europe/Berlin', prefixes: ['79.192.0.0/10', '84.128.0.0/10', '93.192.0.0/10', '2.160.0.0/12'], weight: 3 },
  { name: 'BT', asn: 2856, class: 'isp', timeZone: 'Europe/London', prefixes: ['86.128.0.0/10', '81.128.0.0/11', '109.144.0.0/12'], weight: 2 },
  { name: 'Virgin Media', asn: 5089, class: 'isp', timeZone: 'Europe/London', prefixes: ['82.0.0.0/14', '81.96.0.0/12', '86.0.0.0/11'], weight: 2 },
  { name: 'Orange', asn: 3215, class: 'isp', timeZone: 'Europe/Paris', prefixes: ['86.192.0.0/11'], weight: 2 },
  // Mobile carriers
  { name: 'Verizon Wireless', asn: 22394, class: 'mobile', timeZone: 'America/New_York', prefixes: ['70.192.0.0/11'], weight: 3 },
  { name: 'Verizon Wireless', asn: 6167, class: 'mobile', timeZone: 'America/Chicago', prefixes: ['97.160.0.0/13'], weight: 2 },
  { name: 'T-Mobile US', asn: 21928, class: 'mobile', timeZone: 'America/Los_Angeles', prefixes: ['172.32.0.0/11', '172.56.0.0/14'], weight: 4 },
  { name: 'AT&T Mobility', asn: 20057, class: 'mobile', timeZone: 'America/Chicago', prefixes: ['166.137.0.0/16', '166.170.0.0/15'], weight: 3 },
  { name: 'Vodafone UK', asn: 25135, class: 'mobile', timeZone: 'Europe/London', prefixes: ['148.252.128.0/18'], weight: 1 },
  { name: 'O2 UK', asn: 35228, class: 'mobile', timeZone: 'Europe/London', prefixes: ['87.194.0.0/16'], weight: 1 },
  // Clouds and hosting: virtual desktops, scrapers, monitoring
  { name: 'Amazon Web Services', asn: 14618, class: 'hosting', timeZone: 'America/New_York', prefixes: ['3.80.0.0/12'], weight: 3 },
  { name: 'Amazon Web Services', asn: 16509, class: 'hosting', timeZone: 'Europe/Berlin', prefixes: ['3.120.0.0/13'], weight: 2 },
  { name: 'Microsoft Azure', asn: 8075, class: 'hosting', timeZone: 'America/Chicago', prefixes: ['20.160.0.0/12', '40.112.0.0/13', '52.224.0.0/11', '13.64.0.0/11'], weight: 3 },
  { name: 'Google Cloud', asn: 396982, class: 'hosting', timeZone: 'America/Chicago', prefixes: ['35.224.0.0/12', '34.64.0.0/11'], weight: 2 },
  { name: 'Hetzner', asn: 24940, class: 'hosting', timeZone: 'Europe/Berlin', prefixes: ['138.201.0.0/16', '88.198.0.0/16', '65.108.0.0/16', '5.9.0.0/16'], weight: 2 },
  { name: 'DigitalOcean', asn: 14061, class: 'hosting', timeZone: 'America/New_York', prefixes: ['134.122.0.0/17', '167.99.0.0/16', '159.65.0.0/16'], weight: 1 },
  { name: 'OVH', asn: 16276, class: 'hosting', timeZone: 'Europe/Paris', prefixes: ['51.68.0.0/16', '54.36.0.0/14'], weight: 1 },
];

/** Crawlers and headless browsers: each must be flagged as a bot (by its user agent, and most by their network too). */
export interface Crawler {
  name: string;
  userAgent: string;
  prefixes: readonly string[];
  /** Sessions a day at scale 1. */
  perDay: number;
}

export const CRAWLERS: readonly Crawler[] = [
  {
    name: 'Googlebot',
    userAgent: 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.204 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    prefixes: ['66.249.64.0/19'],
    perDay: 2,
  },
  {
    name: 'Bingbot',
    userAgent: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/131.0.0.0 Safari/537.36',
    prefixes: ['157.55.39.0/24', '40.77.167.0/24', '207.46.13.0/24'],
    perDay: 1,
  },
  { name: 'AhrefsBot', userAgent: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', prefixes: ['54.36.148.0/23'], perDay: 0.6 },
  {
    name: 'Headless Chrome (cloud)',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
    prefixes: ['3.80.0.0/12', '35.224.0.0/12', '138.201.0.0/16'],
    perDay: 1,
  },
  {
    // A scraper someone runs from home: the network is an ISP's, the user agent gives it away.
    name: 'Headless Chrome (home)',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.6723.58 Safari/537.36',
    prefixes: ['73.0.0.0/8'],
    perDay: 0.3,
  },
];
