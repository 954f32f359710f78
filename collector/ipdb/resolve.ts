import { classFromConnectionType, classFromUserType, classifyNetwork, type Classification, type NetworkClass } from './classify.js';
import type { IpdbSource, IpFacts, IpdbKind } from './source.js';
import type { RangeTable } from './ranges.js';
import { BoundedCache } from './bounded-cache.js';

/** What identification made of one address. */
export interface Resolution {
  class: NetworkClass;
  /** The company (or the network's owner when it is not a company). */
  organization: string | null;
  /** The organization's domain, when a source knows it. */
  domain: string | null;
  asn: number | null;
  /** ISO-3166 alpha-2 the network is registered in, when a source knows it. */
  country?: string | null;
  /** IPv4 addresses its AS announces in all, when a source knows it. */
  size?: number | null;
  /** Which source decided: 'account-ranges', 'learned', 'reverse-dns', or a database's type (GeoIP2-Enterprise, OpenABM-ASN …). */
  source: string | null;
  confidence: number;
  /** Why, in words: for the live view and the account page. */
  reason: string;
}

export interface ResolverSources {
  /** Ranges the user said belong to accounts (ACCOUNT_RANGES, the admin API). */
  ranges?: RangeTable | undefined;
  /** Ranges learned from form fills. */
  learned?: RangeTable | undefined;
  /** Ranges credited by reverse DNS: an address of the network has a forward-confirmed PTR name in the account's domain. */
  reverseDns?: RangeTable | undefined;
  /** MMDB files, consulted together (each adds what the others lack); the bundled open ASN data last. */
  databases: readonly IpdbSource[];
}

export interface Resolver {
  resolve(ip: string): Resolution;
  /** Swaps sources (new ranges learned, a file reloaded) and forgets cached answers. */
  update(sources: Partial<ResolverSources>): void;
  sources(): ResolverSources;
}

const NONE: Resolution = { class: 'unknown', organization: null, domain: null, asn: null, source: null, confidence: 0, reason: 'no source knows this address' };

/** Databases that say more are asked first; their answer wins where two say the same thing. */
const KIND_ORDER: Record<IpdbKind, number> = { enterprise: 0, isp: 1, 'anonymous-ip': 2, 'connection-type': 3, domain: 4, asn: 5, geo: 6, other: 7 };

/**
 * Address → network → company, from the sources in their order: the user's account ranges,
 * ranges learned from form fills, then the MMDB databases merged. Answers are cached (an
 * address seen once is usually seen again within minutes).
 */
export function createResolver(initial: ResolverSources, options: { cacheSize?: number } = {}): Resolver {
  let current = order(initial);
  const cache = new BoundedCache<string, Resolution>(options.cacheSize ?? 50_000);
  return {
    resolve(ip) {
      const hit = cache.get(ip);
      if (hit) return hit;
      const answer = resolveUncached(current, ip);
      cache.set(ip, answer);
      return answer;
    },
    update(sources) {
      current = order({ ...current, ...sources });
      cache.clear();
    },
    sources: () => current,
  };
}

function order(s: ResolverSources): ResolverSources {
  const ranked = s.databases.map((db, i) => ({ db, i })).sort((a, b) => KIND_ORDER[a.db.kind] - KIND_ORDER[b.db.kind] || a.i - b.i);
  return { ...s, databases: ranked.map((r) => r.db) };
}

export function resolveUncached(s: ResolverSources, ip: string): Resolution {
  // A PTR name confirmed once is weaker evidence than people of the domain filling forms from the network.
  for (const [table, source, confidence, how] of [
    [s.ranges, 'account-ranges', 1, 'listed'],
    [s.learned, 'learned', 0.9, 'learned'],
    [s.reverseDns, 'reverse-dns', 0.85, 'named by its reverse DNS'],
  ] as const) {
    const hit = table?.lookup(ip);
    if (hit) {
      return { class: 'business', organization: hit.name ?? hit.domain, domain: hit.domain, asn: null, source, confidence, reason: `${hit.cidr} is ${how} for ${hit.domain}` };
    }
  }
  const merged = merge(s.databases, ip);
  return merged ? decide(merged.facts, merged.sourceOf) : NONE;
}

type SourceOf = Partial<Record<keyof IpFacts, string>>;

function merge(databases: readonly IpdbSource[], ip: string): { facts: IpFacts; sourceOf: SourceOf } | null {
  const facts: IpFacts = {};
  const sourceOf: SourceOf = {};
  let any = false;
  for (const db of databases) {
    const found = db.lookup(ip);
    if (!found) continue;
    any = true;
    for (const key of Object.keys(found) as (keyof IpFacts)[]) {
      if (facts[key] !== undefined) continue;
      (facts as Record<string, unknown>)[key] = found[key];
      sourceOf[key] = db.type;
    }
  }
  return any ? { facts, sourceOf } : null;
}

/** Words that say nothing about which company a name is: fillers and legal forms written first. */
const FILLER = new Set(['the', 'inc', 'llc', 'ltd', 'corp', 'co', 'company', 'services', 'service', 'communications', 'group', 'pt', 'ooo', 'ооо', 'oao', 'ао', 'пао', 'зао', 'jsc', 'pjsc', 'ojsc', 'cjsc']);
const wordsOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[&+]/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
/** The first telling word, and the first two run together ('Century Link' is also 'centurylink'). */
function familyKeys(name: string): [string, string] {
  const all = wordsOf(name);
  const telling = all.filter((w) => !FILLER.has(w));
  const words = telling.length ? telling : all;
  return [words[0] ?? '', words.slice(0, 2).join('')];
}

/** 'AT&T Worldnet Services' and 'AT&T Services' are one company family; 'Karlin Peebles LLP' and 'Towerstream' are not. */
export function sameFamily(a: string, b: string): boolean {
  const [a1, a2] = familyKeys(a);
  const [b1, b2] = familyKeys(b);
  return a1 === b1 || a2 === b1 || a1 === b2;
}

const CREDITED: ReadonlySet<NetworkClass> = new Set(['business', 'education', 'government']);
/** Networks on which no organization is credited, whatever name a database gives the address. */
const NO_CUSTOMERS: ReadonlySet<NetworkClass> = new Set(['mobile', 'hosting', 'anonymiser']);
const usableDomain = (d: string | undefined) => (d && !/(^|\.)(in-addr|ip6)\.arpa$/.test(d) ? d : null);

/**
 * The facts of every database, weighed in order: anonymiser flags; user_type (naming no company when
 * the name is the network operator's); an organization named apart from its ISP, unless the network
 * is cellular, hosting or anonymising; connection type or mobile country code; then names and ASNs.
 */
function decide(f: IpFacts, sourceOf: SourceOf): Resolution {
  const org = f.organization ?? f.asOrganization ?? f.isp ?? null;
  // An organization on its ISP's network, named apart from the ISP: the organization is the company,
  // and a domain found for the address is the ISP's (reverse DNS), not the company's.
  const distinct = !!(f.organization && f.isp && !sameFamily(f.organization, f.isp));
  const domain = distinct ? null : usableDomain(f.domain);
  const base = { organization: org, domain, asn: f.asn ?? null, country: f.country ?? null, size: f.asnIpv4Addresses ?? null };
  const a = f.anonymous;
  if (a && (a.vpn || a.proxy || a.tor || a.residentialProxy)) {
    const what = [a.vpn && 'VPN', a.proxy && 'public proxy', a.tor && 'Tor exit', a.residentialProxy && 'residential proxy'].filter(Boolean).join(', ');
    return { ...base, class: 'anonymiser', source: sourceOf.anonymous ?? null, confidence: 0.95, reason: `anonymous network (${what})` };
  }
  if (a?.hosting) return { ...base, class: 'hosting', source: sourceOf.anonymous ?? null, confidence: 0.9, reason: 'a hosting provider' };

  const byUserType = classFromUserType(f.userType);
  if (byUserType) {
    const answer = { ...base, class: byUserType, source: sourceOf.userType ?? null, confidence: 0.9, reason: `user_type ${f.userType}` };
    // user_type says who uses the address, not who they are: a name that is the network's own
    // operator (a carrier, a cloud) is not the company using it.
    const operator = CREDITED.has(byUserType) && !distinct && org ? classify({ asn: f.asn, organization: org, isp: f.isp }) : null;
    if (!operator || CREDITED.has(operator.class)) return answer;
    return { ...answer, organization: null, domain: null, reason: `user_type ${f.userType} on a network whose name is its operator's: ${operator.reason}` };
  }
  // A mobile country code is given only for a mobile carrier's network.
  const byConnection = f.mobileCountryCode ? 'mobile' : classFromConnectionType(f.connectionType);
  const connection = f.mobileCountryCode
    ? { source: sourceOf.mobileCountryCode ?? null, reason: `mobile country code ${f.mobileCountryCode}` }
    : { source: sourceOf.connectionType ?? null, reason: `connection_type ${f.connectionType}` };
  if (distinct) {
    // Not on a cellular, hosting or anonymising network, whose customers are not visitors' companies.
    if (byConnection === 'mobile') return { ...base, class: 'mobile', ...connection, confidence: 0.8, reason: `${connection.reason}, although named '${f.organization}'` };
    const network = classify({ asn: f.asn, isp: f.isp });
    if (NO_CUSTOMERS.has(network.class)) {
      return { ...base, class: network.class, source: sourceOf.asn ?? sourceOf.isp ?? null, confidence: network.confidence, reason: `${network.reason}, although named '${f.organization}'` };
    }
    const c = classify({ organization: f.organization });
    const company = c.class === 'business';
    return {
      ...base,
      class: c.class,
      source: sourceOf.organization ?? null,
      confidence: company ? 0.85 : c.confidence,
      reason: company ? `organization '${f.organization}' on ${f.isp}'s network` : c.reason,
    };
  }
  if (byConnection && byConnection !== 'business') return { ...base, class: byConnection, ...connection, confidence: 0.8 };
  const c = classify({ asn: f.asn, organization: f.organization ?? f.asOrganization, isp: f.isp });
  const source = sourceOf.organization ?? sourceOf.asOrganization ?? sourceOf.asn ?? sourceOf.isp ?? null;
  // A corporate connection backs a name that matched no ISP or hosting pattern.
  if (c.class === 'business' && byConnection === 'business') return { ...base, class: c.class, source, confidence: Math.max(c.confidence, 0.8), reason: c.reason };
  // An AS announcing a carrier's worth of addresses under a name that matched nothing is more
  // often a carrier or a research network than one company (Apple and Ford hold /8s too): it
  // stays below the default threshold, and credits only a target account it is named after.
  if (c.class === 'business' && (f.asnIpv4Addresses ?? 0) >= CARRIER_SIZE) {
    const millions = (f.asnIpv4Addresses! / 1_048_576).toFixed(1);
    return { ...base, class: c.class, source, confidence: LARGE_NETWORK_CONFIDENCE, reason: `${c.reason}, but AS${f.asn} announces ${millions} M IPv4 addresses, a carrier's size` };
  }
  return { ...base, class: c.class, source, confidence: c.confidence, reason: c.reason };
}

/** Many addresses share a network owner: its classification (dozens of name patterns) is worked out once. */
const classified = new BoundedCache<string, Classification>(20_000);
function classify(input: { asn?: number | undefined; organization?: string | undefined; isp?: string | undefined }): Classification {
  const key = `${input.asn ?? ''}\u0000${input.organization ?? ''}\u0000${input.isp ?? ''}`;
  let c = classified.get(key);
  if (!c) classified.set(key, (c = classifyNetwork(input)));
  return c;
}

/** A /12: more addresses than almost any one company announces (the legacy /8 holders aside). */
export const CARRIER_SIZE = 1_048_576;
export const LARGE_NETWORK_CONFIDENCE = 0.45;

export const creditsAccount = (r: Resolution, minConfidence: number) => CREDITED.has(r.class) && r.confidence >= minConfidence && !!r.organization;

/** Below the threshold by at most this, a network still credits a target account it is named after (by name or domain). */
export const TARGET_MATCH_MARGIN = 0.1;
export const mayCreditTarget = (r: Resolution, minConfidence: number) =>
  CREDITED.has(r.class) && r.confidence >= minConfidence - TARGET_MATCH_MARGIN && !!r.organization;
