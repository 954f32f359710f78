import { nameWords, normaliseName, registrableDomain } from './normalise.js';
import { COUNTRY_WORDS, GENERIC_WORDS, INDUSTRY_LINES, OWN_KINDS } from './tables/name-words.js';
import { LEGAL_FORM_COUNTRIES } from './tables/legal-form-countries.js';
import { countryOfDomain } from './tables/domain-countries.js';
import { LEGAL_PREFIXES, LEGAL_SUFFIXES } from './legal-suffixes.js';

/**
 * Which target account a network is, by evidence rather than by equal names. A network (an
 * autonomous system, or an organization a database names) and a target are compared on their
 * names with form set aside, the target's domain and aliases, their countries and the legal form
 * the network is registered under; a name many unrelated networks share, a short one, and a
 * network of a carrier's size need more than a name. Above CREDIT the network credits the target;
 * between CANDIDATE and CREDIT it is a candidate a marketer confirms or rejects once.
 */

export const CREDIT = 3.5;
export const CANDIDATE = 1.5;
/** A /12: more addresses than almost any one company announces (the legacy /8 holders aside). */
export const CARRIER_IPV4 = 1_048_576;

export interface MatchTarget {
  id: string;
  name: string;
  domain: string | null;
  aliases: readonly string[];
  /** ISO-3166 alpha-2, from the target list; else read from a country-code domain. */
  country: string | null;
}

export interface NetworkFacts {
  asn: number | null;
  organization: string;
  /** Where the network is registered. */
  country: string | null;
  /** IPv4 addresses the whole AS announces, when known. */
  ipv4: number | null;
  /** The organization's own domain, when a database knows it. */
  domain: string | null;
}

export interface Evidence {
  /** What it is about: name, alias, domain, country, legal-form, shared-name, size, decision. */
  kind: string;
  weight: number;
  text: string;
}

export type Decision = 'confirm' | 'reject';

export interface NetworkMatch {
  target: MatchTarget;
  score: number;
  /** credit: counts as the target's; candidate: waits for a person. */
  verdict: 'credit' | 'candidate';
  evidence: Evidence[];
}

/** How often each form of a name occurs among unrelated networks: how telling a name is. */
export interface NameCensus {
  /** Different organizations whose name is `key` once form is set aside. */
  sameName(key: string): number;
  /** Different organizations whose brand (industry words set aside too) is `key`. */
  sameBrand(key: string): number;
  /** Whether some network's name is exactly `compact` (form aside). */
  named(compact: string): boolean;
  /** Different organizations whose initials, or whose name, are `key` (an acronym's rivals). */
  sameInitials(key: string): number;
}

/** Generic words and places alike are set aside: 'X Sverige AB' is X. */
const GENERIC = new Set([...GENERIC_WORDS, ...Object.keys(COUNTRY_WORDS)]);
/** Each industry word and the lines of business it names. */
const INDUSTRY = new Map<string, string[]>();
for (const [line, words] of Object.entries(INDUSTRY_LINES)) for (const w of words) INDUSTRY.set(w, [...(INDUSTRY.get(w) ?? []), line]);

/** A name's forms, from most to least specific. */
export interface NameForms {
  /** The words once legal forms and generic words are set aside, run together ('globodyne'). */
  compact: string;
  /** The same with words naming a line of business set aside too ('fifththird'). */
  brand: string;
  /** The organization, folded whole, legal form included: tells one registrant from another. */
  registrant: string;
  /** The legal form it is registered under, when one is named ('srl', 'ooo', 'gmbh'). */
  legalForm: string | null;
  /** The words behind `compact`. */
  words: readonly string[];
  /** Countries the name itself names ('Globodyne Canada', 'Globodyne (China) Investment'). */
  places: readonly string[];
  /** Lines of business its words name ('bank' → finance). */
  lines: ReadonlySet<string>;
  /** Kinds of organization it says it is that no company owns ('credit union', 'university'). */
  kinds: readonly string[];
  /** Its words' first letters ('International Business Machines Corporation' → 'ibm'), when it has three words or more; ''. */
  initials: string;
}

/** Small words initials skip ('Bank of New York' → 'bny'). */
const LINKING = new Set(['of', 'and', 'the', 'for', 'de', 'des', 'du', 'la', 'le', 'der', 'und', 'y', 'e']);

/** A registry's handle before the holder's name ('ACME-AS-AP - Acme Pty Ltd'): not part of the name. */
const HANDLE = /^[^\s]+ - (?=\S)/;

const startsWithWords = (w: readonly string[], start: readonly string[]) => start.length < w.length && start.every((x, i) => w[i] === x);
/** 'fifth', 'fifththird', 'fifththirdbank': what a domain name made of a name's first words looks like. */
const leadingWords = (w: readonly string[]) => w.map((_, i) => w.slice(0, i + 1).join(''));

export function nameForms(raw: string): NameForms {
  const name = raw.replace(HANDLE, '');
  const key = normaliseName(name).split(' ').filter(Boolean);
  const core = key.filter((w) => !GENERIC.has(w));
  const kept = core.length ? core : key;
  const brand = kept.filter((w) => !INDUSTRY.has(w));
  const all = nameWords(name);
  return { compact: kept.join(''), brand: (brand.length ? brand : kept).join(''), registrant: all.join(''), legalForm: legalFormOf(all), words: kept, places: key.flatMap((w) => COUNTRY_WORDS[w] ?? []), lines: new Set(key.flatMap((w) => INDUSTRY.get(w) ?? [])), kinds: kindsOf(key), initials: initialsOf(all) };
}

/** The first letters of a name's words, linking words and a trailing legal form left out; '' under three words. */
function initialsOf(words: readonly string[]): string {
  const form = legalFormOf(words);
  const tail = form ? words.findLastIndex((_, i) => words.slice(i).join('') === form) : -1;
  const named = (tail > 0 ? words.slice(0, tail) : words).filter((w) => !LINKING.has(w) && /^\p{L}/u.test(w));
  return named.length >= 3 ? named.map((w) => w[0]).join('') : '';
}

/** The kinds of organization a name's words say it is: whole word sequences of OWN_KINDS. */
function kindsOf(words: readonly string[]): string[] {
  const text = ` ${words.join(' ')} `;
  return OWN_KINDS.filter((k) => text.includes(` ${k} `));
}

/** The form a name is registered under: its last words ('S. de R.L. de C.V.'), else its first ('OOO …', 'PT …'). */
function legalFormOf(words: readonly string[]): string | null {
  for (let n = Math.min(5, words.length - 1); n >= 1; n--) {
    const tail = words.slice(words.length - n).join('');
    if (LEGAL_FORM_COUNTRIES[tail]) return tail;
  }
  const head = words[0];
  return head && words.length > 1 && LEGAL_FORM_COUNTRIES[head] ? head : null;
}

/** 'globodyne' of globodyne.com, 'acmewidgets' of acme-widgets.com, 'acme' of acme.de. */
function domainLabel(domain: string | null): string | null {
  const d = domain ? registrableDomain(domain) : null;
  return d ? (d.split('.')[0] ?? '').replace(/[^a-z0-9]/g, '') || null : null;
}

interface PreparedTarget {
  target: MatchTarget;
  domain: string | null;
  country: string | null;
  names: { forms: NameForms; alias: boolean }[];
  labels: { label: string; alias: boolean }[];
  aliasDomains: Set<string>;
}

function prepare(t: MatchTarget): PreparedTarget {
  const domain = t.domain ? registrableDomain(t.domain) : null;
  const aliasDomains = new Set<string>();
  const names: PreparedTarget['names'] = [{ forms: nameForms(t.name), alias: false }];
  const labels: PreparedTarget['labels'] = [];
  const ownLabel = domainLabel(domain);
  if (ownLabel) labels.push({ label: ownLabel, alias: false });
  for (const alias of t.aliases) {
    const d = /\s/.test(alias.trim()) ? null : registrableDomain(alias);
    if (d) {
      aliasDomains.add(d);
      const l = domainLabel(d);
      if (l) labels.push({ label: l, alias: true });
    } else if (alias.trim()) names.push({ forms: nameForms(alias), alias: true });
  }
  return { target: t, domain, country: t.country?.toUpperCase() ?? (domain ? countryOfDomain(domain) : null), names, labels, aliasDomains };
}

const MIN_TELLING = 4;
const prefixOf = (s: string) => s.slice(0, MIN_TELLING);

/** The weight of a name shared by `others` unrelated organizations. */
function sharedWeight(others: number): number {
  if (others <= 0) return 0;
  // One or two: a company's own entities often go by its name too (an arm abroad, a former legal form).
  if (others <= 2) return -0.5;
  if (others <= 9) return -2;
  return -3;
}

/** Scores one network against one target: the evidence, each piece with its weight. */
export function weigh(network: NetworkFacts, forms: NameForms, p: PreparedTarget, census: NameCensus): NetworkMatch | null {
  const evidence: Evidence[] = [];
  // The network's own domain is the target's: decisive.
  const netDomain = network.domain ? registrableDomain(network.domain) : null;
  const byDomain = !!netDomain && (netDomain === p.domain || p.aliasDomains.has(netDomain));
  if (byDomain) evidence.push({ kind: 'domain', weight: 5, text: `the network's domain is ${netDomain}` });

  // Name: the strongest agreement of the network's name with the target's name or an alias.
  let name: Evidence | null = null;
  type Key = { key: string; level: 'name' | 'brand' | 'initials' };
  let sharedKey: Key | null = null;
  for (const { forms: t, alias } of p.names) {
    const what = alias ? 'an alias' : 'the name';
    const kind = alias ? 'alias' : 'name';
    let e: Evidence | null = null;
    let key: Key | null = null;
    if (t.compact && t.compact === forms.compact) {
      e = { kind, weight: 3, text: `${what} is the network's, form aside` };
      key = { key: forms.compact, level: 'name' };
    } else if (t.brand.length >= MIN_TELLING && t.brand === forms.brand) {
      // One brand in two lines of business that share nothing is two businesses.
      const both = t.lines.size > 0 && forms.lines.size > 0;
      const shared = [...t.lines].some((l) => forms.lines.has(l));
      e = both && !shared
        ? { kind, weight: 0.5, text: `${what} shares the network's brand, but not its line of business` }
        : census.named(t.compact)
          ? // The target's own name is some other network's: this one, under another name, is the lesser claim.
            { kind, weight: 1.5, text: `${what} is the network's brand, but another network has the very name` }
          : { kind, weight: 2.5, text: `${what} is the network's brand, line of business aside` };
      key = { key: forms.brand, level: 'brand' };
    } else if (t.words.length && startsWithWords(forms.words, t.words)) {
      // 'X Bank for Savings' begins with 'X' and may be another company: weak on its own.
      e = { kind, weight: 1.5, text: `the network's name begins with ${what}` };
      key = { key: t.compact, level: 'name' };
    } else if (forms.words.length && startsWithWords(t.words, forms.words)) {
      e = { kind, weight: 1.5, text: `${what} begins with the network's name` };
      key = { key: forms.compact, level: 'name' };
    }
    if (e && (!name || e.weight > name.weight)) {
      name = e;
      sharedKey = key;
    }
  }
  // Initials: 'IBM' for 'International Business Machines Corp.', 'Royal Bank of Canada' for 'RBC Capital Markets'.
  // Letters many names share: what they are worth depends on how many organizations have them (below).
  if (!name) {
    for (const { forms: t, alias } of p.names) {
      const what = alias ? 'an alias' : 'the name';
      if (/^[a-z]{3,6}$/.test(t.compact) && t.compact === forms.initials) {
        name = { kind: alias ? 'alias' : 'name', weight: 2, text: `${what} is the network name's initials` };
        sharedKey = { key: forms.initials, level: 'initials' };
      } else if (t.initials && (t.initials === forms.compact || t.initials === forms.words[0])) {
        name = { kind: alias ? 'alias' : 'name', weight: 2, text: `the network's name is ${what}'s initials` };
        sharedKey = { key: t.initials, level: 'initials' };
      }
      if (name) break;
    }
  }
  // Domain label: globodyne.com ↔ 'Globo-Dyne'. When it only repeats the name, it merely agrees.
  let label: Evidence | null = null;
  for (const { label: l, alias } of p.labels) {
    const of = alias ? "an alias domain's name" : "the target's domain name";
    const same = l === forms.compact || l === forms.brand;
    const leading = !same && l.length >= 5 && leadingWords(forms.words).includes(l);
    const initials = !same && !leading && l.length >= 3 && l === forms.initials;
    if (!same && !leading && !initials) continue;
    const repeats = !!name && p.names.some((n) => n.forms.compact === l || n.forms.brand === l);
    const weight = repeats ? 0.5 : same ? 2 : 1;
    const says = initials ? `is the network name's initials` : same ? `is the network's name` : `is how the network's name begins`;
    const e: Evidence = { kind: 'domain', weight, text: repeats ? `${of} (${l}) agrees` : `${of} (${l}) ${says}` };
    if (!label || e.weight > label.weight) label = e;
  }
  if (!byDomain && !name && !label) return null;
  if (name) evidence.push(name);
  if (label) evidence.push(label);
  if (!name && label) sharedKey = { key: forms.compact, level: 'name' };

  // How telling the name is: other organizations of the same name, a short name.
  let shared = 0;
  if (sharedKey && !byDomain) {
    // Organizations of the same name, and (half as telling) of the same brand: 'X Financial
    // Corporation' may share its name with none but its brand with dozens of banks.
    const sameName = sharedKey.level === 'name' ? census.sameName(sharedKey.key) : sharedKey.level === 'brand' ? census.sameBrand(sharedKey.key) : census.sameInitials(sharedKey.key);
    shared = Math.max(0, sameName - 1, Math.floor((census.sameBrand(forms.brand) - 1) / 2));
    const w = sharedWeight(shared);
    if (w) evidence.push({ kind: 'shared-name', weight: w, text: `${shared} other organization${shared === 1 ? '' : 's'} go${shared === 1 ? 'es' : ''} by this name` });
    if (sharedKey.key.length < MIN_TELLING && sharedKey.level !== 'initials') evidence.push({ kind: 'shared-name', weight: -1, text: `'${sharedKey.key}' is a short name` });
  }

  // A kind of organization no company owns (a credit union, a co-operative, a school) is its own, whatever its name.
  const kinds = forms.kinds.filter((k) => !p.names.some((n) => n.forms.kinds.includes(k)));
  if (kinds.length) evidence.push({ kind: 'kind', weight: -2, text: `the network is a ${kinds[0]}, an organization of its own` });

  // Country: where the network is registered, and the legal form it is registered under.
  if (p.country && network.country) {
    if (p.country === network.country) evidence.push({ kind: 'country', weight: 1, text: `registered in ${network.country}, the target's country` });
    // A company's arm abroad says so in its name ('Globodyne Canada Corporation', registered in CA).
    else if (forms.places.includes(network.country)) evidence.push({ kind: 'country', weight: 0, text: `registered in ${network.country}, and named as the arm there` });
    else evidence.push({ kind: 'country', weight: -1.5, text: `registered in ${network.country}, not ${p.country}` });
  } else if (p.country && forms.legalForm && !LEGAL_FORM_COUNTRIES[forms.legalForm]!.includes(p.country)) {
    evidence.push({ kind: 'legal-form', weight: -2, text: `its legal form (${forms.legalForm}) is not used in ${p.country}` });
  }
  return finish(p, evidence, network, { shared, independent: byDomain || name?.kind === 'alias' });
}

function finish(p: PreparedTarget, evidence: Evidence[], network: NetworkFacts, o: { shared: number; independent: boolean } = { shared: 0, independent: false }): NetworkMatch | null {
  const score = Math.round(evidence.reduce((s, e) => s + e.weight, 0) * 10) / 10;
  if (score < CANDIDATE) return null;
  let verdict: NetworkMatch['verdict'] = score >= CREDIT ? 'credit' : 'candidate';
  const onName = !evidence.some((e) => e.kind === 'domain' || e.kind === 'alias');
  // A carrier's worth of addresses is credited on a name only when a person says so.
  if (verdict === 'credit' && (network.ipv4 ?? 0) >= CARRIER_IPV4 && onName) {
    verdict = 'candidate';
    evidence.push({ kind: 'size', weight: 0, text: `it announces ${((network.ipv4 ?? 0) / 1_048_576).toFixed(1)} M IPv4 addresses, a carrier's size` });
  }
  // A name many organizations share, or twins where the target's country is unknown, cannot tell which one it is.
  if (verdict === 'credit' && !o.independent && (o.shared >= 3 || (o.shared >= 1 && !p.country))) {
    verdict = 'candidate';
    evidence.push({ kind: 'shared-name', weight: 0, text: o.shared >= 3 ? 'too common a name to credit without a person' : "the target's country is not known to tell them apart" });
  }
  return { target: p.target, score, verdict, evidence };
}

/** Counts, over every network's name, how many different organizations share each form. */
export function nameCensus(names: Iterable<string>): NameCensus {
  return censusFromData(nameCensusData(names));
}

/** The census of these names as numbers (sorted names weigh each holder once). */
export function nameCensusData(names: Iterable<string>): CensusData {
  // One name at a time: its forms are garbage as soon as they are counted.
  const counter = new RegistrantCounter();
  let last: string | undefined;
  for (const name of names) {
    if (name !== last) counter.add(nameForms(name));
    last = name;
  }
  return counter.data();
}

/** Two 32-bit FNV-1a hashes of a string, as one number below 2^53. */
function hash53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) & 0x1fffff);
}

/**
 * Distinct registrants per key, in little memory: most keys have one registrant, kept as a string;
 * a set is made only for a key a second registrant shares, and only counts are kept in the end.
 * Organizations are told apart by their whole registered name (legal form included: 'X SRL' and
 * 'X LLC' are two). Counting by country too, or without the legal form, was measured worse: it
 * splits a multinational's arms, or merges unrelated twins.
 */
class RegistrantCounter {
  private readonly keys = { name: new Map<number, number | Set<number>>(), brand: new Map<number, number | Set<number>>(), initials: new Map<number, number | Set<number>>() };

  add(f: NameForms): void {
    // Keys and registrants are kept as 53-bit hashes: numbers, not more strings per name (some 90,000).
    const r = hash53(f.registrant);
    const put = (m: Map<number, number | Set<number>>, key: string) => {
      if (!key) return;
      const k = hash53(key);
      const had = m.get(k);
      if (had === undefined) m.set(k, r);
      else if (typeof had === 'number') {
        if (had !== r) m.set(k, new Set([had, r]));
      } else had.add(r);
    };
    put(this.keys.initials, f.initials);
    if (f.compact.length <= 6) put(this.keys.initials, f.compact);
    put(this.keys.name, f.compact);
    put(this.keys.brand, f.brand);
  }

  /** What was counted, in numbers only: every name's key, and the keys two registrants or more share. */
  data(): CensusData {
    const shared = (m: Map<number, number | Set<number>>) => [...m].flatMap(([k, v]) => (typeof v === 'number' ? [] : [k, v.size]));
    return { names: [...this.keys.name.keys()], name: shared(this.keys.name), brand: shared(this.keys.brand), initials: shared(this.keys.initials) };
  }
}

/**
 * A census as numbers (hashed keys, counts of the shared ones): what is kept on disk beside the
 * compiled open data, so a start reads it rather than weighing some 90,000 names again.
 */
export interface CensusData {
  names: number[];
  /** [key, count, key, count, …] for keys of two registrants or more. */
  name: number[];
  brand: number[];
  initials: number[];
}

export function censusFromData(d: CensusData): NameCensus {
  const pairs = (flat: number[]) => {
    const m = new Map<number, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i]!, flat[i + 1]!);
    return m;
  };
  const names = new Set(d.names);
  const byName = pairs(d.name);
  const byBrand = pairs(d.brand);
  const byInitials = pairs(d.initials);
  // A key no other registrant shares counts as one (a name) or none: either way no rival.
  const count = (m: Map<number, number>, key: string, present: (k: number) => boolean) => {
    const k = hash53(key);
    return m.get(k) ?? (present(k) ? 1 : 0);
  };
  return {
    sameName: (key) => count(byName, key, (k) => names.has(k)),
    sameBrand: (key) => count(byBrand, key, () => false),
    named: (key) => names.has(hash53(key)),
    sameInitials: (key) => count(byInitials, key, () => false),
  };
}

/**
 * Changes whenever the way names are weighed might: the word tables, the legal forms, and this
 * number, to be raised with any change to nameForms or normaliseName. A census on disk made under
 * another fingerprint is counted again.
 */
const NAME_RULES_VERSION = 1;
export const nameRulesFingerprint = (): string =>
  hash53(JSON.stringify([NAME_RULES_VERSION, GENERIC_WORDS, INDUSTRY_LINES, COUNTRY_WORDS, OWN_KINDS, LEGAL_FORM_COUNTRIES, LEGAL_SUFFIXES, LEGAL_PREFIXES])).toString(36);

export interface NetworkMatcher {
  /** The target a network is, credited or a candidate; undefined when none comes close. */
  match(network: NetworkFacts): NetworkMatch | undefined;
  /** Every target the network comes close to, best first. */
  matchAll(network: NetworkFacts): NetworkMatch[];
  readonly size: number;
}

/**
 * The target list, prepared for matching networks: targets indexed by the first letters of their
 * names and domain names, so a network is weighed against the few it could be.
 * Decisions (`${targetId} ${asn}`) a person made override the evidence both ways.
 */
export function networkMatcher(targets: readonly MatchTarget[], census: NameCensus, decisions: ReadonlyMap<string, Decision> = new Map()): NetworkMatcher {
  const prepared = targets.map(prepare);
  const index = new Map<string, PreparedTarget[]>();
  const put = (k: string, p: PreparedTarget) => {
    if (!k) return;
    const list = index.get(k) ?? [];
    if (!list.includes(p)) list.push(p);
    index.set(k, list);
  };
  const byDomain = new Map<string, PreparedTarget>();
  const confirmed = new Map<number, PreparedTarget>();
  const byId = new Map(prepared.map((p) => [p.target.id, p]));
  for (const p of prepared) {
    for (const n of p.names) {
      put(prefixOf(n.forms.compact), p);
      put(prefixOf(n.forms.brand), p);
      put(prefixOf(n.forms.initials), p);
    }
    for (const l of p.labels) put(prefixOf(l.label), p);
    for (const d of [p.domain, ...p.aliasDomains]) if (d && !byDomain.has(d)) byDomain.set(d, p);
  }
  for (const [key, decision] of decisions) {
    const [id, asn] = key.split(' ');
    const p = id && byId.get(id);
    if (decision === 'confirm' && p && asn && !confirmed.has(Number(asn))) confirmed.set(Number(asn), p);
  }
  const matchAll = (network: NetworkFacts): NetworkMatch[] => {
    const forms = nameForms(network.organization);
    const near = new Set<PreparedTarget>([forms.compact, forms.brand, forms.initials].flatMap((k) => (k && index.get(prefixOf(k))) || []));
    const netDomain = network.domain ? registrableDomain(network.domain) : null;
    const owner = netDomain ? byDomain.get(netDomain) : undefined;
    if (owner) near.add(owner);
    const out: NetworkMatch[] = [];
    for (const p of near) {
      const decided = network.asn !== null ? decisions.get(`${p.target.id} ${network.asn}`) : undefined;
      if (decided === 'reject') continue;
      const m = weigh(network, forms, p, census);
      if (decided === 'confirm') out.push({ target: p.target, score: m?.score ?? 0, verdict: 'credit', evidence: [...(m?.evidence ?? []), { kind: 'decision', weight: 0, text: 'confirmed by a person' }] });
      else if (m) out.push(m);
    }
    const confirmedTo = network.asn !== null ? confirmed.get(network.asn) : undefined;
    if (confirmedTo && !out.some((m) => m.target === confirmedTo.target)) {
      out.push({ target: confirmedTo.target, score: 0, verdict: 'credit', evidence: [{ kind: 'decision', weight: 0, text: 'confirmed by a person' }] });
    }
    return out.sort((a, b) => Number(b.verdict === 'credit') - Number(a.verdict === 'credit') || b.score - a.score);
  };
  // Many addresses share a network: each is weighed once (until the list or a decision changes, when a new matcher is made).
  const cache = new Map<string, NetworkMatch | undefined>();
  return {
    size: prepared.length,
    matchAll,
    match: (network) => {
      const key = `${network.asn ?? ''}\u0000${network.organization}\u0000${network.domain ?? ''}\u0000${network.country ?? ''}\u0000${network.ipv4 ?? ''}`;
      if (cache.has(key)) return cache.get(key);
      if (cache.size >= 50_000) cache.clear();
      const m = matchAll(network)[0];
      cache.set(key, m);
      return m;
    },
  };
}

/** The networks a target could be among: every named AS of the bundled data, indexed as targets are. */
export interface NetworkDirectory {
  census: NameCensus;
  /** Networks whose names begin like these keys. */
  near(keys: readonly string[]): NetworkFacts[];
  byAsn(asn: number): NetworkFacts | undefined;
  readonly size: number;
}

export function networkDirectory(networks: readonly NetworkFacts[], census?: NameCensus): NetworkDirectory {
  // Kept in columns (some 90,000 ASes live as long as the collector); a network is made an object when asked for.
  const n = networks.length;
  const asnOf = new Float64Array(n);
  const ipv4Of = new Float64Array(n);
  const organizationOf: string[] = new Array(n);
  const countryOf: (string | null)[] = new Array(n);
  const index = new Map<string, number[]>();
  const rows = new Map<number, number>();
  const counter = new RegistrantCounter();
  // In name order, so the ASes of one holder are worked out once, one after another.
  const order = networks.map((_, i) => i).sort((a, b) => (networks[a]!.organization < networks[b]!.organization ? -1 : networks[a]!.organization > networks[b]!.organization ? 1 : 0));
  let last: { name: string; keys: string[] } | undefined;
  for (const i of order) {
    const net = networks[i]!;
    asnOf[i] = net.asn ?? -1;
    ipv4Of[i] = net.ipv4 ?? -1;
    organizationOf[i] = net.organization;
    countryOf[i] = net.country;
    if (net.asn !== null) rows.set(net.asn, i);
    if (last?.name !== net.organization) {
      const f = nameForms(net.organization);
      if (!census) counter.add(f);
      last = { name: net.organization, keys: [...new Set([prefixOf(f.compact), prefixOf(f.brand), prefixOf(f.initials)])].filter(Boolean) };
    }
    for (const k of last.keys) {
      const list = index.get(k);
      if (list) list.push(i);
      else index.set(k, [i]);
    }
  }
  const facts = (i: number): NetworkFacts => ({
    asn: asnOf[i]! < 0 ? null : asnOf[i]!,
    organization: organizationOf[i]!,
    country: countryOf[i] ?? null,
    ipv4: ipv4Of[i]! < 0 ? null : ipv4Of[i]!,
    domain: null,
  });
  return {
    census: census ?? censusFromData(counter.data()),
    size: n,
    byAsn: (asn) => {
      const i = rows.get(asn);
      return i === undefined ? undefined : facts(i);
    },
    near: (keys) => [...new Set(keys.flatMap((k) => index.get(prefixOf(k)) ?? []))].map(facts),
  };
}

/** A target's candidate networks by evidence alone (people's decisions are the caller's): every AS of the directory that comes close, those it would credit first. */
export function candidateNetworks(target: MatchTarget, directory: NetworkDirectory): { network: NetworkFacts; match: NetworkMatch }[] {
  const p = prepare(target);
  const keys = [...p.names.flatMap((n) => [n.forms.compact, n.forms.brand, n.forms.initials]), ...p.labels.map((l) => l.label)].filter(Boolean);
  const matcher = networkMatcher([target], directory.census);
  const out: { network: NetworkFacts; match: NetworkMatch }[] = [];
  for (const network of directory.near(keys)) {
    const match = matcher.match(network);
    if (match) out.push({ network, match });
  }
  return out.sort((a, b) => Number(b.match.verdict === 'credit') - Number(a.match.verdict === 'credit') || b.match.score - a.match.score || (a.network.asn ?? 0) - (b.network.asn ?? 0));
}
