/**
 * The identification evaluation: companies with their own networks and unrelated look-alike
 * networks (test/identification-eval/*.csv), addresses from those networks' ranges in the bundled
 * open ASN data, and each address through the pipeline's own identify step, as the collector
 * builds it (collector/identification.ts). Nothing runs at import; the bench (identification.ts)
 * and the test (test/identification-eval/eval.test.ts) call it.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { accountIndex, networkDirectory, networkMatcher, type AccountIndex, type Decision, type MatchTarget, type NetworkDirectory, type NetworkMatcher } from '../collector/accounts/index.js';
import { identifyStep, type IdentifyOptions } from '../collector/enrich/identify.js';
import type { Draft, Step } from '../collector/enrich/pipeline.js';
import { createResolver, ensureOpenAsn, mayCreditTarget, openAsnSource, openIpdb, type IpdbSource, type Resolution, type Resolver } from '../collector/ipdb/index.js';
import { readAsnDirectory, type OpenAsnSource } from '../collector/ipdb/open-asn.js';
import { csvRecords, parseCsvLine } from '../collector/schema/csv.js';

const repoRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const evalDir = path.join(repoRoot, 'test', 'identification-eval');
/** Where the test and the bench keep their compile of the open data between runs. */
export const cachedDataDir = path.join(repoRoot, 'node_modules', '.cache', 'open-abm-test');

export const TIERS = ['fortune-100', 'large-enterprise', 'mid-market-software', 'eu-asia-midcap'] as const;
/** The collector's default MIN_CONFIDENCE. */
export const MIN_CONFIDENCE = 0.5;
/** Ranges sampled per AS, evenly over its ranges, so a holder of thousands does not drown the rest. */
export const RANGES_PER_AS = 20;

export interface EvalCompany {
  /** The target's id: its name, which is unique in the set. */
  id: string;
  tier: string;
  name: string;
  domain: string;
  country: string;
  asns: number[];
  asNames: string[];
}

export interface EvalLookalike {
  asn: number;
  organization: string;
  /** The company it could be mistaken for, and that company's tier. */
  resembles: string;
  tier: string;
  why: string;
}

export interface EvalSet {
  companies: EvalCompany[];
  /** Look-alikes whose AS is no company's own network. */
  lookalikes: EvalLookalike[];
  /** Look-alikes of one company that are another company's own network (Quanta Computer for Quanta Services): counted as that company's. */
  overlapping: EvalLookalike[];
  /** Every company as a target, without aliases. */
  targets: MatchTarget[];
}

async function readRows(file: string, header: readonly string[]): Promise<Record<string, string>[]> {
  const rows = csvRecords(await readFile(file, 'utf8'), header);
  const bad = rows.find((r) => !r.record);
  if (bad) throw new Error(`${file}:${bad.line}: ${bad.error}`);
  return rows.map((r) => r.record!);
}

const asnList = (text: string, where: string) =>
  text.split(/\s+/).filter(Boolean).map((a) => {
    if (!/^\d+$/.test(a)) throw new Error(`${where}: ${JSON.stringify(a)} is not an AS number`);
    return Number(a);
  });

export async function loadEvalSet(dir = evalDir): Promise<EvalSet> {
  const companies: EvalCompany[] = [];
  for (const file of ['companies-us.csv', 'companies-intl.csv']) {
    for (const r of await readRows(path.join(dir, file), ['tier', 'name', 'domain', 'country', 'asns', 'as_names'])) {
      companies.push({ id: r.name!, tier: r.tier!, name: r.name!, domain: r.domain!, country: r.country!, asns: asnList(r.asns!, `${file} ${r.name}`), asNames: r.as_names!.split(' | ') });
    }
  }
  const tierOf = new Map(companies.map((c) => [c.name, c.tier]));
  const owned = new Set(companies.flatMap((c) => c.asns));
  const all: EvalLookalike[] = [];
  for (const file of ['lookalikes-us.csv', 'lookalikes-intl.csv']) {
    for (const r of await readRows(path.join(dir, file), ['asn', 'as_organization', 'resembles', 'why_unrelated'])) {
      const tier = tierOf.get(r.resembles!);
      if (!tier) throw new Error(`${file}: look-alike AS${r.asn} resembles ${r.resembles}, which is not in the company files`);
      all.push({ asn: asnList(r.asn!, file)[0]!, organization: r.as_organization!, resembles: r.resembles!, tier, why: r.why_unrelated! });
    }
  }
  return {
    companies,
    lookalikes: all.filter((l) => !owned.has(l.asn)),
    overlapping: all.filter((l) => owned.has(l.asn)),
    targets: companies.map((c) => ({ id: c.id, name: c.name, domain: c.domain, country: c.country, aliases: [] })),
  };
}

// ---------------------------------------------------------------------------------------------
// Addresses: one per range of the bundled CSVs, at most RANGES_PER_AS ranges per AS.

const parseV4 = (t: string) => BigInt(t.split('.').reduce((n, o) => n * 256 + Number(o), 0));
const formatV4 = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 255n)).join('.');
function parseV6(t: string): bigint {
  const [head = '', tail] = t.split('::');
  const h = head ? head.split(':') : [];
  const rest = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - rest.length).fill('0'), ...rest];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) throw new Error(`not an IPv6 address: ${t}`);
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}
// Uncompressed: the resolver reads any spelling, and a reader of the misses sees which range.
const formatV6 = (n: bigint) => Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

/** The address a range is sampled by: its first + 1 (the network's own first address is rarely a host), or its only one. */
export function rangeAddress(first: string, last: string): string {
  const v6 = first.includes(':');
  const [a, b] = v6 ? [parseV6(first), parseV6(last)] : [parseV4(first), parseV4(last)];
  const n = b > a ? a + 1n : a;
  return v6 ? formatV6(n) : formatV4(n);
}

/** Up to `most` of `n` indices, spread evenly from the first. */
export const evenly = (n: number, most: number) => (n <= most ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: most }, (_, i) => Math.floor((i * n) / most)));

/** Each wanted AS's ranges in the bundled CSVs (IPv4 first, then IPv6, in file order), sampled. */
export async function sampleAddresses(asns: ReadonlySet<number>, source: OpenAsnSource = openAsnSource(), most = RANGES_PER_AS): Promise<Map<number, string[]>> {
  const ranges = new Map<number, [string, string][]>();
  for (const file of [source.ipv4Csv, source.ipv6Csv]) {
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      // The AS number is the third field; only lines that may be a wanted AS are split properly.
      const [first, last, asn] = line.split(',', 3);
      if (!first || !last || !asn || !asns.has(Number(asn))) continue;
      const f = parseCsvLine(line);
      const list = ranges.get(Number(f[2])) ?? [];
      list.push([f[0]!, f[1]!]);
      ranges.set(Number(f[2]), list);
    }
  }
  return new Map([...ranges].map(([asn, list]) => [asn, evenly(list.length, most).map((i) => rangeAddress(...list[i]!))]));
}

export interface EvalAddress {
  ip: string;
  asn: number;
  tier: string;
  /** The company whose own network it is; null for a look-alike's. */
  owner: EvalCompany | null;
  lookalike: EvalLookalike | null;
}

export async function evalAddresses(set: EvalSet, source?: OpenAsnSource): Promise<EvalAddress[]> {
  const wanted = new Set([...set.companies.flatMap((c) => c.asns), ...set.lookalikes.map((l) => l.asn)]);
  const sampled = await sampleAddresses(wanted, source);
  const out: EvalAddress[] = [];
  for (const c of set.companies) for (const asn of c.asns) for (const ip of sampled.get(asn) ?? []) out.push({ ip, asn, tier: c.tier, owner: c, lookalike: null });
  for (const l of set.lookalikes) for (const ip of sampled.get(l.asn) ?? []) out.push({ ip, asn: l.asn, tier: l.tier, owner: null, lookalike: l });
  return out;
}

// ---------------------------------------------------------------------------------------------
// The pipeline, as collector/identification.ts assembles it.

export interface EvalData {
  database: IpdbSource;
  directory: NetworkDirectory;
  /** Reading the directory and counting its names, as the collector does at start. */
  directoryMs: number;
}

/** Compiles the open ASN data into dataDir (or reuses a compile there) and opens it with its directory. */
export async function openEvalData(dataDir: string): Promise<EvalData> {
  const mmdb = await ensureOpenAsn(dataDir, { quiet: true });
  const database = await openIpdb(mmdb, { pollMs: 0 });
  const started = performance.now();
  const directory = networkDirectory((await readAsnDirectory(mmdb)).map((e) => ({ asn: e.asn, organization: e.organization, country: e.country, ipv4: e.ipv4, domain: null })));
  return { database, directory, directoryMs: performance.now() - started };
}

export interface EvalPipeline {
  resolver: Resolver;
  matcher: NetworkMatcher;
  index: AccountIndex;
  options: IdentifyOptions;
  /** The pipeline's identify step. */
  step: Step;
}

/** A fresh resolver (empty cache) and matcher over the data, with people's decisions (`${targetId} ${asn}`) if any. */
export function evalPipeline(data: EvalData, targets: readonly MatchTarget[], decisions: ReadonlyMap<string, Decision> = new Map()): EvalPipeline {
  const resolver = createResolver({ databases: [data.database] });
  const matcher = networkMatcher(targets, data.directory.census, decisions);
  const index = accountIndex(targets);
  const options: IdentifyOptions = { resolver, accounts: () => index, networks: () => matcher, minConfidence: MIN_CONFIDENCE };
  return { resolver, matcher, index, options, step: identifyStep(options) };
}

/** A page view from the address, the way identifyStored makes a draft of an event. */
const draftOf = (ip: string): Draft => ({
  siteId: 'eval',
  siteHosts: [],
  event: { id: 'eval', type: 'page_view', ts: 0, url: 'https://eval.example/', visitor: 'eval-visitor' } as Draft['event'],
  receivedAt: 0,
  userAgent: null,
  rawIp: ip,
  ip: null,
  bot: false,
  warnings: [],
});

/** The target the pipeline credits the address to, or null. */
export function identifyAfter(p: EvalPipeline, ip: string): string | null {
  const result = p.step(draftOf(ip));
  return result.ok && result.draft.account?.via === 'network' ? (result.draft.account.id ?? null) : null;
}

/** The old way (before the evidence matcher): the gate, then equal domains or normalised names, and whatever matched was credited. */
export function identifyBefore(p: EvalPipeline, ip: string): string | null {
  const r = p.resolver.resolve(ip);
  if (!mayCreditTarget(r, MIN_CONFIDENCE)) return null;
  return p.index.match({ domain: r.domain, name: r.organization })?.id ?? null;
}


// ---------------------------------------------------------------------------------------------
// What the pipeline makes of every address, before (equal names) and after (the evidence matcher).

export interface Credits {
  /** Company addresses credited to their own company. */
  right: number;
  /** Company addresses credited to another target. */
  wrong: number;
  /** Look-alike addresses credited to any target. */
  falseCredits: number;
  /** Companies with at least one address credited to them. */
  companiesSeen: number;
}

export interface TierRow {
  tier: string;
  companies: number;
  /** The companies' own networks as listed, and those the bundled data has ranges for. */
  networks: number;
  networksInData: number;
  addresses: number;
  lookalikeNetworks: number;
  lookalikeAddresses: number;
  before: Credits;
  after: Credits;
  /** Company networks none of whose addresses is credited, where the right target is a candidate: what a marketer confirms once. */
  candidateNetworks: number;
  candidateAddresses: number;
  /** Right credits once every candidate network is confirmed (a decision per network), and look-alikes credited then. */
  rightOnceConfirmed: number;
  falseOnceConfirmed: number;
}

export type MissReason = 'candidate' | 'no match' | 'not a business network' | 'another target' | 'not in the data';

/** A company network whose addresses were not (all) credited to the company. */
export interface Miss {
  company: string;
  tier: string;
  asn: number;
  /** The AS's name as the resolver read it (the company file's as_names when unresolved). */
  organization: string;
  addresses: number;
  credited: number;
  reason: MissReason;
  detail: string;
}

/** An address credited to a target it is not: a look-alike's, or a company's to another company. */
export interface FalseCredit {
  kind: 'look-alike' | 'wrong target';
  asn: number;
  organization: string;
  /** The company it is (wrong target) or resembles (look-alike). */
  of: string;
  target: string;
  addresses: number;
  detail: string;
}

export interface EvalResult {
  /** One row per tier, then 'overall'. */
  rows: TierRow[];
  misses: Miss[];
  falseCredits: FalseCredit[];
  falseCreditsBefore: FalseCredit[];
  /** The candidate networks, with the matcher's evidence. */
  candidates: Miss[];
  overlapping: EvalLookalike[];
}

const evidenceText = (m: { score: number; evidence: { text: string; weight: number }[] }) =>
  `score ${m.score}: ${m.evidence.map((e) => `${e.text} (${e.weight > 0 ? '+' : ''}${e.weight})`).join('; ')}`;

const factsOf = (r: Resolution) => ({ asn: r.asn, organization: r.organization ?? '', country: r.country ?? null, ipv4: r.size ?? null, domain: r.domain });

/** Why an address of a company's network was not credited to it. */
function explain(p: EvalPipeline, a: EvalAddress, credited: string | null): { reason: MissReason; detail: string; organization: string | null } {
  const r = p.resolver.resolve(a.ip);
  if (!mayCreditTarget(r, MIN_CONFIDENCE)) return { reason: 'not a business network', detail: `${r.class}, confidence ${r.confidence}: ${r.reason}`, organization: r.organization };
  const all = p.matcher.matchAll(factsOf(r));
  const right = all.find((m) => m.target.id === a.owner!.id);
  if (credited) return { reason: 'another target', detail: `credited to ${credited}, ${evidenceText(all.find((m) => m.target.id === credited)!)}`, organization: r.organization };
  if (right?.verdict === 'candidate') return { reason: 'candidate', detail: evidenceText(right), organization: r.organization };
  const nearest = all[0];
  return { reason: 'no match', detail: `registered in ${r.country ?? 'an unknown country'}${nearest ? `; nearest ${nearest.target.name} (${nearest.verdict}, ${evidenceText(nearest)})` : ''}`, organization: r.organization };
}

interface Network {
  asn: number;
  owner: EvalCompany | null;
  lookalike: EvalLookalike | null;
  addresses: EvalAddress[];
  before: (string | null)[];
  after: (string | null)[];
}

const emptyCredits = (): Credits => ({ right: 0, wrong: 0, falseCredits: 0, companiesSeen: 0 });

function tally(a: EvalAddress, credited: string | null, c: Credits, seen?: Set<string>) {
  if (!credited) return;
  if (!a.owner) c.falseCredits++;
  else if (credited === a.owner.id) {
    c.right++;
    seen?.add(credited);
  } else c.wrong++;
}

/** Every address through the old way and through the identify step, per network, with the misses explained. */
export function evaluate(data: EvalData, set: EvalSet, addresses: readonly EvalAddress[]): EvalResult {
  const after = evalPipeline(data, set.targets);
  const before = evalPipeline(data, set.targets);
  const networks = new Map<string, Network>();
  for (const a of addresses) {
    const key = `${a.owner?.id ?? `look-alike of ${a.lookalike!.resembles}`}\u0000${a.asn}`;
    let n = networks.get(key);
    if (!n) networks.set(key, (n = { asn: a.asn, owner: a.owner, lookalike: a.lookalike, addresses: [], before: [], after: [] }));
    n.addresses.push(a);
    n.before.push(identifyBefore(before, a.ip));
    n.after.push(identifyAfter(after, a.ip));
  }

  const misses: Miss[] = [];
  const falseCredits: FalseCredit[] = [];
  const falseCreditsBefore: FalseCredit[] = [];
  const decisions = new Map<string, Decision>();
  const candidateKeys = new Set<string>();
  for (const [key, n] of networks) {
    const r = after.resolver.resolve(n.addresses[0]!.ip);
    const organization = r.organization ?? n.lookalike?.organization ?? '';
    for (const [list, credits, p] of [[falseCredits, n.after, after], [falseCreditsBefore, n.before, before]] as const) {
      const wrong = credits.filter((t) => t && t !== n.owner?.id);
      for (const target of new Set(wrong)) {
        const m = p.matcher.matchAll(factsOf(r)).find((x) => x.target.id === target);
        list.push({
          kind: n.owner ? 'wrong target' : 'look-alike',
          asn: n.asn,
          organization,
          of: n.owner?.name ?? n.lookalike!.resembles,
          target: target!,
          addresses: wrong.filter((t) => t === target).length,
          detail: p === after ? (m ? evidenceText(m) : '') : 'equal normalised name or domain',
        });
      }
    }
    if (!n.owner) continue;
    const credited = n.after.filter((t) => t === n.owner!.id).length;
    if (credited === n.addresses.length) continue;
    const i = n.after.findIndex((t) => t !== n.owner!.id);
    const why = explain(after, n.addresses[i]!, n.after[i]!);
    misses.push({ company: n.owner.name, tier: n.owner.tier, asn: n.asn, organization: why.organization ?? organization, addresses: n.addresses.length, credited, reason: why.reason, detail: why.detail });
    if (why.reason === 'candidate' && credited === 0) {
      decisions.set(`${n.owner.id} ${n.asn}`, 'confirm');
      candidateKeys.add(key);
    }
  }
  // Companies' networks the bundled data has no range for: nothing of theirs can be seen.
  for (const c of set.companies) {
    for (const [i, asn] of c.asns.entries()) {
      if (!networks.has(`${c.id}\u0000${asn}`)) misses.push({ company: c.name, tier: c.tier, asn, organization: c.asNames[i] ?? '', addresses: 0, credited: 0, reason: 'not in the data', detail: 'no range of this AS in the bundled data' });
    }
  }

  // A marketer confirms each candidate network once.
  const confirmed = evalPipeline(data, set.targets, decisions);
  const rows = [...TIERS, 'overall'].map((tier): TierRow => {
    const inTier = <T extends { tier: string }>(x: T) => tier === 'overall' || x.tier === tier;
    const companies = set.companies.filter(inTier);
    const row: TierRow = {
      tier,
      companies: companies.length,
      networks: companies.reduce((s, c) => s + c.asns.length, 0),
      networksInData: 0,
      addresses: 0,
      lookalikeNetworks: set.lookalikes.filter(inTier).length,
      lookalikeAddresses: 0,
      before: emptyCredits(),
      after: emptyCredits(),
      candidateNetworks: 0,
      candidateAddresses: 0,
      rightOnceConfirmed: 0,
      falseOnceConfirmed: 0,
    };
    const seenBefore = new Set<string>();
    const seenAfter = new Set<string>();
    for (const [key, n] of networks) {
      if (!inTier(n.addresses[0]!)) continue;
      if (n.owner) {
        row.networksInData++;
        row.addresses += n.addresses.length;
      } else row.lookalikeAddresses += n.addresses.length;
      if (candidateKeys.has(key)) {
        row.candidateNetworks++;
        row.candidateAddresses += n.addresses.length;
      }
      n.addresses.forEach((a, i) => {
        tally(a, n.before[i]!, row.before, seenBefore);
        tally(a, n.after[i]!, row.after, seenAfter);
        const once = emptyCredits();
        tally(a, identifyAfter(confirmed, a.ip), once);
        row.rightOnceConfirmed += once.right;
        row.falseOnceConfirmed += once.wrong + once.falseCredits;
      });
    }
    row.before.companiesSeen = seenBefore.size;
    row.after.companiesSeen = seenAfter.size;
    return row;
  });
  // Worst first: the most addresses missed, then of the company that misses most in all.
  const missedOf = new Map<string, number>();
  for (const m of misses) missedOf.set(m.company, (missedOf.get(m.company) ?? 0) + m.addresses - m.credited);
  const byWorst = (a: Miss, b: Miss) =>
    b.addresses - b.credited - (a.addresses - a.credited) || missedOf.get(b.company)! - missedOf.get(a.company)! || a.company.localeCompare(b.company) || a.asn - b.asn;
  return { rows, misses: misses.sort(byWorst), falseCredits, falseCreditsBefore, candidates: misses.filter((m) => m.reason === 'candidate' && m.credited === 0), overlapping: set.overlapping };
}
