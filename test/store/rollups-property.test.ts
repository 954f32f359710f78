import { describe, expect, it } from 'vitest';
import { openStore, type AccountDay } from '../../collector/store/index.js';
import { mulberry32 } from '../../demo-site/simulator/random.js';
import type { AccountRef, StoredEvent } from '../../collector/schema/domain.js';

/**
 * Property: after any sequence of inserts, the per-account-per-day rollups equal a full
 * recomputation from the raw events as stored (their final account, seniority and points),
 * whatever stitching, duplicates, bots and midnight boundaries did along the way.
 * The recomputation below is written independently of rollups.ts.
 */


type Rng = ReturnType<typeof mulberry32>;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

const DAY_MS = 86_400_000;
const D0 = Date.UTC(2026, 10, 20);
const SITES = ['site-a', 'site-b'] as const;
const VISITORS = ['ana', 'bob', 'cy', 'dee', 'eve'] as const;
const net = (name: string, domain: string, nameKey: string): AccountRef => ({ id: null, name, domain, nameKey, via: 'network' });
const NETWORK_ACCOUNTS = [net('Acme Corp', 'acme.com', 'acme'), net('Globex', 'globex.com', 'globex'), net('Umbrella', 'umbrella.com', 'umbrella')];
const email = (name: string, domain: string, nameKey: string): AccountRef => ({ id: null, name, domain, nameKey, via: 'email' });
const INITECH = email('Initech', 'initech.com', 'initech');
const LEVELS = ['c_level', 'vp', 'director', 'manager', 'other', 'intern'] as const;
const VISIBLE_MS: unknown[] = [4000, 0, -5, 2.5, 1234.4, 45 * 60_000, 30 * 60_000, 'abc', null, Number.NaN, Number.POSITIVE_INFINITY, 17];
const POINTS = [0, 1, 2, 3, 5, 8, 0.1, 0.25, 2.7, 7.5];

interface GenOptions {
  /** The accounts e-mail form fills can credit (via 'email'). */
  emailAccounts: AccountRef[];
}

function timestamp(rng: Rng): number {
  const day = int(rng, 0, 2);
  const start = D0 + day * DAY_MS;
  const r = rng();
  if (r < 0.2) return start + int(rng, 0, 120_000); // just after midnight
  if (r < 0.4) return start + DAY_MS - 1 - int(rng, 0, 120_000); // just before the next one
  return start + int(rng, 0, DAY_MS - 1);
}

function generate(seed: number, options: GenOptions): StoredEvent[][] {
  const rng = mulberry32(seed);
  const batches: StoredEvent[][] = [];
  const sent: StoredEvent[] = [];
  let received = D0 + 3 * DAY_MS;
  let n = 0;
  const fresh = (): StoredEvent => {
    const siteId = pick(rng, SITES);
    const visitor = chance(rng, 0.1) ? null : pick(rng, VISITORS);
    // SDK sessions belong to one browser; sometimes none is sent and the store assigns one.
    const session = chance(rng, 0.2) ? null : visitor ? `${visitor}-s${int(rng, 0, 2)}` : `anon-s${int(rng, 0, 1)}`;
    const type = pick(rng, ['page_view', 'page_view', 'download', 'form', 'engagement', 'engagement', 'custom'] as const);
    let props: Record<string, unknown> | null = chance(rng, 0.3) ? null : { lang: 'en' };
    if (type === 'engagement' && chance(rng, 0.9)) props = { visible_ms: pick(rng, VISIBLE_MS) };
    let account: AccountRef | null = chance(rng, 0.25) ? null : pick(rng, NETWORK_ACCOUNTS);
    const roleLevel = chance(rng, 0.3) ? pick(rng, LEVELS) : chance(rng, 0.5) ? null : undefined;
    if (type === 'form') {
      props = { ...props, ...(roleLevel && { job_title: `${roleLevel} of things` }) };
      // Stitching: a business e-mail, possibly from a visitor already credited elsewhere (or nowhere).
      if (visitor && chance(rng, 0.5)) account = pick(rng, options.emailAccounts);
    }
    const e: StoredEvent = {
      siteId,
      id: `e${n++}`,
      type,
      name: type === 'custom' ? 'signup_click' : null,
      ts: timestamp(rng),
      receivedAt: (received += int(rng, 1, 1000)),
      visitor,
      session,
      url: 'https://www.vendor.example/',
      title: null,
      referrer: null,
      props,
      ip: null,
      userAgent: 'UA',
      bot: chance(rng, 0.1),
      network: null,
      account: account && { ...account },
    };
    if (chance(rng, 0.7)) e.points = pick(rng, POINTS);
    if (roleLevel !== undefined) e.roleLevel = roleLevel;
    return e;
  };
  const resend = (): StoredEvent => {
    const old = pick(rng, sent);
    if (chance(rng, 0.5)) return { ...old, receivedAt: (received += 1) };
    // The same (site, id) with other values: the first stored wins.
    const other = fresh();
    return { ...other, siteId: old.siteId, id: old.id };
  };
  const count = int(rng, 3, 8);
  for (let b = 0; b < count; b++) {
    const batch: StoredEvent[] = [];
    const size = int(rng, 1, 40);
    for (let i = 0; i < size; i++) {
      // Resends: of an earlier batch's event (maybe altered), or the same event twice in one batch.
      const again = chance(rng, 0.15);
      if (again && sent.length && (!batch.length || chance(rng, 0.8))) batch.push(resend());
      else if (again && batch.length) batch.push({ ...pick(rng, batch) });
      else batch.push(fresh());
    }
    sent.push(...batch);
    batches.push(batch);
  }
  return batches;
}

type Expected = Omit<AccountDay, 'firstTs' | 'lastTs'> & { minTs: number; maxTs: number };

/** The rollups, from scratch: per account, site and UTC day, bots and account-less events left out. */
function recompute(events: StoredEvent[]): Expected[] {
  const rows = new Map<string, Expected & { visitorSet: Set<string>; sessionSet: Set<string> }>();
  for (const e of events) {
    const accountId = e.account?.id;
    if (e.bot || !accountId) continue;
    const day = new Date(e.ts).toISOString().slice(0, 10);
    const key = JSON.stringify([accountId, e.siteId, day]);
    let r = rows.get(key);
    if (!r) {
      r = {
        accountId, siteId: e.siteId, day, events: 0, pageViews: 0, downloads: 0, forms: 0, engagedMs: 0, visitors: 0, sessions: 0,
        minTs: e.ts, maxTs: e.ts, points: { c_level: 0, vp: 0, director: 0, manager: 0, other: 0 }, visitorSet: new Set(), sessionSet: new Set(),
      };
      rows.set(key, r);
    }
    r.events++;
    if (e.type === 'page_view') r.pageViews++;
    if (e.type === 'download') r.downloads++;
    if (e.type === 'form') r.forms++;
    if (e.type === 'engagement') {
      const ms = e.props?.visible_ms;
      if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) r.engagedMs += Math.min(Math.round(ms), 30 * 60_000);
    }
    const level = e.roleLevel === 'c_level' || e.roleLevel === 'vp' || e.roleLevel === 'director' || e.roleLevel === 'manager' ? e.roleLevel : 'other';
    r.points[level] += e.points ?? 0;
    if (e.visitor !== null) r.visitorSet.add(e.visitor);
    if (e.session !== null) r.sessionSet.add(e.session);
    r.minTs = Math.min(r.minTs, e.ts);
    r.maxTs = Math.max(r.maxTs, e.ts);
  }
  return [...rows.values()].map(({ visitorSet, sessionSet, ...r }) => ({ ...r, visitors: visitorSet.size, sessions: sessionSet.size }));
}

const rowKey = (r: { accountId: string; siteId: string; day: string }) => `${r.accountId} ${r.siteId} ${r.day}`;
const byKey = <T extends { accountId: string; siteId: string; day: string }>(rows: T[]) => [...rows].sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));

/** Every discrepancy between the stored rollups and the recomputation, in words (empty when they agree). */
function compare(actual: AccountDay[], expected: Expected[]): string[] {
  const problems: string[] = [];
  const want = new Map(expected.map((r) => [rowKey(r), r]));
  const got = new Map(actual.map((r) => [rowKey(r), r]));
  for (const k of want.keys()) if (!got.has(k)) problems.push(`missing row ${k}: expected ${JSON.stringify(want.get(k))}`);
  for (const [k, a] of got) {
    const w = want.get(k);
    if (!w) {
      problems.push(`extra row ${k}: ${JSON.stringify(a)}`);
      continue;
    }
    for (const col of ['events', 'pageViews', 'downloads', 'forms', 'engagedMs', 'visitors', 'sessions'] as const) {
      if (a[col] !== w[col]) problems.push(`${k} ${col}: rollup ${a[col]}, recomputed ${w[col]}`);
    }
    for (const level of ['c_level', 'vp', 'director', 'manager', 'other'] as const) {
      if (!(Math.abs(a.points[level] - w.points[level]) <= 1e-9)) problems.push(`${k} points.${level}: rollup ${a.points[level]}, recomputed ${w.points[level]}`);
    }
    // Stitching takes events off a day without narrowing its span: only bounds hold.
    if (!(a.firstTs <= w.minTs)) problems.push(`${k} firstTs ${a.firstTs} > earliest remaining event ${w.minTs}`);
    if (!(a.lastTs >= w.maxTs)) problems.push(`${k} lastTs ${a.lastTs} < latest remaining event ${w.maxTs}`);
    if (new Date(a.firstTs).toISOString().slice(0, 10) !== a.day || new Date(a.lastTs).toISOString().slice(0, 10) !== a.day) {
      problems.push(`${k} span ${a.firstTs}..${a.lastTs} leaves its day`);
    }
  }
  return problems;
}

async function check(seed: number, options: GenOptions): Promise<void> {
  const store = await openStore({ kind: 'sqlite', path: ':memory:' });
  try {
    for (const site of SITES) await store.createSite({ id: site, key: `key-${site}`, name: site, origins: [] });
    const batches = generate(seed, options);
    for (const [b, batch] of batches.entries()) {
      await store.insertEvents(batch);
      const stored = await store.newestEvents({ limit: 100_000 });
      const actual = await store.accountDays({ from: '0000-01-01', to: '9999-12-31' });
      const problems = compare(byKey(actual), byKey(recompute(stored)));
      expect(problems, `seed ${seed}, after batch ${b + 1} of ${batches.length}:\n${problems.join('\n')}`).toEqual([]);
    }
  } finally {
    await store.close();
  }
}

const SEEDS = Array.from({ length: 25 }, (_, i) => 1000 + i * 7919);

describe('account-day rollups equal a recomputation from the stored events', () => {
  it('after random batches: duplicates, bots, no-account events, midnights, seniority and e-mail stitching', async () => {
    for (const seed of SEEDS) await check(seed, { emailAccounts: [INITECH] });
  });

  it('also when a visitor gives more than one business e-mail (one of them an account seen by network)', async () => {
    const emailAccounts = [INITECH, email('Hooli', 'hooli.com', 'hooli'), email('Acme', 'acme.com', 'acme')];
    for (const seed of SEEDS) await check(seed, { emailAccounts });
  });
});
