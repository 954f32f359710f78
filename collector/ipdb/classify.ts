import { ACCESS_ASNS, type AsnEntry } from './tables/access-asns.js';
import { HOSTING_ASNS } from './tables/hosting-asns.js';
import { NAME_PATTERNS } from './tables/name-patterns.js';
import { CONNECTION_TYPES, USER_TYPES } from './tables/user-types.js';

/** What kind of network an address belongs to. Only 'business' (and perhaps 'education', 'government') may be credited to an account. */
export type NetworkClass = 'business' | 'isp' | 'mobile' | 'hosting' | 'education' | 'government' | 'anonymiser' | 'unknown';

export interface Classification {
  class: NetworkClass;
  /** 0..1 */
  confidence: number;
  /** Human-readable: 'ASN 16509 is Amazon (AWS) (hosting)', "organization 'Comcast Cable' matches 'cable' (isp)". */
  reason: string;
}

const ASN_CONFIDENCE = 0.95;
const NAME_CONFIDENCE = 0.7;
const ORGANIZATION_CONFIDENCE = 0.6;

const BY_ASN: ReadonlyMap<number, AsnEntry> = new Map([...ACCESS_ASNS, ...HOSTING_ASNS].map((e) => [e.asn, e]));

const lookup = (table: ReadonlyMap<string, NetworkClass>, value: string | undefined): NetworkClass | undefined => {
  const key = value?.trim().toLowerCase();
  if (!key) return undefined;
  for (const [k, c] of table) if (k.toLowerCase() === key) return c;
  return undefined;
};

/**
 * MaxMind GeoIP2 user_type values → class: business→business, cafe→isp, cellular→mobile,
 * college/school/library→education, consumer_privacy_network→anonymiser,
 * content_delivery_network/hosting/search_engine_spider→hosting, dialup/residential/router/traveler→isp,
 * government/military→government; unknown values → undefined.
 */
export function classFromUserType(userType: string | undefined): NetworkClass | undefined {
  return lookup(USER_TYPES, userType);
}

/** GeoIP2 connection_type: 'Cellular'→mobile, 'Cable/DSL'→isp, 'Satellite'→isp, 'Corporate'→business, 'Dialup'→isp; otherwise undefined. */
export function classFromConnectionType(connectionType: string | undefined): NetworkClass | undefined {
  return lookup(CONNECTION_TYPES, connectionType);
}

/** Lower case, accents stripped, whitespace collapsed: the form NAME_PATTERNS are written for. */
const fold = (name: string) => name.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim();

function byName(field: 'organization' | 'isp', name: string): Classification | undefined {
  const folded = fold(name);
  for (const { pattern, class: c } of NAME_PATTERNS) {
    const match = pattern.exec(folded);
    if (match) return { class: c, confidence: NAME_CONFIDENCE, reason: `${field} '${name}' matches '${match[0]}' (${c})` };
  }
  return undefined;
}

/**
 * From what an ASN/ISP database says: the ASN tables first (confidence 0.95), then name patterns
 * on the organization, then on the isp name (0.7), else business (0.6) when there is an
 * organization, else unknown (0).
 * Conservative by design: a customer organization on a carrier's ASN or behind a carrier's isp
 * name ('Pfizer' via 'Verizon Business') classifies as the carrier. A database that knows better
 * says so in user_type or connection_type; callers should prefer those when present.
 */
export function classifyNetwork(input: { asn?: number | undefined; organization?: string | undefined; isp?: string | undefined }): Classification {
  const entry = input.asn === undefined ? undefined : BY_ASN.get(input.asn);
  if (entry) return { class: entry.class, confidence: ASN_CONFIDENCE, reason: `ASN ${entry.asn} is ${entry.name} (${entry.class})` };
  const organization = input.organization?.trim();
  const isp = input.isp?.trim();
  const named = (organization ? byName('organization', organization) : undefined) ?? (isp ? byName('isp', isp) : undefined);
  if (named) return named;
  if (organization) return { class: 'business', confidence: ORGANIZATION_CONFIDENCE, reason: `organization '${organization}' matches no ISP, hosting or public-sector pattern` };
  return { class: 'unknown', confidence: 0, reason: input.asn === undefined ? 'no ASN or network name' : `ASN ${input.asn} is in no table and has no name` };
}
