import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Reader } from 'maxmind';
import { createResolver, ensureOpenAsn, openAsnSource, openIpdb, rangeTable, type RangeEntry } from '../collector/ipdb/index.js';
import { loadCensus } from '../collector/identification.js';
import { resolveUncached, type Resolution } from '../collector/ipdb/resolve.js';
import { describeSource } from './git-state.js';
import { formatBytes, markdownTable } from './markdown-table.js';
import type { OpenAsnMeasurement } from './open-asn-compile.js';
import type { Benchmark } from './types.js';
import { mulberry32 } from './support.js';

/** The goals. */
export const goals = { cachedUs: 2, uncachedUs: 20, rssMb: 250 } as const;

export const settings = {
  /** First-seen addresses timed per pass, and others to warm up on first. */
  addresses: 100_000,
  warmup: 20_000,
  /** Share of IPv4 among the addresses; the rest IPv6. */
  ipv4Share: 0.6,
  /** Of each family: drawn from a range of the open data, uniformly from the public space, from an account range. */
  mix: { data: 0.75, random: 0.2, account: 0.05 },
  accountRanges: 1_000,
  learnedRanges: 100,
  /** Addresses already resolved, asked again and again. */
  workingSet: 1_000,
  cachedRounds: 300,
  /** Calls per timed batch: enough that the timer's own cost is well under 1 % of a batch. */
  uncachedBatch: 10,
  cachedBatch: 100,
  /** Addresses sent to each collector of the memory measurement, and requests in flight. */
  rssAddresses: 4_000,
  rssConcurrency: 16,
  seed: 0x1dbe,
};

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const rssScript = path.join(benchDir, 'ipdb-rss.ts');
const compileScript = path.join(benchDir, 'open-asn-compile.ts');
const benchOrigin = 'https://bench.example';
/** createResolver's default cache size (collector/ipdb/resolve.ts). */
const cacheSize = 50_000;
const MB = 1048576;

// ---------------------------------------------------------------------------------------------
// Addresses: seeded, so every run asks the same questions.

const prng = mulberry32;

type Family = 4 | 6;
const BITS: Record<Family, bigint> = { 4: 32n, 6: 128n };

function parseV6(text: string): bigint {
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) throw new Error(`not an IPv6 address this bench can read: ${text}`);
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function formatV6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

const parseV4 = (text: string) => BigInt(text.split('.').reduce((n, o) => n * 256 + Number(o), 0));
const formatV4 = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 255n)).join('.');
const parseIp = (family: Family, text: string) => (family === 4 ? parseV4(text) : parseV6(text));
const formatIp = (family: Family, n: bigint) => (family === 4 ? formatV4(n) : formatV6(n));

/** A uniform integer in [0, span). */
function below(next: () => number, span: bigint): bigint {
  const r = (BigInt(next()) << 96n) | (BigInt(next()) << 64n) | (BigInt(next()) << 32n) | BigInt(next());
  return r % span;
}

/** Networks no public client comes from: private, shared, loopback, link-local, documentation, multicast, reserved. */
const RESERVED_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/3'].map((cidr) => {
  const [base = '', prefix = '32'] = cidr.split('/');
  const shift = 32n - BigInt(prefix);
  return { net: parseV4(base) >> shift, shift };
});

interface Range {
  first: bigint;
  last: bigint;
}

/** The open data's ranges, as the package ships them. */
async function dataRanges(csv: string, family: Family): Promise<Range[]> {
  const text = await readFile(csv, 'utf8');
  const ranges: Range[] = [];
  for (const line of text.split('\n')) {
    const [first, last] = line.split(',', 2);
    if (first && last) ranges.push({ first: parseIp(family, first), last: parseIp(family, last) });
  }
  return ranges;
}

type Origin = keyof typeof settings.mix;

interface Address {
  ip: string;
  family: Family;
  origin: Origin;
}

interface Universe {
  data: Record<Family, Range[]>;
  accounts: Record<Family, Range[]>;
  entries: RangeEntry[];
  learned: RangeEntry[];
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[next() % list.length]!;
const inRange = (next: () => number, r: Range) => r.first + below(next, r.last - r.first + 1n);

/** Networks of the sizes companies hold, each inside a range of the open data (so the database knows the address too). */
function accountNetworks(next: () => number, data: Record<Family, Range[]>, count: number, v4Share: number) {
  const out: Record<Family, Range[]> = { 4: [], 6: [] };
  const cidrs = new Set<string>();
  while (out[4].length + out[6].length < count) {
    const family: Family = next() / 2 ** 32 < v4Share ? 4 : 6;
    const prefix = BigInt(family === 4 ? pick(next, [22, 24, 24, 24, 26, 28]) : pick(next, [44, 48, 48, 56]));
    const host = BITS[family] - prefix;
    const first = (inRange(next, pick(next, data[family])) >> host) << host;
    const cidr = `${formatIp(family, first)}/${prefix}`;
    if (cidrs.has(cidr)) continue;
    cidrs.add(cidr);
    out[family].push({ first, last: first + (1n << host) - 1n });
  }
  return out;
}

async function universe(): Promise<Universe> {
  const source = openAsnSource();
  const next = prng(settings.seed);
  const data = { 4: await dataRanges(source.ipv4Csv, 4), 6: await dataRanges(source.ipv6Csv, 6) };
  const accounts = accountNetworks(next, data, settings.accountRanges, 0.8);
  const learnedNets = accountNetworks(next, data, settings.learnedRanges, 0.8);
  const cidrOf = (family: Family, r: Range) => `${formatIp(family, r.first)}/${BITS[family] - BigInt((r.last - r.first + 1n).toString(2).length - 1)}`;
  const entriesOf = (nets: Record<Family, Range[]>, prefix: string): RangeEntry[] =>
    ([4, 6] as const).flatMap((f) => nets[f].map((r) => cidrOf(f, r))).map((cidr, i) => ({ cidr, domain: `${prefix}-${i + 1}.com`, name: `${prefix} ${i + 1}` }));
  return { data, accounts, entries: entriesOf(accounts, 'bench-account'), learned: entriesOf(learnedNets, 'bench-learned') };
}

/** `count` addresses, IPv4 and IPv6, from ranges of the data, from the whole public space and from account ranges. */
function addresses(u: Universe, count: number, seed: number): Address[] {
  const next = prng(seed);
  const out: Address[] = [];
  while (out.length < count) {
    const family: Family = next() / 2 ** 32 < settings.ipv4Share ? 4 : 6;
    const roll = next() / 2 ** 32;
    const origin: Origin = roll < settings.mix.data ? 'data' : roll < settings.mix.data + settings.mix.random ? 'random' : 'account';
    let n: bigint;
    if (origin === 'data') n = inRange(next, pick(next, u.data[family]));
    else if (origin === 'account') n = inRange(next, pick(next, u.accounts[family]));
    else if (family === 6) n = (1n << 125n) | below(next, 1n << 125n); // 2000::/3, global unicast
    else {
      do n = BigInt(next());
      while (RESERVED_V4.some((r) => n >> r.shift === r.net));
    }
    out.push({ ip: formatIp(family, n), family, origin });
  }
  return out;
}

/** Fisher–Yates, in place. */
function shuffle<T>(next: () => number, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** A copy of the string that shares nothing with it (no cached hash): what a new request's address is. */
const fresh = (ip: string) => Buffer.from(ip, 'latin1').toString('latin1');

// ---------------------------------------------------------------------------------------------
// Timing.

/**
 * Calls `call` on each input in turn, timing batches of `batch` calls with one
 * process.hrtime.bigint() either side; returns each batch's mean per call, in µs.
 */
function timeBatches(inputs: readonly string[], call: (ip: string) => unknown, batch: number): number[] {
  const means: number[] = [];
  let found = 0;
  for (let i = 0; i + batch <= inputs.length; i += batch) {
    const started = process.hrtime.bigint();
    for (let j = i; j < i + batch; j++) if (call(inputs[j]!) != null) found++;
    means.push(Number(process.hrtime.bigint() - started) / batch / 1000);
  }
  if (found < 0) console.log(found); // keeps the answers live
  return means;
}

/** What process.hrtime.bigint() costs: the median of empty timed spans, in ns. */
function timerCost(): number {
  const spans: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const started = process.hrtime.bigint();
    spans.push(Number(process.hrtime.bigint() - started));
  }
  return quantile(spans, 0.5);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

interface Timing {
  name: string;
  what: string;
  calls: number;
  batch: number;
  median: number;
  p99: number;
  mean: number;
  goal?: number;
}

function summarise(name: string, what: string, means: number[], batch: number, goal?: number): Timing {
  return {
    name,
    what,
    calls: means.length * batch,
    batch,
    median: quantile(means, 0.5),
    p99: quantile(means, 0.99),
    mean: means.reduce((a, b) => a + b, 0) / means.length,
    ...(goal !== undefined && { goal }),
  };
}

interface LookupResults {
  timings: Timing[];
  timerNs: number;
  outcomes: { database: number; account: number; learned: number; unknown: number; total: number; ipv4: number };
}

async function measureLookups(mmdbPath: string, u: Universe): Promise<LookupResults> {
  const measured = addresses(u, settings.addresses, settings.seed + 1);
  const warm = addresses(u, settings.warmup, settings.seed + 2).map((a) => a.ip);
  const working = addresses(u, settings.workingSet, settings.seed + 3).map((a) => a.ip);
  const ips = () => measured.map((a) => fresh(a.ip));

  const reader = new Reader<Record<string, unknown>>(await readFile(mmdbPath));
  const db = await openIpdb(mmdbPath, { pollMs: 0 });
  try {
    const sources = { databases: [db], ranges: rangeTable(u.entries), learned: rangeTable(u.learned) };
    const timerNs = timerCost();
    const timings: Timing[] = [];

    // The baseline: maxmind alone, on the same file.
    const get = (ip: string) => reader.get(ip);
    timeBatches(warm, get, settings.uncachedBatch);
    const baseline = summarise('`maxmind` Reader.get (baseline)', 'open ASN MMDB only, no decision', timeBatches(ips(), get, settings.uncachedBatch), settings.uncachedBatch);
    timings.push(baseline);

    // Uncached: what the collector does for an address it has not seen.
    const ordered = createResolver(sources).sources();
    const uncached = (ip: string) => resolveUncached(ordered, ip);
    timeBatches(warm, uncached, settings.uncachedBatch);
    timings.push(summarise('`resolveUncached`', 'account ranges, learned ranges, open ASN, decision', timeBatches(ips(), uncached, settings.uncachedBatch), settings.uncachedBatch, goals.uncachedUs));

    // First sight through the resolver: the same plus caching the answer. Warmed up on another
    // resolver, so the one timed starts empty: it fills its cache, then evicts the oldest answer each time.
    const warmResolver = createResolver(sources);
    timeBatches(warm, (ip) => warmResolver.resolve(ip), settings.uncachedBatch);
    const firstSight = createResolver(sources);
    const missed = timeBatches(ips(), (ip) => firstSight.resolve(ip), settings.uncachedBatch);
    const filling = Math.min(missed.length, Math.floor(cacheSize / settings.uncachedBatch));
    timings.push(summarise('`resolver.resolve`, first sight, cache filling', 'uncached + storing the answer', missed.slice(0, filling), settings.uncachedBatch, goals.uncachedUs));
    if (filling < missed.length) {
      timings.push(summarise('`resolver.resolve`, first sight, cache full', 'uncached + evicting the oldest answer + storing', missed.slice(filling), settings.uncachedBatch, goals.uncachedUs));
    }

    // Cached: a working set already resolved, asked again in a shuffled order.
    const cached = createResolver(sources);
    for (const ip of working) cached.resolve(ip);
    const next = prng(settings.seed + 4);
    const rounds = Array.from({ length: settings.cachedRounds }, () => shuffle(next, working.map(fresh))).flat();
    const resolveCached = (ip: string) => cached.resolve(ip);
    timeBatches(working.map(fresh), resolveCached, settings.cachedBatch);
    timings.push(summarise('`resolver.resolve`, cached', `a working set of ${formatBytes(settings.workingSet)} addresses already resolved`, timeBatches(rounds, resolveCached, settings.cachedBatch), settings.cachedBatch, goals.cachedUs));

    // What the addresses turned out to be.
    const outcomes = { database: 0, account: 0, learned: 0, unknown: 0, total: measured.length, ipv4: measured.filter((a) => a.family === 4).length };
    for (const a of measured) {
      const r: Resolution = resolveUncached(ordered, a.ip);
      if (r.source === 'account-ranges') outcomes.account++;
      else if (r.source === 'learned') outcomes.learned++;
      else if (r.source === null) outcomes.unknown++;
      else outcomes.database++;
    }
    return { timings, timerNs, outcomes };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Memory: the real collector in a child process.

interface RssReport {
  openAsn: boolean;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  maxRss: number;
  heapUsedAfterGc: number;
  accepted: number;
  sent: number;
}

async function measureCollectorRss(dataDir: string, rangesCsv: string, openAsn: boolean, u: Universe): Promise<RssReport> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'open-abm-bench-ipdb-rss-'));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', rssScript, benchOrigin], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'abm.db')}`, DATA_DIR: dataDir, OPEN_ASN: openAsn ? 'on' : 'off', ACCOUNT_RANGES: rangesCsv },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const nextLine = async (what: string) => {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the collector did not ${what} within 60 s`)), 60_000).unref());
      const line = await Promise.race([lines.next(), timeout, exited.then(() => Promise.reject(new Error(`the collector exited (code ${child.exitCode}) before it would ${what}`)))]);
      if (line.done) throw new Error(`the collector closed its output before it would ${what}`);
      return line.value;
    };
    const ready = JSON.parse(await nextLine('start')) as { url: string; key: string };

    const sent = addresses(u, settings.rssAddresses, settings.seed + 5);
    let accepted = 0;
    let i = 0;
    const worker = async () => {
      while (i < sent.length) {
        const n = i++;
        const body = {
          site: ready.key,
          events: [{ id: `rss-${String(n).padStart(8, '0')}`, type: 'page_view', ts: Date.now(), visitor: `visitor-${n}`, url: `${benchOrigin}/page-${n % 50}`, title: 'Bench' }],
        };
        const reply = await fetch(`${ready.url}/v1/events`, {
          method: 'POST',
          headers: {
            'content-type': 'text/plain;charset=UTF-8',
            origin: benchOrigin,
            'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
            'x-forwarded-for': sent[n]!.ip,
          },
          body: JSON.stringify(body),
        });
        const json = (await reply.json()) as { accepted?: number };
        if (reply.status === 202) accepted += json.accepted ?? 0;
      }
    };
    await Promise.all(Array.from({ length: settings.rssConcurrency }, worker));

    child.stdin!.write('report\n');
    const report = JSON.parse(await nextLine('report its memory')) as { memory: NodeJS.MemoryUsage; maxRss: number; afterGc?: NodeJS.MemoryUsage };
    await exited;
    const m = report.memory;
    return { openAsn, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, maxRss: report.maxRss, heapUsedAfterGc: report.afterGc?.heapUsed ?? NaN, accepted, sent: sent.length };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Compile time: bench/open-asn-compile.ts in a child process, so its peak RSS is the compile's own.

function measureCompileInChild(): Promise<OpenAsnMeasurement> {
  const child = spawn(process.execPath, ['--import', 'tsx', compileScript], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench/open-asn-compile.ts exited with code ${code}`));
      try {
        resolve(JSON.parse(out.split('\n')[0] ?? '') as OpenAsnMeasurement);
      } catch {
        reject(new Error(`unexpected output from bench/open-asn-compile.ts: ${out.slice(0, 200)}`));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Report.

const us = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const mb = (bytes: number) => (bytes / MB).toFixed(1);
const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(1)} %`;
const verdict = (ok: boolean) => (ok ? 'goal met' : '**goal not met**');

async function runIpdb(): Promise<string> {
  const started = performance.now();
  const version = openAsnSource().version;
  const compile = await measureCompileInChild();

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'open-abm-bench-ipdb-'));
  try {
    const mmdbPath = await ensureOpenAsn(dataDir, { quiet: true });
    // What a first start leaves beside the compiled data: the names' census, so the collector measured counts nothing either.
    await loadCensus(mmdbPath);
    const u = await universe();
    const lookups = await measureLookups(mmdbPath, u);

    const rangesCsv = path.join(dataDir, 'account-ranges.csv');
    await writeFile(rangesCsv, ['cidr,domain,name', ...u.entries.map((e) => `${e.cidr},${e.domain},${e.name}`)].join('\n'));
    const on = await measureCollectorRss(dataDir, rangesCsv, true, u);
    const off = await measureCollectorRss(dataDir, rangesCsv, false, u);

    const [baseline, uncached] = lookups.timings as [Timing, Timing];
    const cached = lookups.timings.at(-1)!;
    const full = lookups.timings.find((t) => t.name.includes('cache full'));
    const lookupTable = markdownTable(
      [
        { header: 'Lookup' },
        { header: 'What it does' },
        { header: 'Calls', align: 'right' },
        { header: 'Batch', align: 'right' },
        { header: 'Median µs', align: 'right' },
        { header: 'p99 µs', align: 'right' },
        { header: 'Mean µs', align: 'right' },
        { header: 'Median ÷ maxmind', align: 'right' },
        { header: 'Goal µs', align: 'right' },
        { header: 'Median, p99 ≤ goal', align: 'right' },
      ],
      lookups.timings.map((t) => [
        t.name,
        t.what,
        formatBytes(t.calls),
        String(t.batch),
        us(t.median),
        us(t.p99),
        us(t.mean),
        t === baseline ? '1.00×' : `${(t.median / baseline.median).toFixed(2)}×`,
        t.goal === undefined ? '' : `≤ ${t.goal}`,
        t.goal === undefined ? '' : `${t.median <= t.goal ? 'yes' : 'no'}, ${t.p99 <= t.goal ? 'yes' : 'no'}`,
      ]),
    );

    const memoryTable = markdownTable(
      [
        { header: 'Collector' },
        { header: 'RSS MB', align: 'right' },
        { header: 'Peak RSS MB', align: 'right' },
        { header: 'Heap used MB', align: 'right' },
        { header: 'Heap used after GC MB', align: 'right' },
        { header: 'External MB', align: 'right' },
        { header: 'Array buffers MB', align: 'right' },
        { header: 'Events accepted', align: 'right' },
        { header: `Peak RSS ≤ ${goals.rssMb} MB`, align: 'right' },
      ],
      [
        ...[on, off].map((r) => [
          r.openAsn ? '`OPEN_ASN=on` (IPv4 + IPv6 open data)' : '`OPEN_ASN=off` (baseline)',
          mb(r.rss),
          mb(r.maxRss),
          mb(r.heapUsed),
          mb(r.heapUsedAfterGc),
          mb(r.external),
          mb(r.arrayBuffers),
          `${formatBytes(r.accepted)} / ${formatBytes(r.sent)}`,
          r.openAsn ? (Math.max(r.rss, r.maxRss) / MB <= goals.rssMb ? 'yes' : 'no') : '',
        ]),
        ['on − off: the open data\'s cost', mb(on.rss - off.rss), mb(on.maxRss - off.maxRss), mb(on.heapUsed - off.heapUsed), mb(on.heapUsedAfterGc - off.heapUsedAfterGc), mb(on.external - off.external), mb(on.arrayBuffers - off.arrayBuffers), '', ''],
      ],
    );

    const compileTable = markdownTable(
      [
        { header: 'Data' },
        { header: 'Ranges', align: 'right' },
        { header: 'MMDB bytes', align: 'right' },
        { header: 'Compile ms', align: 'right' },
        { header: 'Ranges/s', align: 'right' },
        { header: 'Peak RSS MB', align: 'right' },
      ],
      [[`@ip-location-db/asn ${version}`, formatBytes(compile.ranges), formatBytes(compile.bytes), formatBytes(compile.ms), formatBytes(Math.round(compile.ranges / (compile.ms / 1000))), String(compile.peakRssMb)]],
    );

    const o = lookups.outcomes;
    const cachedOk = cached.median <= goals.cachedUs;
    const uncachedOk = uncached.median <= goals.uncachedUs;
    const rssOk = Math.max(on.rss, on.maxRss) / MB <= goals.rssMb;
    const p99Note = (t: Timing, goal: number) => (t.p99 <= goal ? `p99 ${us(t.p99)} µs, also within it` : `p99 ${us(t.p99)} µs, above it`);
    const wall = (performance.now() - started) / 1000;
    const shortestBatchNs = Math.min(...lookups.timings.map((t) => t.median * t.batch * 1000));
    const timerShare = pct(lookups.timerNs, shortestBatchNs);

    return [
      `Goals: a lookup in **≤ ${goals.cachedUs} µs cached** and **≤ ${goals.uncachedUs} µs uncached**, and the collector in **≤ ${goals.rssMb} MB RSS** with the full IPv4 + IPv6 open data loaded. Now:`,
      '',
      `- cached: median **${us(cached.median)} µs** (${p99Note(cached, goals.cachedUs)}): ${verdict(cachedOk)};`,
      `- uncached: median **${us(uncached.median)} µs** (${p99Note(uncached, goals.uncachedUs)}), ${(uncached.median / baseline.median).toFixed(1)}× a bare \`maxmind\` lookup: ${verdict(uncachedOk)};`,
      ...(full ? [`- a new address once the resolver's cache is full (${formatBytes(cacheSize)} answers, each new one evicting the oldest): median **${us(full.median)} µs** (p99 ${us(full.p99)} µs): ${full.median <= goals.uncachedUs ? 'within' : '**above**'} the uncached goal;`] : []),
      `- collector RSS: **${mb(on.rss)} MB** (peak ${mb(on.maxRss)} MB) with the open data, ${mb(off.rss)} MB (peak ${mb(off.maxRss)} MB) without: the data costs about ${mb(on.rss - off.rss)} MB: ${verdict(rssOk)}.`,
      '',
      `Open data: \`@ip-location-db/asn\` ${version}, compiled to an MMDB of ${formatBytes(compile.bytes)} B (${formatBytes(compile.ranges)} ranges) in ${(compile.ms / 1000).toFixed(1)} s, peaking at ${compile.peakRssMb} MB RSS in a process of its own (the collector compiles it at its first start with \`OPEN_ASN=on\`).`,
      '',
      'Lookups:',
      '',
      lookupTable,
      '',
      `The ${formatBytes(o.total)} timed addresses (${pct(o.ipv4, o.total)} IPv4): ${pct(o.database, o.total)} answered by the open ASN data, ${pct(o.account, o.total)} by an account range, ${pct(o.learned, o.total)} by a learned range, ${pct(o.unknown, o.total)} unknown to every source.`,
      '',
      'Collector memory:',
      '',
      memoryTable,
      '',
      'Compiling the open data:',
      '',
      compileTable,
      '',
      `Collector from commit ${await describeSource(['collector'])}. This section took ${wall.toFixed(0)} s.`,
      '',
      'How it is measured:',
      '',
      `- **Data**: the installed \`@ip-location-db/asn\` is compiled once per run, by \`ensureOpenAsn\`, into a temporary data directory (removed at the end), and opened with \`openIpdb(path, { pollMs: 0 })\` as the collector opens it. Beside it, an account-ranges table of ${formatBytes(settings.accountRanges)} ranges (\`rangeTable\`; ${Math.round(0.8 * 100)} % IPv4 /22–/28, the rest IPv6 /44–/56, each inside a range of the open data) and a learned table of ${formatBytes(settings.learnedRanges)} more, as the collector holds them.`,
      `- **Addresses**: seeded pseudo-random, ${Math.round(settings.ipv4Share * 100)} % IPv4 and ${Math.round((1 - settings.ipv4Share) * 100)} % IPv6; of each family ${Math.round(settings.mix.data * 100)} % drawn from a random range of the open data's CSV, ${Math.round(settings.mix.random * 100)} % uniformly from the public space (IPv4 without private, shared, loopback, link-local, documentation, multicast and reserved networks; IPv6 from 2000::/3, almost all of it unrouted) and ${Math.round(settings.mix.account * 100)} % from an account range. ${formatBytes(settings.addresses)} addresses are timed per uncached pass, after a warm-up pass over ${formatBytes(settings.warmup)} others; each pass gets fresh copies of the strings, as each request brings a new one.`,
      `- **Lookups**: \`maxmind\`'s \`Reader.get\` on the same MMDB (no cache, as \`openIpdb\` builds it) is the baseline; \`resolveUncached(sources, ip)\` is what the resolver does for an address it has not seen: the account ranges, the learned ranges, then the open ASN data, and the decision (classifying the network by name); "first sight" is \`resolver.resolve\` on a new resolver (warmed up on another), the same plus storing the answer: while its cache fills (the first ${formatBytes(cacheSize)} addresses), then once it is full and each new answer first evicts the oldest; "cached" is \`resolver.resolve\` on ${formatBytes(settings.workingSet)} addresses resolved before, asked ${settings.cachedRounds} times each in shuffled order.`,
      `- **Timing**: a call takes too little time to be timed alone, so calls are timed in batches (${settings.uncachedBatch} calls uncached, ${settings.cachedBatch} cached) with \`process.hrtime.bigint()\` either side, which costs ${lookups.timerNs.toFixed(0)} ns a batch here (${timerShare} of the shortest median batch). Median, p99 and mean are over the batches' mean time per call, so p99 is that of a batch of calls, not of the slowest single call; garbage collections that fall into a batch are counted. "Median ÷ maxmind" divides each median by the baseline's.`,
      `- **Memory**: the real collector, \`startCollector(parseConfig(…))\` as \`npm run collector\` starts it, in a child process of its own (\`node --import tsx bench/ipdb-rss.ts\`) on SQLite in a temporary directory, with \`DATA_DIR\` the data directory above (so nothing is compiled or counted: the names' census an earlier start keeps beside the compiled data is there), \`ACCOUNT_RANGES\` a CSV of the same ${formatBytes(settings.accountRanges)} ranges and \`TRUST_PROXY=loopback\`. The bench sends it ${formatBytes(settings.rssAddresses)} page views, one per request, ${settings.rssConcurrency} in flight, each \`X-Forwarded-For\` a different address drawn as above, so each is resolved (and cached) by the collector's own resolver; then the collector prints \`process.memoryUsage()\` and its peak RSS (\`resourceUsage().maxRSS\`), as they are, then the heap used after a full garbage collection (it runs under \`--expose-gc\` for this alone; nothing else calls it; RSS hardly moves after it, V8 keeps the pages), and exits. The goal is judged on the larger of RSS and peak RSS. One sample per collector: RSS varies by several MB from run to run with when the garbage collector last ran, so the on − off difference is approximate; the MMDB file (${mb(compile.bytes)} MB) is held in memory, under array buffers. The same with \`OPEN_ASN=off\` is the baseline; the difference is what the open data costs.`,
      '- **Compile**: `measureOpenAsnCompile()` (bench/open-asn-compile.ts) in a child process of its own, so the peak RSS is that of the compile: both CSVs streamed through the project\'s MMDB writer into a temporary file, then five known lookups checked.',
    ].join('\n');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export const ipdb: Benchmark = {
  id: 'ipdb',
  title: 'Identification: IP lookups, memory, compile time',
  run: runIpdb,
};
