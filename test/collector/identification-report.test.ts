/**
 * GET /api/identification through the real collector: events posted to /v1/events from addresses
 * of each kind in MaxMind's own test databases (ISP and Anonymous-IP, ../shared/ipdb/maxmind-test),
 * identified by the real pipeline, stored on SQLite and, with TEST_DATABASE_URL, on PostgreSQL,
 * and read back as the report. Skipped where the databases are absent, failing under CI=true.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSteps } from '../../collector/enrich/index.js';
import { startIdentification, type Identification } from '../../collector/identification.js';
import { openStore, type Store } from '../../collector/store/index.js';
import { pageView, testApp, type TestApp } from '../helpers.js';
import { freshDatabases } from '../store/scratch.js';

const repoRoot = resolvePath(fileURLToPath(import.meta.url), '../../..');
const ipdbDir = resolvePath(repoRoot, '../shared/ipdb/maxmind-test');
function requireTestDatabases(): boolean {
  if (existsSync(ipdbDir)) return true;
  const message = `no MaxMind test databases at ${ipdbDir}`;
  if (process.env.CI === 'true') throw new Error(`the identification report suite must run under CI: ${message}`);
  console.warn(`identification report suite skipped: ${message}`);
  return false;
}

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12);
const at = (day: string, hour = 10) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

/** Addresses of each kind in the test databases (checked in test/ipdb/maxmind-official.test.ts). */
const IP = {
  target: '64.17.254.216', // Karlin Peebles LLP: a business network, on the target list below
  company: '65.23.121.221', // Endodontic Associates Of Savannah: a business network, not a target
  isp: '12.87.118.1', // AT&T Worldnet Services
  mobile: '149.101.100.1', // Verizon Wireless
  anonymiser: '1.2.0.1', // an anonymous VPN
  hosting: '71.160.223.5', // a hosting provider: the session is a bot's
  unknown: '10.9.9.9', // in no database
};

const { targets } = freshDatabases('identification_report');
const open: { ident: Identification; store: Store }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.ident.close();
    await o.store.close();
  }
});

async function setup(target: (typeof targets)[number][1]): Promise<TestApp> {
  const store = await openStore(target());
  const ident = await startIdentification(
    store,
    {
      ipdb: [join(ipdbDir, 'GeoIP2-ISP-Test.mmdb'), join(ipdbDir, 'GeoIP2-Anonymous-IP-Test.mmdb')],
      accountRanges: undefined,
      openAsn: false,
      dataDir: mkdtempSync(join(tmpdir(), 'abm-idrep-')),
      minConfidence: 0.5,
      learnMinPeople: 2,
    },
    { refreshMs: 3_600_000, quiet: true },
  );
  open.push({ ident, store });
  const t = await testApp({ store, steps: defaultSteps('truncate', ident.options), identification: ident, now: () => NOW });
  const imported = await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'domain,name\nkarlinpeebles.com,Karlin Peebles LLP\n' });
  expect(imported.status, await imported.clone().text()).toBe(200);
  await ident.refresh();
  return t;
}

let n = 0;
/** One session of one event (or of several, given their times), sent from `ip`. */
async function visit(t: TestApp, ip: string, ts: number | number[], site = t.site.key) {
  const session = `s${++n}`;
  for (const time of [ts].flat()) {
    const res = await t.send({ site, events: [pageView({ visitor: `v${n}`, session, ts: time })] }, { 'x-test-client-ip': ip });
    expect((await res.json()).accepted).toBe(1);
  }
}

const report = async (t: TestApp, query: string) => {
  const res = await t.admin(`/api/identification${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as any;
};
const classes = (r: any) => Object.fromEntries(r.classes.map((c: any) => [c.class, c.sessions]));

describe.skipIf(!requireTestDatabases())('GET /api/identification', () => {
  it.each(targets)('%s: sessions by class, the share identified, its trend by day and the previous period', async (_kind, target) => {
    const t = await setup(target);
    // The last 7 days: 17–23 Nov 2026. The 7 days before: 10–16 Nov.
    await visit(t, IP.target, at('2026-11-20'));
    await visit(t, IP.target, [at('2026-11-21'), at('2026-11-21', 11)]);
    await visit(t, IP.company, at('2026-11-21'));
    await visit(t, IP.isp, at('2026-11-17'));
    await visit(t, IP.isp, at('2026-11-20'));
    await visit(t, IP.isp, at('2026-11-23', 9));
    await visit(t, IP.mobile, at('2026-11-18'));
    await visit(t, IP.anonymiser, at('2026-11-19'));
    await visit(t, IP.unknown, at('2026-11-19'));
    await visit(t, IP.hosting, at('2026-11-19'));
    // The previous period: one target session of four.
    await visit(t, IP.target, at('2026-11-12'));
    for (const day of ['2026-11-10', '2026-11-14', '2026-11-16']) await visit(t, IP.isp, at(day));
    // Before both: not counted.
    await visit(t, IP.target, at('2026-11-01'));

    const r = await report(t, '?period=7d');
    expect(r).toMatchObject({ site: null, from: '2026-11-17', to: '2026-11-23', sessions: 9, identified: 3, share: 0.3333, bots: 1 });
    expect(classes(r)).toEqual({ target: 2, company: 1, isp: 3, mobile: 1, hosting: 0, anonymiser: 1, unknown: 1 });
    expect(r.classes.map((c: any) => c.class)).toEqual(['target', 'company', 'isp', 'mobile', 'hosting', 'anonymiser', 'unknown']);
    expect(r.classes.find((c: any) => c.class === 'isp').share).toBe(0.3333);
    expect(r.previous).toEqual({ from: '2026-11-10', to: '2026-11-16', sessions: 4, identified: 1, share: 0.25 });
    expect(r.change).toBe(0.0833);
    expect(r.trend).toEqual([
      { day: '2026-11-17', sessions: 1, identified: 0, share: 0 },
      { day: '2026-11-18', sessions: 1, identified: 0, share: 0 },
      { day: '2026-11-19', sessions: 2, identified: 0, share: 0 },
      { day: '2026-11-20', sessions: 2, identified: 1, share: 0.5 },
      { day: '2026-11-21', sessions: 2, identified: 2, share: 1 },
      { day: '2026-11-22', sessions: 0, identified: 0, share: null },
      { day: '2026-11-23', sessions: 1, identified: 0, share: 0 },
    ]);
    // The same days by from and to give the same report.
    expect(await report(t, '?from=2026-11-17&to=2026-11-23')).toEqual(r);
  });

  it.each(targets)('%s: a session is counted by its first event, one site or all, and by week past 31 days', async (_kind, target) => {
    const t = await setup(target);
    const other = await t.store.createSite({ id: 'site-two', key: 'key-site-two', name: 'Second', origins: ['https://www.vendor.example'] });
    // Mobile first, then home Wi-Fi: a mobile session.
    const send = async (session: string, ts: number, ip: string) =>
      expect((await (await t.send({ site: t.site.key, events: [pageView({ visitor: session, session, ts })] }, { 'x-test-client-ip': ip })).json()).accepted).toBe(1);
    await send('moving', at('2026-11-02'), IP.mobile);
    await send('moving', at('2026-11-02', 11), IP.isp);
    // Its earlier event arrives last (an offline queue): home Wi-Fi first, so an ISP session.
    await send('late', at('2026-11-03', 11), IP.mobile);
    await send('late', at('2026-11-03', 10), IP.isp);
    // A target account's visit on the second site.
    await visit(t, IP.target, at('2026-11-20'), other.key);
    await visit(t, IP.anonymiser, at('2026-10-01'));

    const one = await report(t, `?site=${t.site.key}&from=2026-10-01&to=2026-11-23`);
    expect(one).toMatchObject({ site: t.site.id, sessions: 3, identified: 0, share: 0 });
    expect(classes(one)).toMatchObject({ mobile: 1, isp: 1, anonymiser: 1, target: 0 });
    // 54 days: weeks from Monday to Sunday, the first from the period's first day (a Thursday).
    expect(one.trend.map((p: any) => p.day)).toEqual(['2026-10-01', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(one.trend.map((p: any) => p.sessions)).toEqual([1, 0, 0, 0, 0, 2, 0, 0, 0]);
    // The previous 54 days had nothing.
    expect(one.previous).toEqual({ from: '2026-08-08', to: '2026-09-30', sessions: 0, identified: 0, share: null });
    expect(one.change).toBeNull();

    const all = await report(t, '?from=2026-10-01&to=2026-11-23');
    expect(all).toMatchObject({ site: null, sessions: 4, identified: 1, share: 0.25 });
    expect(classes(all).target).toBe(1);
    expect((await report(t, `?site=${other.id}&from=2026-10-01&to=2026-11-23`)).classes[0]).toEqual({ class: 'target', sessions: 1, share: 1 });
  });

  it.each(targets)('%s: identifying stored events again moves their sessions to their new class', async (_kind, target) => {
    const t = await setup(target);
    await visit(t, IP.isp, [at('2026-11-20'), at('2026-11-20', 11)]);
    await visit(t, IP.isp, at('2026-11-21'));
    expect(classes(await report(t, '?period=7d'))).toMatchObject({ isp: 2, mobile: 0 });
    // A new database says the network is a mobile carrier's: every event, then one network's.
    const mobile = (e: any) => ({ network: { ...e.network, class: 'mobile' }, account: null, bot: false });
    await t.store.reidentify(mobile, () => {});
    expect(classes(await report(t, '?period=7d'))).toMatchObject({ isp: 0, mobile: 2 });
    const isp = (e: any) => ({ network: { ...e.network, class: 'isp' }, account: null, bot: false });
    await t.store.reidentify(isp, () => {}, { network: '12.87.118.0' });
    expect(classes(await report(t, '?period=7d'))).toMatchObject({ isp: 2, mobile: 0 });
  });

  it('refuses what it cannot read, saying what to fix', async () => {
    const t = await testApp({ now: () => NOW });
    const error = async (query: string, status: number, code: string, message: RegExp) => {
      const res = await t.admin(`/api/identification${query}`);
      expect(res.status).toBe(status);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(message);
    };
    await error('?period=5d', 400, 'invalid_query', /^period:/);
    await error('?period=7d&from=2026-11-01', 400, 'invalid_query', /either period or from and to/);
    await error('?from=2026-13-01', 400, 'invalid_query', /^from:/);
    await error('?from=2026-11-20&to=2026-11-01', 400, 'invalid_query', /from must not be after to/);
    await error('?site=nope', 404, 'unknown_site', /nope/);
    expect((await t.request('/api/identification')).status).toBe(401);
    // Nothing yet: zeros and no share, every class listed, every day of the default 30.
    const empty = await report(t, '');
    expect(empty).toMatchObject({ from: '2026-10-25', to: '2026-11-23', sessions: 0, identified: 0, share: null, bots: 0, change: null });
    expect(empty.classes).toHaveLength(7);
    expect(empty.trend).toHaveLength(30);
  });
});
