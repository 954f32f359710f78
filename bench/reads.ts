import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { eventPoints } from '../collector/accounts/scoring.js';
import { createApp } from '../collector/http/index.js';
import { progressBar } from '../collector/progress.js';
import { openStore, type DatabaseTarget, type Store } from '../collector/store/index.js';
import { describeSource } from './git-state.js';
import { describeError, mulberry32, postgresUrl, redact } from './support.js';
import { formatBytes, markdownTable } from './markdown-table.js';
import type { Benchmark } from './types.js';
import type { AccountRef, NetworkInfo, StoredEvent } from '../collector/schema/domain.js';

/** The issue's goal: each of the four reads in under this many ms on SQLite. */
export const goalMs = 50;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * BENCH_READS_EVENTS and BENCH_READS_PG_EVENTS override the events loaded. SQLite gets the issue's
 * 1M; PostgreSQL loads about 4,500 events/s here, so by default it gets a quarter of the same
 * sessions, to keep the section within about six minutes. BENCH_READS_KEEP=<file> keeps a copy of
 * the loaded SQLite database there, for looking into the reads by hand.
 */
export const settings = {
  events: intFromEnv('BENCH_READS_EVENTS', 1_000_000),
  postgresEvents: intFromEnv('BENCH_READS_PG_EVENTS', Math.min(250_000, intFromEnv('BENCH_READS_EVENTS', 1_000_000))),
  accounts: 10_000,
  targets: 1_000,
  visitors: 100_000,
  days: 90,
  batch: 1_000,
  botShare: 0.02,
  noAccountShare: 0.15,
  /** Visitors who carry a seniority level. */
  roleShare: 0.25,
  /** Exponent of the power law accounts are drawn with (weight of rank r: 1 / r^s). */
  zipf: 0.8,
  warmup: 3,
  calls: 15,
  seed: 0x4eadb,
};

const DAY = 86_400_000;
const MB = 1048576;
const benchOrigin = 'https://bench.example';
const adminToken = 'bench-reads-admin-token-0123456789';

// ---------------------------------------------------------------------------------------------
// The data: seeded, so every run and both stores get the same events.

/** Uniform in [0, 1), seeded. */
const prng = (seed: number) => {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
};

const pickIndex = (next: () => number, n: number) => Math.min(n - 1, Math.floor(next() * n));
const pick = <T>(next: () => number, list: readonly T[]): T => list[pickIndex(next, list.length)]!;
const between = (next: () => number, lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));

/** Draws from weights (cumulative, ascending) by binary search. */
function weighted(next: () => number, cumulative: Float64Array): number {
  const u = next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulativeOf(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

const zipf = (n: number, s: number) => cumulativeOf(Array.from({ length: n }, (_, r) => 1 / Math.pow(r + 1, s)));

/** GA4 channel groups with the source, medium and referrer a session's landing gets, and their share of sessions. */
const CHANNELS = [
  { channel: 'Direct', source: '(direct)', medium: '(none)', referrer: null, utm: null, share: 30 },
  { channel: 'Organic Search', source: 'google', medium: 'organic', referrer: 'https://www.google.com/', utm: null, share: 28 },
  { channel: 'Paid Search', source: 'google', medium: 'cpc', referrer: 'https://www.google.com/', utm: 'utm_source=google&utm_medium=cpc&utm_campaign=brand', share: 10 },
  { channel: 'Referral', source: 'news.ycombinator.com', medium: 'referral', referrer: 'https://news.ycombinator.com/', utm: null, share: 8 },
  { channel: 'Organic Social', source: 'linkedin.com', medium: 'referral', referrer: 'https://www.linkedin.com/', utm: null, share: 9 },
  { channel: 'Paid Social', source: 'linkedin', medium: 'paid_social', referrer: 'https://www.linkedin.com/', utm: 'utm_source=linkedin&utm_medium=paid_social&utm_campaign=abm-q4', share: 6 },
  { channel: 'Email', source: 'newsletter', medium: 'email', referrer: null, utm: 'utm_source=newsletter&utm_medium=email&utm_campaign=monthly', share: 6 },
  { channel: 'Display', source: 'googleads', medium: 'display', referrer: null, utm: 'utm_source=googleads&utm_medium=display&utm_campaign=retargeting', share: 3 },
] as const;
const channelWeights = cumulativeOf(CHANNELS.map((c) => c.share));

const ROLE_LEVELS = ['c_level', 'vp', 'director', 'manager', 'other'] as const;
const roleWeights = cumulativeOf([10, 15, 25, 30, 20]);

/** Event types after a session's first page view, and their shares. */
const FOLLOW_UPS = ['page_view', 'engagement', 'download', 'form', 'custom'] as const;
const followUpWeights = cumulativeOf([62, 22, 7, 3, 6]);
const SESSION_SIZES = cumulativeOf([30, 20, 15, 10, 8, 7, 5, 5]); // 1–8 events

/** 150 pages, a few of them pricing pages; drawn with a power law, the home page most. */
const PAGES: { path: string; title: string }[] = [
  { path: '/', title: 'Bench — home' },
  { path: '/pricing', title: 'Pricing' },
  { path: '/product', title: 'Product' },
  { path: '/plans/enterprise', title: 'Enterprise plan' },
  { path: '/customers', title: 'Customers' },
  { path: '/about', title: 'About us' },
  ...Array.from({ length: 40 }, (_, i) => ({ path: `/product/feature-${i + 1}`, title: `Feature ${i + 1}` })),
  ...Array.from({ length: 60 }, (_, i) => ({ path: `/blog/post-${i + 1}`, title: `Blog post ${i + 1}` })),
  ...Array.from({ length: 44 }, (_, i) => ({ path: `/docs/page-${i + 1}`, title: `Docs page ${i + 1}` })),
];
const pageWeights = zipf(PAGES.length, 1);
const ASSETS = Array.from({ length: 20 }, (_, i) => ({ href: `/files/whitepaper-${i + 1}.pdf`, text: `Whitepaper ${i + 1}` }));
const FORMS = ['demo-request', 'newsletter', 'contact-sales', 'webinar-signup'];
const OWNERS = ['alice@bench.example', 'bob@bench.example', 'carol@bench.example', 'dave@bench.example', 'erin@bench.example'];

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

interface Company {
  name: string;
  domain: string;
  nameKey: string;
  target: boolean;
  tier: string | null;
  owner: string | null;
}

/** What the generator decided before any event is written: companies, visitors and sessions (in time order). */
interface Plan {
  now: number;
  events: number;
  companies: Company[];
  /** Per visitor: its company's index or -1, whether it is a bot, its seniority level or null. */
  visitorCompany: Int32Array;
  visitorBot: Uint8Array;
  visitorRole: (string | null)[];
  /** Sessions, already in order of start: number (for ids and seeds), visitor, start (epoch ms), events. */
  sessionNumber: Uint32Array;
  sessionVisitor: Int32Array;
  sessionStart: Float64Array;
  sessionSize: Uint8Array;
  /** Non-bot events per company. */
  companyEvents: Int32Array;
  tally: { bots: number; noAccount: number; roles: number };
}

function companies(): Company[] {
  const next = prng(settings.seed);
  return Array.from({ length: settings.accounts }, (_, i) => {
    const target = i < settings.targets;
    const name = target ? `Target Company ${i + 1}` : `Company ${i + 1 - settings.targets}`;
    return {
      name,
      domain: target ? `target-${i + 1}.example` : `company-${i + 1 - settings.targets}.example`,
      nameKey: name.toLowerCase(),
      target,
      tier: target ? String(1 + (i % 3)) : null,
      owner: target ? pick(next, OWNERS) : null,
    };
  });
}

/** The whole data set's shape; events themselves are made batch by batch from it (see eventsOf). */
function plan(events: number, now: number): Plan {
  const next = prng(settings.seed + 1);
  const list = companies();
  // A power law over ranks, the ranks dealt to companies at random (targets among busy and quiet alike).
  const rankOf = Array.from({ length: settings.accounts }, (_, i) => i);
  for (let i = rankOf.length - 1; i > 0; i--) {
    const j = pickIndex(next, i + 1);
    [rankOf[i], rankOf[j]] = [rankOf[j]!, rankOf[i]!];
  }
  const byRank = zipf(settings.accounts, settings.zipf);
  const visitorCompany = new Int32Array(settings.visitors);
  const visitorBot = new Uint8Array(settings.visitors);
  const visitorRole: (string | null)[] = [];
  // The first visitor of each company is dealt round the companies, so every account has one; the rest
  // draw from the power law, or no company at all, or are bots (shares scaled to hold over all visitors).
  const rest = settings.visitors - settings.accounts;
  const scale = settings.visitors / rest;
  for (let v = 0; v < settings.visitors; v++) {
    if (v < settings.accounts) visitorCompany[v] = v;
    else {
      visitorBot[v] = next() < settings.botShare * scale ? 1 : 0;
      visitorCompany[v] = next() < settings.noAccountShare * scale ? -1 : rankOf[weighted(next, byRank)]!;
    }
    visitorRole.push(next() < settings.roleShare ? ROLE_LEVELS[weighted(next, roleWeights)]! : null);
  }
  // Sessions: every visitor one, then visitors at random, until the events are all placed.
  const visitorsOf: number[] = [];
  const starts: number[] = [];
  const sizes: number[] = [];
  let placed = 0;
  const first = now - settings.days * DAY;
  const last = now - 2 * 3600_000; // room for the longest session before now
  while (placed < events) {
    const v = visitorsOf.length < settings.visitors ? visitorsOf.length : pickIndex(next, settings.visitors);
    const size = Math.min(1 + weighted(next, SESSION_SIZES), events - placed);
    visitorsOf.push(v);
    starts.push(first + Math.floor(next() * (last - first)));
    sizes.push(size);
    placed += size;
  }
  const order = Uint32Array.from(starts.keys()).sort((a, b) => starts[a]! - starts[b]!);
  return withTallies({
    now,
    companies: list,
    visitorCompany,
    visitorBot,
    visitorRole,
    sessionNumber: order,
    sessionVisitor: Int32Array.from(order, (i) => visitorsOf[i]!),
    sessionStart: Float64Array.from(order, (i) => starts[i]!),
    sessionSize: Uint8Array.from(order, (i) => sizes[i]!),
  });
}

/** Every `stride`-th session of a plan, whole: the same events, fewer of them, over the same days and accounts. */
function thin(p: Plan, stride: number): Plan {
  if (stride <= 1) return p;
  const keep = (_: unknown, i: number) => i % stride === 0;
  return withTallies({
    ...p,
    sessionNumber: p.sessionNumber.filter(keep),
    sessionVisitor: p.sessionVisitor.filter(keep),
    sessionStart: p.sessionStart.filter(keep),
    sessionSize: p.sessionSize.filter(keep),
  });
}

function withTallies(p: Omit<Plan, 'events' | 'companyEvents' | 'tally'>): Plan {
  const companyEvents = new Int32Array(settings.accounts);
  const tally = { bots: 0, noAccount: 0, roles: 0 };
  let events = 0;
  for (let s = 0; s < p.sessionVisitor.length; s++) {
    const v = p.sessionVisitor[s]!;
    const n = p.sessionSize[s]!;
    const c = p.visitorCompany[v]!;
    events += n;
    if (p.visitorBot[v]) tally.bots += n;
    else if (c >= 0) companyEvents[c] = companyEvents[c]! + n;
    if (c < 0) tally.noAccount += n;
    if (p.visitorRole[v]) tally.roles += n;
  }
  return { ...p, events, companyEvents, tally };
}

/** One session's events: a page view with the landing's channel first, then page views, engagement, downloads, forms, custom events. */
function sessionEvents(p: Plan, s: number, siteId: string, targetIds: Map<string, string>): StoredEvent[] {
  const number = p.sessionNumber[s]!;
  const next = prng(settings.seed + 1000 + number);
  const v = p.sessionVisitor[s]!;
  const c = p.visitorCompany[v]!;
  const bot = p.visitorBot[v] === 1;
  const company = c >= 0 ? p.companies[c]! : null;
  const account: AccountRef | null = company
    ? { id: targetIds.get(company.domain) ?? null, name: company.name, domain: company.domain, nameKey: company.nameKey, via: 'network' }
    : null;
  const network: NetworkInfo = bot
    ? { class: 'hosting', organization: 'Bench Cloud', domain: 'cloud.example', source: 'bench', confidence: 0.9 }
    : company
      ? { class: 'business', organization: company.name, domain: company.domain, source: 'bench', confidence: 0.9 }
      : { class: 'isp', organization: 'Bench Broadband', domain: 'isp.example', source: 'bench', confidence: 0.8 };
  const touch = CHANNELS[weighted(next, channelWeights)]!;
  const out: StoredEvent[] = [];
  let ts = p.sessionStart[s]!;
  let lastView: { id: string; url: string } | null = null;
  for (let i = 0; i < p.sessionSize[s]!; i++) {
    const type = i === 0 ? 'page_view' : FOLLOW_UPS[weighted(next, followUpWeights)]!;
    const page = PAGES[weighted(next, pageWeights)]!;
    const id = `e${number}-${i}`;
    let url = `${benchOrigin}${page.path}`;
    let props: Record<string, unknown> | null = null;
    let name: string | null = null;
    let referrer = lastView?.url ?? null;
    if (type === 'page_view' && i === 0) {
      if (touch.utm) url += `?${touch.utm}`;
      referrer = touch.referrer;
    } else if (type === 'engagement') {
      url = lastView?.url ?? url;
      props = { view: lastView?.id ?? id, visible_ms: between(next, 2_000, 240_000) };
    } else if (type === 'download') {
      url = lastView?.url ?? url;
      props = pick(next, ASSETS);
    } else if (type === 'form') {
      url = lastView?.url ?? url;
      props = { form_id: pick(next, FORMS) };
    } else if (type === 'custom') {
      name = 'cta_click';
      props = { label: pick(next, ['Book a demo', 'Start trial', 'Read more']) };
    }
    out.push({
      siteId,
      id,
      type,
      name,
      ts,
      receivedAt: ts + between(next, 50, 2_000),
      visitor: `v${v}`,
      session: `s${number}`,
      url,
      title: type === 'page_view' ? page.title : null,
      referrer,
      props,
      ip: bot ? '203.0.113.0' : '198.51.100.0',
      userAgent: bot ? BOT_UA : CHROME,
      bot,
      network,
      account,
      points: eventPoints({ type, url, props, bot }),
      roleLevel: p.visitorRole[v] ?? null,
      touch: type === 'page_view' && i === 0 ? { channel: touch.channel, source: touch.source, medium: touch.medium } : null,
    });
    if (type === 'page_view') lastView = { id, url };
    ts += between(next, 5_000, 180_000);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading: the store's real write path, a batch at a time.

interface Loaded {
  siteId: string;
  seconds: number;
  inserted: number;
  busiest: { id: string; name: string; events: number };
  /** Events by type, as generated. */
  types: Map<string, number>;
}

async function load(store: Store, p: Plan, label: string): Promise<Loaded> {
  const site = await store.createSite({ id: 'site_bench', key: 'bench-reads', name: 'Bench', origins: [benchOrigin] });
  await store.importTargets(
    p.companies.filter((c) => c.target).map((c) => ({ domain: c.domain, name: c.name, nameKey: c.nameKey, tier: c.tier, owner: c.owner, aliases: [] })),
  );
  const targets = await store.listTargets();
  const targetIds = new Map(targets.map((t) => [t.domain ?? '', t.id]));
  if (targetIds.size !== settings.targets) throw new Error(`expected ${settings.targets} targets, the store lists ${targetIds.size}`);

  const progress = progressBar({ label, total: p.events });
  const started = performance.now();
  let inserted = 0;
  let batch: StoredEvent[] = [];
  const types = new Map<string, number>();
  const flush = async () => {
    const r = await store.insertEvents(batch);
    inserted += r.inserted;
    progress.tick(batch.length);
    batch = [];
  };
  for (let s = 0; s < p.sessionVisitor.length; s++) {
    for (const e of sessionEvents(p, s, site.id, targetIds)) {
      batch.push(e);
      types.set(e.type, (types.get(e.type) ?? 0) + 1);
      if (batch.length === settings.batch) await flush();
    }
  }
  if (batch.length) await flush();
  const seconds = (performance.now() - started) / 1000;
  progress.done();
  if (inserted !== p.events) throw new Error(`${label}: ${inserted} of ${p.events} events stored`);

  let best = -1;
  for (let c = 0; c < settings.targets; c++) if (best < 0 || p.companyEvents[c]! > p.companyEvents[best]!) best = c;
  const company = p.companies[best]!;
  return { siteId: site.id, seconds, inserted, busiest: { id: targetIds.get(company.domain)!, name: company.name, events: p.companyEvents[best]! }, types };
}

// ---------------------------------------------------------------------------------------------
// Reads: through the HTTP app, so routing, validation and JSON are in the time.

interface Read {
  key: string;
  name: string;
  /** As the headline names it. */
  short: string;
  path: string;
  /** One of the issue's four. */
  goal: boolean;
  /** Warm-up and timed calls, when not settings.warmup and settings.calls. */
  warmup?: number;
  calls?: number;
  /** Says what is wrong with a 200 reply's body, or null. */
  check: (body: any) => string | null;
}

interface Timing {
  read: Read;
  samples: number[];
  median: number;
  p95: number;
  failure: string | null;
  summary: string;
  /** SQLite: one more call with each SQL statement timed (see profiled). */
  profile?: Profile;
}

interface StatementTime {
  sql: string;
  ms: number;
  calls: number;
  plan: string[];
}

interface Profile {
  ms: number;
  statements: StatementTime[];
}

type Prepare = (this: SQLite.Database, source: string) => SQLite.Statement;

/**
 * Runs `work` with every statement better-sqlite3 prepares meanwhile timed (Kysely prepares each
 * query it runs), then asks SQLite for the plan of each (`EXPLAIN QUERY PLAN`, same parameters).
 */
async function profiled(work: () => Promise<unknown>): Promise<Profile> {
  const proto = SQLite.prototype as unknown as { prepare: Prepare };
  const original = proto.prepare;
  const seen = new Map<string, StatementTime & { db: SQLite.Database; args: unknown[] }>();
  proto.prepare = function (this: SQLite.Database, source: string) {
    const statement = original.call(this, source);
    const db = this;
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const run = statement[method] as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          const started = performance.now();
          try {
            return run.apply(statement, args);
          } finally {
            const entry = seen.get(source) ?? { sql: source, ms: 0, calls: 0, plan: [], db, args };
            entry.ms += performance.now() - started;
            entry.calls += 1;
            seen.set(source, entry);
          }
        },
      });
    }
    return statement;
  };
  const started = performance.now();
  try {
    await work();
  } finally {
    proto.prepare = original;
  }
  const ms = performance.now() - started;
  const statements = [...seen.values()].sort((a, b) => b.ms - a.ms);
  for (const st of statements) {
    try {
      const rows = original.call(st.db, `EXPLAIN QUERY PLAN ${st.sql}`).all(...st.args) as { detail: string }[];
      st.plan = rows.map((r) => r.detail).filter((d) => /SCAN|SEARCH|TEMP B-TREE|AUTOMATIC/.test(d));
    } catch {
      st.plan = [];
    }
  }
  return { ms, statements: statements.map(({ sql, ms, calls, plan }) => ({ sql, ms, calls, plan })) };
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

function readsFor(p: Plan, busiest: string): Read[] {
  const now = p.now;
  let sessions = 0;
  for (let s = 0; s < p.sessionVisitor.length; s++) if (!p.visitorBot[p.sessionVisitor[s]!]) sessions++;
  const from = new Date(now - settings.days * DAY).toISOString().slice(0, 10);
  const to = new Date(now).toISOString().slice(0, 10);
  const range = `from=${from}&to=${to}`;
  // The last 30 days of the 90: most accounts were active before it too, so the running totals are read at both ends.
  const recent = `from=${new Date(now - 29 * DAY).toISOString().slice(0, 10)}&to=${to}`;
  return [
    {
      key: 'accounts',
      name: 'Account list, by score',
      short: 'account list',
      path: `/api/accounts?${range}`,
      goal: true,
      check: (b) => (b.total > settings.targets && b.accounts?.length === 50 ? null : `expected more than ${settings.targets} accounts and a page of 50, got total ${b.total}, ${b.accounts?.length} rows`),
    },
    {
      key: 'targets',
      name: 'Account list, targets by visits (last 30 days)',
      short: 'target list',
      path: '/api/accounts?target=true&sort=-visits&limit=50',
      goal: false,
      check: (b) =>
        b.total === settings.targets && b.accounts?.length === 50 && b.accounts.every((a: { target: boolean }) => a.target) && b.accounts[0].visits > 0
          ? null
          : `expected ${settings.targets} targets, 50 rows, all targets, the first with visits; got total ${b.total}`,
    },
    {
      key: 'kpis',
      name: 'KPIs',
      short: 'KPIs',
      path: `/api/kpis?${range}`,
      goal: true,
      check: (b) => (b.active_accounts > settings.targets && b.aware > 0 ? null : `expected active accounts > ${settings.targets} and aware > 0, got ${b.active_accounts}, ${b.aware}`),
    },
    {
      key: 'accounts-30',
      name: 'Account list, by score (last 30 days)',
      short: 'account list, 30 days',
      path: `/api/accounts?${recent}`,
      goal: false,
      check: (b) => (b.total > settings.targets && b.accounts?.length === 50 ? null : `expected more than ${settings.targets} accounts and a page of 50, got total ${b.total}, ${b.accounts?.length} rows`),
    },
    {
      key: 'kpis-30',
      name: 'KPIs (last 30 days)',
      short: 'KPIs, 30 days',
      path: `/api/kpis?${recent}`,
      goal: false,
      check: (b) => (b.active_accounts > settings.targets && b.aware > 0 ? null : `expected active accounts > ${settings.targets} and aware > 0, got ${b.active_accounts}, ${b.aware}`),
    },
    {
      key: 'channels',
      name: 'Channels',
      short: 'channels',
      path: `/api/channels?${range}`,
      goal: true,
      check: (b) => {
        const got = (b.channels ?? []).reduce((n: number, c: { sessions: number }) => n + c.sessions, 0);
        return b.channels?.length === CHANNELS.length && got === sessions ? null : `expected ${CHANNELS.length} channels and ${sessions} sessions (bots left out), got ${b.channels?.length}, ${got}`;
      },
    },
    {
      key: 'timeline',
      name: "One account's timeline (busiest target)",
      short: "one account's timeline",
      path: `/api/accounts/${busiest}?${range}`,
      goal: true,
      check: (b) => (b.id === busiest && b.sessions?.length > 0 && b.totals?.visits > 0 ? null : `expected account ${busiest} with sessions, got ${b.id}, ${b.sessions?.length} sessions`),
    },
    {
      key: 'content',
      name: 'Content (raw events; not one of the four)',
      short: 'content',
      path: `/api/content?${range}`,
      goal: false,
      // Seconds a call at this size: fewer calls keep the section within minutes.
      warmup: 1,
      calls: 3,
      check: (b) => (b.content?.length > 0 && b.target_accounts === settings.targets ? null : `expected content rows and ${settings.targets} target accounts, got ${b.content?.length}, ${b.target_accounts}`),
    },
  ];
}

function summarise(key: string, b: any): string {
  switch (key) {
    case 'accounts':
    case 'accounts-30':
      return `${formatBytes(b.total)} accounts; top score ${b.accounts[0]?.score}`;
    case 'targets':
      return `${formatBytes(b.total)} targets; most visits ${formatBytes(b.accounts[0]?.visits ?? 0)}`;
    case 'kpis':
    case 'kpis-30':
      return `${formatBytes(b.active_accounts)} active accounts, ${formatBytes(b.aware)} aware targets, ${formatBytes(b.engaged)} engaged`;
    case 'channels':
      return `${b.channels.length} channels, ${formatBytes(b.channels.reduce((n: number, c: { sessions: number }) => n + c.sessions, 0))} sessions`;
    case 'timeline':
      return `${formatBytes(b.totals.visits)} visits, ${b.sessions.length} sessions listed, ${formatBytes(b.totals.page_views)} page views`;
    case 'content':
      return `${b.content.length} rows, top: ${b.content[0]?.url.replace(benchOrigin, '')}`;
    default:
      return '';
  }
}

async function timeReads(store: Store, list: Read[], profile = false): Promise<Timing[]> {
  let lastError: unknown = null;
  const app = createApp({ store, sdk: { 's.js': '' }, publicUrl: 'http://bench', adminToken, logError: (err) => (lastError = err) });
  const headers = { authorization: `Bearer ${adminToken}` };
  const out: Timing[] = [];
  for (const read of list) {
    const samples: number[] = [];
    let failure: string | null = null;
    let body: unknown = null;
    const warmup = read.warmup ?? settings.warmup;
    const calls = read.calls ?? settings.calls;
    for (let i = 0; i < warmup + calls && !failure; i++) {
      const started = performance.now();
      const res = await app.request(read.path, { headers });
      const text = await res.text();
      const ms = performance.now() - started;
      if (i >= warmup) samples.push(ms);
      if (res.status !== 200) {
        const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
        failure = `status ${res.status}: ${text.slice(0, 200)}${cause}`;
      } else if (i === 0) {
        body = JSON.parse(text);
        failure = read.check(body);
      }
    }
    out.push({
      read,
      samples,
      median: quantile(samples, 0.5),
      p95: quantile(samples, 0.95),
      failure,
      summary: failure ? '' : summarise(read.key, body),
      // Content is left out: seconds a call, and it is not one of the four.
      ...(profile && !failure && read.key !== 'content' && { profile: await profiled(async () => (await app.request(read.path, { headers })).text()) }),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The stores.

interface Counts {
  events: number;
  account_days: number;
  account_day_keys: number;
  sessions: number;
  visitors: number;
  accounts: number;
}

interface StoreRun {
  name: string;
  loaded: Loaded;
  counts: Counts;
  bytes: number;
  timings: Timing[];
  /** PostgreSQL: VACUUM ANALYZE after the load, seconds. */
  analyzeSeconds?: number;
  note?: string;
}

const COUNTED = ['events', 'account_days', 'account_day_keys', 'sessions', 'visitors', 'accounts'] as const;

async function runSqlite(p: Plan): Promise<StoreRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'open-abm-bench-reads-'));
  const file = path.join(dir, 'abm.db');
  try {
    const target: DatabaseTarget = { kind: 'sqlite', path: file, synchronous: 'normal' };
    const store = await openStore(target);
    try {
      const loaded = await load(store, p, 'reads: loading SQLite');
      const counter = new SQLite(file, { readonly: true });
      let counts: Counts;
      try {
        counts = Object.fromEntries(COUNTED.map((t) => [t, (counter.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n])) as unknown as Counts;
      } finally {
        counter.close();
      }
      const timings = await timeReads(store, readsFor(p, loaded.busiest.id), true);
      let bytes = 0;
      for (const f of [file, `${file}-wal`]) bytes += (await stat(f).catch(() => ({ size: 0 }))).size;
      // For profiling reads by hand: keep a copy of the loaded database.
      const keep = process.env.BENCH_READS_KEEP;
      if (keep) {
        const copier = new SQLite(file);
        try {
          copier.prepare('VACUUM INTO ?').run(keep);
        } finally {
          copier.close();
        }
      }
      return { name: 'SQLite', loaded, counts, bytes, timings };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}


type PostgresOutcome = { ok: true; run: StoreRun; version: string } | { ok: false; url: string; reason: string };

async function runPostgres(p: Plan): Promise<PostgresOutcome> {
  const url = postgresUrl();
  try {
    return await runPostgresUnguarded(url, p);
  } catch (error) {
    return { ok: false, url: redact(url), reason: `the run failed (${describeError(error)})` };
  }
}

async function runPostgresUnguarded(url: string, p: Plan): Promise<PostgresOutcome> {
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => {});
    return { ok: false, url: redact(url), reason: `it is unreachable (${describeError(error)})` };
  }
  const database = `open_abm_bench_reads_${process.pid}_${Date.now().toString(36)}`;
  try {
    const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?';
    await admin.query(`create database ${database}`);
    try {
      const benchUrl = new URL(url);
      benchUrl.pathname = `/${database}`;
      const store = await openStore({ kind: 'postgres', url: benchUrl.toString() });
      try {
        const loaded = await load(store, p, 'reads: loading PostgreSQL');
        const client = new pg.Client({ connectionString: benchUrl.toString() });
        await client.connect();
        let counts: Counts;
        let bytes: number;
        let analyzeSeconds: number;
        try {
          // What autovacuum would get to on its own a minute or so after a load like this one.
          const started = performance.now();
          await client.query('vacuum analyze');
          analyzeSeconds = (performance.now() - started) / 1000;
          const entries: [string, number][] = [];
          for (const t of COUNTED) entries.push([t, Number((await client.query<{ n: string }>(`select count(*) as n from ${t}`)).rows[0]?.n ?? 0)]);
          counts = Object.fromEntries(entries) as unknown as Counts;
          bytes = Number((await client.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0]?.n ?? 0);
        } finally {
          await client.end();
        }
        const timings = await timeReads(store, readsFor(p, loaded.busiest.id));
        return { ok: true, version, run: { name: 'PostgreSQL', loaded, counts, bytes, timings, analyzeSeconds } };
      } finally {
        await store.close();
      }
    } finally {
      const versionNum = Number((await admin.query<{ v: string }>('show server_version_num')).rows[0]?.v ?? 0);
      await admin.query(`drop database if exists ${database}${versionNum >= 130000 ? ' with (force)' : ''}`);
    }
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const count = (n: number) => formatBytes(n);
const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(1)} %`;

function readsTable(run: StoreRun, judged: boolean): string {
  return markdownTable(
    [
      { header: 'Read' },
      { header: 'Request' },
      { header: 'Calls', align: 'right' },
      { header: 'Median ms', align: 'right' },
      { header: 'p95 ms', align: 'right' },
      { header: 'Goal ms', align: 'right' },
      { header: 'Met (median, p95)' },
      { header: 'Reply' },
    ],
    run.timings.map((t) => [
      t.read.name,
      `\`GET ${t.read.path.replace(/[?&](from|to)=[\d-]+/g, (m) => (m.startsWith('?') ? '?…' : ''))}\``,
      `${t.read.warmup ?? settings.warmup} + ${t.samples.length}`,
      t.failure ? 'n/a' : ms(t.median),
      t.failure ? 'n/a' : ms(t.p95),
      judged && t.read.goal ? `< ${goalMs}` : '',
      t.failure ? '**failed**' : judged && t.read.goal ? `${t.median < goalMs ? 'yes' : '**no**'}, ${t.p95 < goalMs ? 'yes' : 'no'}` : '',
      t.failure ? `failed: ${t.failure.replace(/\|/g, '\\|').replace(/\n/g, ' ')}` : t.summary,
    ]),
  );
}

/** One line, the account list's VALUES of days folded, the middle of a long statement left out. */
const compactSql = (text: string, head = 80, tail = 50) => {
  const one = text
    .replace(/\s+/g, ' ')
    .replace(/"/g, '')
    .replace(/\(\?, CAST\(\? AS DOUBLE PRECISION\)\)(, \(\?, CAST\(\? AS DOUBLE PRECISION\)\))*/g, '(…)')
    .trim();
  return one.length > head + tail + 3 ? `${one.slice(0, head).trimEnd()} … ${one.slice(-tail).trimStart()}` : one;
};
const cellText = (text: string) => text.replace(/\|/g, '\\|');

/** Per read, the statements that took at least a tenth of the profiled call (at most three), with SQLite's plan for each. */
function profileTable(timings: Timing[]): string {
  const rows: string[][] = [];
  for (const t of timings) {
    const p = t.profile;
    if (!p) continue;
    const sqlMs = p.statements.reduce((n, st) => n + st.ms, 0);
    const top = p.statements.filter((st, i) => i === 0 || st.ms >= p.ms / 10).slice(0, 3);
    top.forEach((st, i) =>
      rows.push([
        i === 0 ? t.read.name : '',
        i === 0 ? ms(p.ms) : '',
        i === 0 ? `${ms(sqlMs)} (${p.statements.length} statement${p.statements.length === 1 ? '' : 's'})` : '',
        `\`${cellText(compactSql(st.sql))}\``,
        `${ms(st.ms)}${st.calls > 1 ? ` (${st.calls}×)` : ''}`,
        `${Math.round((100 * st.ms) / p.ms)} %`,
        cellText(st.plan.join('; ')),
      ]),
    );
  }
  return markdownTable(
    [
      { header: 'Read' },
      { header: 'Call ms', align: 'right' },
      { header: 'SQL ms', align: 'right' },
      { header: 'Statement' },
      { header: 'ms', align: 'right' },
      { header: 'Of call', align: 'right' },
      { header: 'SQLite plan (scans, searches, temp B-trees)' },
    ],
    rows,
  );
}

function loadTable(runs: StoreRun[]): string {
  return markdownTable(
    [
      { header: 'Store' },
      { header: 'Events', align: 'right' },
      { header: 'Load s', align: 'right' },
      { header: 'Events/s', align: 'right' },
      { header: 'events rows', align: 'right' },
      { header: 'account_days', align: 'right' },
      { header: 'account_day_keys', align: 'right' },
      { header: 'sessions', align: 'right' },
      { header: 'visitors', align: 'right' },
      { header: 'accounts', align: 'right' },
      { header: 'Size MB', align: 'right' },
    ],
    runs.map((r) => [
      r.name,
      count(r.loaded.inserted),
      r.loaded.seconds.toFixed(1),
      count(Math.round(r.loaded.inserted / r.loaded.seconds)),
      count(r.counts.events),
      count(r.counts.account_days),
      count(r.counts.account_day_keys),
      count(r.counts.sessions),
      count(r.counts.visitors),
      count(r.counts.accounts),
      (r.bytes / MB).toFixed(0),
    ]),
  );
}

async function runReads(): Promise<string> {
  const started = performance.now();
  const now = Date.now();
  const sqlitePlan = plan(settings.events, now);
  const sqlite = await runSqlite(sqlitePlan);
  const stride = Math.max(1, Math.round(settings.events / settings.postgresEvents));
  const pgPlan = thin(sqlitePlan, stride);
  const postgres = await runPostgres(pgPlan);
  const runs = [sqlite, ...(postgres.ok ? [postgres.run] : [])];

  const four = sqlite.timings.filter((t) => t.read.goal);
  const met = four.filter((t) => !t.failure && t.median < goalMs);
  const missed = four.filter((t) => t.failure || t.median >= goalMs);
  const headline =
    `Goal: the account list, KPIs, channels and one account's timeline, each in **under ${goalMs} ms on SQLite** with ${count(settings.events)} events over ${count(settings.accounts)} accounts and ${settings.days} days. ` +
    `Now (median): ${four.map((t) => `${t.read.short} ${t.failure ? '**failed**' : `**${ms(t.median)} ms**`}`).join(', ')}: **${met.length} of ${four.length}** within it` +
    (met.length && missed.length ? ` (${met.map((t) => t.read.short).join(', ')})` : '') +
    `: ${missed.length ? '**goal not met**' : 'goal met'}.`;

  const t = sqlitePlan.tally;
  const wall = (performance.now() - started) / 1000;
  const postgresSection = postgres.ok
    ? [
        pgPlan === sqlitePlan
          ? `PostgreSQL ${postgres.version}, the same ${count(pgPlan.events)} events (no goal; for comparison):`
          : `PostgreSQL ${postgres.version}, **${count(pgPlan.events)} events** (every ${stride}th session of the same data, to keep the section short; so not comparable one to one with SQLite's times), no goal:`,
        '',
        readsTable(postgres.run, false),
      ]
    : [`PostgreSQL: not measured: PostgreSQL at ${postgres.url}: ${postgres.reason}. Set \`BENCH_DATABASE_URL\` (or \`TEST_DATABASE_URL\`) to measure it.`];
  const pgLoadNote = postgres.ok
    ? `- **PostgreSQL** ${postgres.version}: \`openStore({ kind: 'postgres', url })\` (its default pool of 10) on a database created for this run (\`CREATE DATABASE\`) and dropped after it, on ${redact(postgresUrl()).replace(/\/[^/]*$/, '/…')}, loaded the same way with ${pgPlan === sqlitePlan ? 'the same events' : `every ${stride}th session of the same data (${count(pgPlan.events)} events over the same ${settings.days} days), since loading all ${count(sqlitePlan.events)} would take about ${Math.round(sqlitePlan.events / (postgres.run.loaded.inserted / postgres.run.loaded.seconds) / 60)} min at the rate measured`}. Then \`VACUUM ANALYZE\` (${postgres.run.analyzeSeconds?.toFixed(1)} s, not in the load time), standing in for what autovacuum does by itself shortly after a load like this; the server runs on the same 2 cores as the bench.`
    : '- **PostgreSQL**: not measured (see above).';

  return [
    headline,
    '',
    `SQLite, ${count(sqlitePlan.events)} events; times through the HTTP app; calls are warm-up + timed:`,
    '',
    readsTable(sqlite, true),
    '',
    ...postgresSection,
    '',
    `Where SQLite's time goes: one more call of each read (content left out) with every SQL statement timed as better-sqlite3 runs it; "Of call" is the statement's share of that call, the rest is the route's own work (JSON, scoring, Hono); plans from \`EXPLAIN QUERY PLAN\`:`,
    '',
    profileTable(sqlite.timings),
    '',
    'Loading, and the rows it left:',
    '',
    loadTable(runs),
    '',
    ...runs.map((r) => `Timeline read on ${r.name}: the busiest target account, ${r.loaded.busiest.name} (\`${r.loaded.busiest.id}\`), ${count(r.loaded.busiest.events)} non-bot events over the ${settings.days} days.`),
    '',
    `Collector from commit ${await describeSource(['collector'])}. This section took ${wall.toFixed(0)} s.`,
    '',
    'How it is measured:',
    '',
    `- **Data**: seeded (mulberry32), so each run gets the same events. One site; ${count(settings.targets)} target accounts imported with \`store.importTargets\` (tiers 1–3, ${OWNERS.length} owners), ${count(settings.accounts - settings.targets)} other companies sent as account references without an id (\`via: 'network'\`), which the store resolves and creates as the collector does. ${count(settings.visitors)} visitors: the first ${count(settings.accounts)} one per company, so every account has one, the rest drawn from a power law over the companies (weight of rank r ∝ 1/r^${settings.zipf}, ranks dealt at random, so targets are among busy and quiet accounts alike). Sessions of 1–8 events (mean ≈ 3.1), one per visitor then visitors at random, starting uniformly over the last ${settings.days} days, in time order. Each session opens with a page view carrying its \`touch\` (one of ${CHANNELS.length} GA4 channels: ${CHANNELS.map((c) => c.channel).join(', ')}); the other events are page views, engagement (\`props.visible_ms\`), downloads, forms and custom events, ${count(PAGES.length)} pages drawn with a power law. \`points\` from \`eventPoints\` (collector/accounts/scoring.ts); \`roleLevel\` on the events of ${pct(settings.roleShare, 1)} of visitors. Of the ${count(sqlitePlan.events)} events: ${[...sqlite.loaded.types].sort(([, a], [, b]) => b - a).map(([type, n]) => `${pct(n, sqlitePlan.events)} ${type}`).join(', ')}; ${pct(t.bots, sqlitePlan.events)} from bots, ${pct(t.noAccount, sqlitePlan.events)} crediting no account, ${pct(t.roles, sqlitePlan.events)} with a seniority level.`,
    `- **Loading**: \`store.insertEvents\` in batches of ${count(settings.batch)}, one after another: the collector's real write path (events, sessions, visitors, accounts' first and last seen, the \`account_days\` and \`account_day_keys\` rollups, each account's running totals (\`account_totals\`, \`account_visitors\`) and the channels' rollups, in one transaction per batch). Events/s is events ÷ wall time of the load, generating them included.`,
    `- **SQLite**: \`openStore({ kind: 'sqlite', path, synchronous: 'normal' })\` on a file in a fresh temporary directory (removed after): \`NORMAL\` to load faster; it changes how commits are synced, not how reads run. No \`ANALYZE\` is run, as the collector runs none. Size is the file plus its WAL.`,
    pgLoadNote,
    `- **Reads**: \`createApp({ store, … })\` from collector/http with an admin token, each request made with \`app.request(path, { headers: { authorization: 'Bearer …' } })\` in this process, so routing, auth, query validation, the store's SQL and JSON are all in the time, sockets are not. \`from\` is ${settings.days} days before today and \`to\` today (UTC), so the whole data set is in range; the targets-by-visits list uses the default range (the last 30 days), and the two "last 30 days" rows the same 30 days ending today: most accounts were active before them too, so those read each account's running totals at both ends of the range, the general case when history is longer than the range. Each read: ${settings.warmup} warm-up calls, then ${settings.calls} timed one after another (\`performance.now()\` around the request and reading its body); median and p95 of those ${settings.calls} (with ${settings.calls} calls, p95 is the slowest). Content takes seconds a call, so it gets 1 warm-up and 3 timed calls (its p95 is the slowest). A read fails when a reply is not 200 or its body is implausible (e.g. the account list must have more than ${count(settings.targets)} accounts, KPIs more than ${count(settings.targets)} active accounts, channels all ${CHANNELS.length} channels).`,
    `- **Goal**: the issue's four reads (account list, KPIs, channels, one account's timeline) on SQLite, judged on the median; the targets-by-visits list (a second shape of the account list), the list and KPIs over the last 30 days, and content (\`/api/content\`, which reads raw events rather than rollups) are reported without a goal.`,
    '- `BENCH_READS_EVENTS` (and `BENCH_READS_PG_EVENTS` for PostgreSQL alone) change the number of events, for trying the bench out; `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`) where PostgreSQL is.',
  ].join('\n');
}

export const reads: Benchmark = {
  id: 'reads',
  title: 'Account reads at 1M events',
  run: runReads,
};
