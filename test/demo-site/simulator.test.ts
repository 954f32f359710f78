import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isbot } from 'isbot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIndex } from '../../collector/accounts/index.js';
import { channelOf } from '../../collector/attribution/index.js';
import { parseConfig } from '../../collector/config.js';
import { createResolver, creditsAccount, mayCreditTarget, openIpdb, type IpdbSource, type Resolver } from '../../collector/ipdb/index.js';
import { startCollector, type RunningCollector } from '../../collector/main.js';
import { evaluateStages, evaluateStagesOver } from '../../collector/stage-evaluation.js';
import type { StageChange } from '../../collector/store/index.js';
import { PAGES_DIR } from '../../demo-site/server.js';
import { ensureDemoSite } from '../../demo-site/setup.js';
import { DESKTOP_AGENTS, DOWNLOADS, MOBILE_AGENTS, SOURCES } from '../../demo-site/simulator/catalog.js';
import {
  ACCESS_NETWORKS, CRAWLERS, DEMO_OWNERS, DEMO_TARGETS, OTHER_COMPANIES, generateTraffic, simulate, type SimulateReport, type Visit,
} from '../../demo-site/simulator/index.js';
import { DAY_MS, zoneOffset } from '../../demo-site/simulator/traffic.js';
import { freePort } from '../process-helpers.js';

const ORIGIN = 'http://localhost:3000';
const NOW = Date.UTC(2026, 4, 20, 15, 30);

describe('the traffic generator', () => {
  const traffic = generateTraffic({ origin: ORIGIN, days: 30, seed: 7, now: NOW, scale: 0.3 });
  const events = traffic.visits.flatMap((v) => v.events);

  it('is deterministic for a seed, and another seed makes other traffic', () => {
    const again = generateTraffic({ origin: ORIGIN, days: 30, seed: 7, now: NOW, scale: 0.3 });
    const first = (t: typeof traffic, n: number) => t.visits.flatMap((v) => v.events.map((e) => ({ ...e, ip: v.ip, ua: v.userAgent }))).slice(0, n);
    expect(first(again, 500)).toEqual(first(traffic, 500));
    expect(again.events).toBe(traffic.events);
    const other = generateTraffic({ origin: ORIGIN, days: 30, seed: 8, now: NOW, scale: 0.3 });
    expect(first(other, 50)).not.toEqual(first(traffic, 50));
  });

  it('makes events the collector accepts, on the demo site’s real pages', () => {
    const ids = new Set<string>();
    for (const e of events) {
      expect(e.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(Number.isInteger(e.ts)).toBe(true);
      expect(e.visitor).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(e.session).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      ids.add(e.id);
      const url = new URL(e.url);
      expect(url.origin).toBe(ORIGIN);
      const file = url.pathname === '/' ? 'index.html' : url.pathname.startsWith('/app/') ? 'app/index.html' : url.pathname.slice(1);
      expect(existsSync(join(PAGES_DIR, file)), url.pathname).toBe(true);
      if (e.type === 'download') {
        expect(Object.values(DOWNLOADS).map((d) => `${ORIGIN}${d.path}`)).toContain(e.props?.href);
        expect(e.props?.text).toMatch(/PDF/);
      }
      if (e.type === 'form') {
        expect(e.props).toMatchObject({ form_id: expect.stringMatching(/^(demo-request|newsletter)$/), fields: expect.arrayContaining(['email']) });
        expect(e.props?.email_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(JSON.stringify(e.props)).not.toMatch(/@/); // names of fields, a domain and a hash: never an address
      }
      if (e.type === 'engagement') expect(e.props?.visible_ms).toBeGreaterThan(0);
    }
    expect(ids.size).toBe(events.length);
    for (const path of Object.values(DOWNLOADS).map((d) => d.path)) expect(existsSync(join(PAGES_DIR, path)), path).toBe(true);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['page_view', 'engagement', 'download', 'form']));
  });

  it('sends demo requests from target companies’ senior people, with their company domain', () => {
    const demos = traffic.visits.flatMap((v) => v.events.filter((e) => e.props?.form_id === 'demo-request').map((e) => ({ v, e })));
    expect(demos.length).toBeGreaterThanOrEqual(6);
    for (const { v, e } of demos.filter((d) => d.v.kind === 'target')) {
      expect(e.props?.email_domain).toBe(v.company);
      expect(e.props?.job_title).toEqual(expect.any(String));
    }
  });

  it('spreads visits over the period: companies in business hours on weekdays, all before now', () => {
    for (const e of events) expect(e.ts).toBeGreaterThanOrEqual(NOW - 30 * DAY_MS - DAY_MS);
    for (const e of events) expect(e.ts).toBeLessThanOrEqual(NOW);
    const companyVisits = traffic.visits.filter((v) => v.kind === 'target' || v.kind === 'company');
    const local = (v: Visit) => {
      const c = [...DEMO_TARGETS, ...OTHER_COMPANIES].find((x) => x.domain === v.company)!;
      return new Date(v.start + zoneOffset(c.timeZone, v.start));
    };
    const weekday = companyVisits.filter((v) => ![0, 6].includes(local(v).getUTCDay())).length;
    const office = companyVisits.filter((v) => local(v).getUTCHours() >= 7 && local(v).getUTCHours() < 19).length;
    expect(weekday / companyVisits.length).toBeGreaterThan(0.85);
    expect(office / companyVisits.length).toBeGreaterThan(0.85);
    expect(traffic.warming.length).toBeGreaterThanOrEqual(5);
  });

  it('comes through at least four channels, as the collector derives them', () => {
    for (const s of Object.values(SOURCES)) {
      const url = new URL(`${ORIGIN}/${'query' in s ? `?${s.query.replace(/\{id\}/g, 'abc123').replace('{month}', '2026-05')}` : ''}`);
      const p = url.searchParams;
      const clickId = ['gclid', 'msclkid', 'li_fat_id', 'fbclid'].find((k) => p.has(k)) ?? null;
      const touch = channelOf({ utmSource: p.get('utm_source'), utmMedium: p.get('utm_medium'), utmCampaign: p.get('utm_campaign'), clickId, referrer: 'referrer' in s ? s.referrer : null, siteHosts: ['localhost'] });
      expect(touch.channel, s.name).toBe(s.channel);
    }
    expect(new Set(Object.values(SOURCES).map((s) => s.channel)).size).toBeGreaterThanOrEqual(4);
  });

  it('gives crawlers bot user agents and people browsers’ ones', () => {
    for (const c of CRAWLERS) expect(isbot(c.userAgent), c.name).toBe(true);
    for (const [ua] of [...DESKTOP_AGENTS, ...MOBILE_AGENTS]) expect(isbot(ua), ua).toBe(false);
  });

  it('lists about 50 targets, each with an owner, a tier and a few prefixes', () => {
    expect(DEMO_TARGETS.length).toBeGreaterThanOrEqual(45);
    expect(DEMO_TARGETS.length).toBeLessThanOrEqual(60);
    expect(new Set(DEMO_TARGETS.map((t) => t.domain)).size).toBe(DEMO_TARGETS.length);
    for (const t of DEMO_TARGETS) {
      expect(DEMO_OWNERS).toContain(t.owner);
      expect(['1', '2', '3']).toContain(t.tier);
      expect(t.prefixes.length).toBeGreaterThanOrEqual(1);
    }
  });
});

/** Addresses across a prefix: its second, middle and second-to-last. */
function samples(cidr: string): string[] {
  const [base, bits] = cidr.split('/');
  const start = base!.split('.').reduce((n, p) => n * 256 + Number(p), 0);
  const size = 2 ** (32 - Number(bits));
  return [start + 1, start + Math.floor(size / 2), start + size - 2].map((n) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.'));
}

const TOKEN = 'simulator-admin-token-0123456789';

describe('a simulated run against a real collector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abm-simulator-'));
  let collector: RunningCollector;
  let report: SimulateReport;
  let now: number;
  let db: IpdbSource | undefined;
  let stepped: StageChange[] = [];
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${collector.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    const port = await freePort();
    const config = parseConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'abm.db')}`,
      ADMIN_TOKEN: TOKEN,
      OPEN_ASN: 'on',
      DATA_DIR: dir,
      TRUST_PROXY: 'loopback',
      ALERTS: 'off',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    // As npm start does: the minute's stage evaluation waits until the history is in and stepped through.
    let historyIn!: () => void;
    collector = await startCollector(config, { stagesAfter: new Promise<void>((resolve) => (historyIn = resolve)) });
    const { site } = await ensureDemoSite(collector.store, 3000);
    now = Date.now();
    report = await simulate({ collectorUrl: collector.url, adminToken: TOKEN, siteKey: site.key, origin: ORIGIN, days: 30, scale: 0.2, now });
    // Stages as they moved over the simulated days, as npm start evaluates them.
    stepped = await evaluateStagesOver(collector.store, { rules: config.scoring.stages, reading: config.scoring.reading, from: now - 30 * DAY_MS, to: now });
    historyIn();
  }, 120_000);

  afterAll(async () => {
    db?.close();
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends every event, and the collector stores them all', () => {
    expect(report.targets).toBe(DEMO_TARGETS.length);
    expect(report.events).toBeGreaterThan(1000);
    expect(report.accepted).toBe(report.events);
    expect(report.visits).toBeGreaterThan(100);
    expect(report.companiesSeen).toBeGreaterThanOrEqual(15);
  });

  it('credits every target’s prefixes to it, other companies to non-target accounts, and access networks to nobody', async () => {
    const file = readdirSync(dir).find((n) => /^open-asn-.*\.mmdb$/.test(n));
    expect(file).toBeDefined();
    db = await openIpdb(join(dir, file!), { pollMs: 0 });
    const resolver: Resolver = createResolver({ databases: [db] });
    const targets = await collector.store.listTargets();
    const index = accountIndex(targets);
    const minConfidence = collector.config.identification.minConfidence;
    const wrong: string[] = [];
    for (const t of DEMO_TARGETS) {
      for (const ip of t.prefixes.flatMap(samples)) {
        const r = resolver.resolve(ip);
        const m = mayCreditTarget(r, minConfidence) ? index.match({ domain: r.domain, name: r.organization }) : undefined;
        if (r.class !== 'business' || r.asn !== t.asn || m?.domain !== t.domain) wrong.push(`${t.name} ${ip}: ${r.class} ${r.organization} → ${m?.name ?? 'no account'}`);
      }
    }
    for (const c of OTHER_COMPANIES) {
      for (const ip of c.prefixes.flatMap(samples)) {
        const r = resolver.resolve(ip);
        if (r.class !== 'business' || r.asn !== c.asn || !creditsAccount(r, minConfidence) || index.match({ domain: r.domain, name: r.organization })) {
          wrong.push(`${c.name} ${ip}: ${r.class} ${r.organization} ${r.confidence}`);
        }
      }
    }
    for (const n of [...ACCESS_NETWORKS, ...CRAWLERS.map((c) => ({ ...c, class: null }))]) {
      for (const ip of n.prefixes.flatMap(samples)) {
        const r = resolver.resolve(ip);
        if (!['isp', 'mobile', 'hosting'].includes(r.class) || (n.class && r.class !== n.class)) wrong.push(`${n.name} ${ip}: ${r.class} ${r.organization}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('shows target accounts visited, through at least four channels', async () => {
    const kpis = await api<{ target_accounts: number; aware: number }>('/api/kpis');
    expect(kpis.target_accounts).toBe(DEMO_TARGETS.length);
    expect(kpis.aware).toBeGreaterThanOrEqual(10);
    const { accounts } = await api<{ accounts: { name: string; visits: number; owner: string | null; tier: string | null }[] }>('/api/accounts?target=true&limit=1000');
    const visited = accounts.filter((a) => a.visits > 0);
    expect(visited.length).toBeGreaterThanOrEqual(10);
    for (const a of visited) expect(DEMO_OWNERS).toContain(a.owner);
    const { accounts: others } = await api<{ accounts: { name: string }[] }>('/api/accounts?target=false&limit=1000');
    expect(others.length).toBeGreaterThanOrEqual(3);
    const { channels } = await api<{ channels: { channel: string; sessions: number; target_accounts: number }[] }>('/api/channels');
    const used = channels.filter((c) => c.sessions > 0).map((c) => c.channel);
    expect(used.length, used.join(', ')).toBeGreaterThanOrEqual(4);
    expect(channels.filter((c) => c.target_accounts > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('credits no home-ISP, mobile or cloud visit to an account, and flags bots', async () => {
    type Row = { type: string; bot: boolean; user_agent: string | null; network: { class: string } | null; account: { name: string } | null };
    const { events } = await api<{ events: Row[] }>('/api/events?limit=1000');
    const byClass = (c: string) => events.filter((e) => e.network?.class === c);
    for (const c of ['isp', 'mobile', 'hosting']) {
      expect(byClass(c).length, c).toBeGreaterThan(0);
      expect(byClass(c).filter((e) => e.account !== null), c).toEqual([]);
    }
    expect(byClass('hosting').every((e) => e.bot)).toBe(true);
    const crawlerAgents = new Set(CRAWLERS.map((c) => c.userAgent));
    const crawled = events.filter((e) => e.user_agent && crawlerAgents.has(e.user_agent));
    expect(crawled.length).toBeGreaterThan(0);
    expect(crawled.every((e) => e.bot)).toBe(true);
    const business = byClass('business');
    expect(business.length).toBeGreaterThan(0);
    expect(business.filter((e) => !e.bot && e.account !== null).length).toBeGreaterThan(0);
  });

  it('moves stages as the days pass: changes spread over the period, each at one of the account’s own moments and saying what moved it', async () => {
    const changes = (await collector.store.stageChanges({ limit: 10_000 })).filter((c) => c.source === 'auto');
    expect(changes.map((c) => [c.accountId, c.to, c.at]).sort()).toEqual(stepped.map((c) => [c.accountId, c.to, c.at]).sort());
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    expect(changes.length).toBeGreaterThan(10);
    expect(new Set(changes.map((c) => day(c.at))).size).toBeGreaterThanOrEqual(8);
    expect(new Set(changes.map((c) => c.at)).size).toBeGreaterThanOrEqual(8);
    let atAction = 0;
    for (const c of changes) {
      expect(c.at).toBeGreaterThanOrEqual(now - 31 * DAY_MS);
      expect(c.at).toBeLessThanOrEqual(now);
      expect(c.reason).toMatch(/^score [\d.]+, visits on \d+ of the last 30 days; read \S/);
      // Stamped when the account did what moved it: one of its own page views, downloads or forms
      // is at that moment. A step in which it did none of those (only an engagement beacon after
      // midnight made the day active) is stamped at the step's end: the day's last millisecond, or now.
      const own = (await collector.store.accountActions({ accountId: c.accountId, since: c.at, until: c.at, limit: 1 })).length === 1;
      if (own) atAction++;
      else expect(c.at === now || (c.at + 1) % DAY_MS === 0, `${c.at}: ${c.reason}`).toBe(true);
    }
    expect(atAction / changes.length).toBeGreaterThan(0.8);
    const mqa = changes.filter((c) => c.to === 'mqa');
    expect(mqa.length).toBeGreaterThan(0);
    expect(mqa.some((c) => /Pricing|demo-request/.test(c.reason ?? ''))).toBe(true);
  });

  it('warms some accounts up to engaged or MQA once stages are evaluated', async () => {
    await evaluateStages(collector.store, { rules: collector.config.scoring.stages, reading: collector.config.scoring.reading, now: () => now });
    const { accounts } = await api<{ accounts: { name: string; stage: string }[] }>('/api/accounts?target=true&limit=1000');
    const warm = accounts.filter((a) => a.stage === 'engaged' || a.stage === 'mqa');
    expect(warm.length).toBeGreaterThanOrEqual(3);
    expect(accounts.some((a) => a.stage === 'mqa')).toBe(true);
  });

  it('stores nothing twice when run again with the same seed', async () => {
    const site = (await collector.store.listSites())[0]!;
    const again = await simulate({ collectorUrl: collector.url, adminToken: TOKEN, siteKey: site.key, origin: ORIGIN, days: 30, scale: 0.2, now });
    expect(again.events).toBe(report.events);
    expect(again.accepted).toBe(0);
    expect(again.targets).toBe(DEMO_TARGETS.length);
  });
});
