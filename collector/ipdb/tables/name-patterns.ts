import type { NetworkClass } from '../classify.js';

/** A pattern over an organisation or ISP name, and the class a match means. */
export interface NamePattern {
  pattern: RegExp;
  class: NetworkClass;
}

/**
 * Tried in order on a network holder's name, lower-cased with accents stripped; the first match
 * wins. The order settles overlaps: 'City of Mobile' is government before it is mobile,
 * 'Harvard University Data Center' education before hosting, 'Verizon Wireless' mobile before
 * Verizon is an ISP. Word boundaries keep 'Cloudera' (business) from matching 'cloud' and
 * 'Exxon Mobil' from matching 'mobil'; look-behinds keep the Salvation Army and Old Navy civilian.
 * There is deliberately no bare 'communications', 'internet' or 'IDC': too many ordinary
 * companies ('… Communications Group', 'Internet Systems Consortium', IDC the research firm) carry
 * them. Big carriers are named instead (not 'Optimum', 'Sunrise', 'Orange' alone: also brands of
 * other trades and an Orange County).
 */
export const NAME_PATTERNS: readonly NamePattern[] = [
  // Anonymisers: VPNs, proxies, relays, shared security proxies
  { pattern: /vpn/, class: 'anonymiser' },
  { pattern: /\bprox(?:y|ies)\b/, class: 'anonymiser' },
  { pattern: /\btor[\s-]?(?:exit|relay|node|project)/, class: 'anonymiser' },
  { pattern: /\bprivate relay\b|\bprivate internet access\b/, class: 'anonymiser' },
  { pattern: /\banonymi[sz](?:er|ing)\b|\banonymous\b/, class: 'anonymiser' },
  { pattern: /\b(?:zscaler|netskope|mullvad|packethub)\b/, class: 'anonymiser' },

  // Education
  { pattern: /\buniversi(?:ty|ties|tat|taet|te|tes|dad|dade|ta|teit|tet|tas)\b|\buniwersytet\b/, class: 'education' },
  { pattern: /\bcolleges?\b|\bschools?\b|\bk-?12\b/, class: 'education' },
  { pattern: /\bacademy of\b|\bakadem(?:ie|ia|i)\b/, class: 'education' },
  { pattern: /\binstitute of technology\b|\binstituto tecnologico\b|hochschule\b/, class: 'education' },
  { pattern: /\bpoly ?techni(?:c|que|cal)\b|\bpolitecnic|\bpolitechnika\b/, class: 'education' },
  { pattern: /\bresearch (?:and|&) education\b|\beducation(?:al)? network\b|\b(?:internet2|jisc|renater|aarnet|surfnet|rediris)\b/, class: 'education' },

  // Government and military
  { pattern: /minist(?:ry|erio|ere|erium|erie|erstvo|ero)\b/, class: 'government' },
  { pattern: /\b(?:government|gouvernement|gobierno|governo|regierung|govt)\b/, class: 'government' },
  { pattern: /\bfederal (?:government|agency|ministry|office|department|bureau|reserve|court|police)\b/, class: 'government' },
  { pattern: /\bbundes(?:amt|ministerium|agentur|anstalt|verwaltung|regierung|tag|rat|wehr|polizei|kanzleramt|netzagentur|kriminalamt|rechenzentrum|archiv)/, class: 'government' },
  { pattern: /\b(?:county|city|state|commonwealth|province|town|village|borough|municipality|prefecture) of\b/, class: 'government' },
  { pattern: /\b(?:county|city|district|borough|town|parish|regional) council\b|\bmunicipal(?:ity|idad|ite)?\b|\bgemeente\b|\bstadtverwaltung\b/, class: 'government' },
  { pattern: /\b(?:department|dept\.?) of\b/, class: 'government' },
  { pattern: /\bparliament\b|\bbundestag\b|\bsenate\b|\bhouse of commons\b/, class: 'government' },
  { pattern: /\bmilitary\b|\b(?:armed|defen[cs]e) forces?\b|\bair force\b|\bmarine corps\b|(?<!salvation )\barmy\b|(?<!old )\bnavy\b|\bdod\b/, class: 'government' },
  { pattern: /\bpolice\b|\bpolizei\b|\bpolicia\b/, class: 'government' },

  // Hosting, cloud, CDN, data centres
  { pattern: /hosting/, class: 'hosting' },
  { pattern: /\bcloud\b(?! software)/, class: 'hosting' },
  { pattern: /\bdata ?cent(?:er|re)s?\b|\brechenzentrum\b|\binternet data cent/, class: 'hosting' },
  { pattern: /\bservers?\b|\bvps\b|\bvds\b|\bcolo(?:cation)?\b|\bdedicated\b/, class: 'hosting' },
  { pattern: /\bcdn\b|\bcontent delivery\b/, class: 'hosting' },
  {
    pattern: /\b(?:amazon web services|amazon data services|aws|digital ?ocean|linode|hetzner|ovh(?:cloud)?|vultr|choopa|leaseweb|contabo|scaleway|rackspace|hostinger|akamai|fastly|cloudflare|incapsula|imperva|softlayer|zenlayer|m247|datacamp|cdn77|hostwinds|colocrossing|quadranet|psychz)\b/,
    class: 'hosting',
  },

  // Mobile carriers
  { pattern: /\bmobile\b|(?<!exxon )\bmobil\b|\bmobilfunk\b|\bmoviles?\b/, class: 'mobile' },
  { pattern: /\bwireless\b|\bcellular\b|\bcelular\b|\bcellulaire\b|\blte\b|\bgsm\b/, class: 'mobile' },
  { pattern: /\b(?:safaricom|mtn|docomo|jio|telkomsel|megafon|beeline|vimpelcom)\b/, class: 'mobile' },

  // Residential ISPs and fixed-line carriers
  { pattern: /tele(?:com|kom)|\btelco\b|\btelef[oó]nica\b|\btelephone\b|\btelephony\b/, class: 'isp' },
  { pattern: /broadband|\bcable\b|cablevision|\bkabel\b/, class: 'isp' },
  { pattern: /\binternet (?:service|provider|access)|\bisp\b|\b[av]?dsl\b|\bdial-?up\b/, class: 'isp' },
  { pattern: /\bfib(?:er|re)\b|\bfibra\b|glasfaser/, class: 'isp' },
  {
    pattern: /\b(?:comcast|xfinity|charter communications|cox communications|frontier communications|verizon|at ?& ?t|at and t|centurylink|qwest|mediacom|suddenlink|altice|wideopenwest|windstream|starlink|viasat|hughes network)\b/,
    class: 'isp',
  },
  {
    pattern: /\b(?:vodafone|telia|telenor|swisscom|proximus|telstra|optus|rogers communications|bell canada|shaw communications|telus|videotron|virgin media|sky uk|talktalk|kpn|ziggo|sfr|eircom|versatel|netcologne|movistar|claro|telmex|etisalat|bezeq|kddi|chunghwa|pldt|viettel|vnpt|airtel|bsnl|unicom|chinanet|rostelecom|lg (?:dacom|uplus)|ntt (?:communications|east|west))\b/,
    class: 'isp',
  },
  { pattern: /\borange (?:s\.?a|france|polska|espagne|belgium|romania|slovensko)(?![a-z])/, class: 'isp' },
];
