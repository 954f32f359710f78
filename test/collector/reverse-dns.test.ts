import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../collector/config.js';
import { accountIndex, DEFAULT_SCORING } from '../../collector/accounts/index.js';
import { accountOfDomain } from '../../collector/reverse-dns.js';
import { defaultSteps } from '../../collector/enrich/index.js';
import { startIdentification, type Identification } from '../../collector/identification.js';
import { MmdbWriter, type ReverseDnsOffer } from '../../collector/ipdb/index.js';
import { startCollector, type RunningCollector } from '../../collector/main.js';
import { openStore, type DatabaseTarget } from '../../collector/store/index.js';
import { freePort } from '../e2e/chromium.js';
import { ReverseDns } from '../../collector/dashboard/pages/account-parts.js';
import type { AccountReport } from '../../collector/reports/index.js';
import { signIn } from '../dashboard/helpers.js';
import { ORIGIN, pageView, testApp, type TestApp } from '../helpers.js';
import { loopbackDns, type LoopbackDns } from '../ipdb/dns-server.js';
import { freshDatabases, scratchDatabases } from '../store/scratch.js';

/**
 * Reverse DNS through the real collector: a DNS server on loopback (dns2) that the collector asks
 * (DNS_SERVERS), an IP database saying the visitor's network is an ISP's, events posted over HTTP
 * from chosen addresses (TRUST_PROXY=loopback, X-Forwarded-For), on SQLite and PostgreSQL.
 */
const TOKEN = 'reverse-dns-admin-token-0123456789';
/** Node's fetch says 'node', which the bot step rightly flags (and bots are never offered). */
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const { dir } = scratchDatabases('reverse-dns-ipdb');
const ipdb = join(dir, 'isp.mmdb');
{
  const w = new MmdbWriter({ databaseType: 'GeoIP2-ISP' });
  for (const net of ['203.0.113.0/24', '198.51.100.0/24']) w.insert(net, { isp: 'Comcast Cable', organization: 'Comcast Cable', autonomous_system_number: 7922 });
  w.insert('192.0.2.0/24', { isp: 'Amazon.com', organization: 'Amazon.com, Inc.', autonomous_system_number: 16509 });
  w.insert('100.80.1.0/24', { isp: 'Pfizer Inc.', organization: 'Pfizer Inc.', autonomous_system_number: 64500 });
  writeFileSync(ipdb, w.toBuffer());
}

let dns: LoopbackDns;
beforeAll(async () => {
  dns = await loopbackDns({
    ptr: { '203.0.113.5': ['gw1.hq.example-corp.com'], '198.51.100.7': ['vpn.example-corp.com'] },
    // vpn.example-corp.com points elsewhere: its PTR is not confirmed.
    a: { 'gw1.hq.example-corp.com': ['203.0.113.5'], 'vpn.example-corp.com': ['192.0.2.200'] },
  });
});
afterAll(() => dns?.close());

describe('which events are offered to reverse DNS', () => {
  const open: Identification[] = [];
  afterEach(() => open.splice(0).forEach((i) => i.close()));

  it('offers only addresses that credited no account, on networks that may hide an office', async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    const ident = await startIdentification(store, { ipdb: [ipdb], accountRanges: undefined, openAsn: false, dataDir: dir, minConfidence: 0.5, learnMinPeople: 2 }, { refreshMs: 3_600_000 });
    open.push(ident);
    const offers: ReverseDnsOffer[] = [];
    const t = await testApp({ store, steps: defaultSteps('truncate', ident.options, DEFAULT_SCORING, (o) => offers.push(o)) });
    const send = (ip: string, over: Record<string, unknown> = {}) => t.send({ site: t.site.key, events: [pageView(over)] }, { 'x-test-client-ip': ip });
    await send('203.0.113.5'); // an ISP's line: offered
    await send('8.8.4.4'); // no source knows it: offered
    await send('192.0.2.10'); // a cloud: never
    await send('100.80.1.9'); // a company's own network, credited: no need
    await send('203.0.113.6', { type: 'form', props: { email_domain: 'example-corp.com', email_hash: 'a'.repeat(64) } }); // credited by e-mail
    await t.send({ site: t.site.key, automation: true, events: [pageView()] }, { 'x-test-client-ip': '203.0.113.7' }); // a bot
    expect(offers).toEqual([{ ip: '203.0.113.5', operatorDomain: null }, { ip: '8.8.4.4', operatorDomain: null }]);
    // The stored address is the network, never the raw one: the offer holds it in memory only.
    expect((await store.newestEvents({ limit: 10 })).map((e) => e.ip).sort()).toEqual(['100.80.1.0', '192.0.2.0', '203.0.113.0', '203.0.113.0', '203.0.113.0', '8.8.4.0']);
    await store.close();
  });
});

describe('configuration', () => {
  it('is off by default, and takes DNS servers and TTLs, naming what is wrong', () => {
    expect(parseConfig({}).reverseDns).toMatchObject({ enabled: false, servers: undefined, positiveTtlMs: 86_400_000, negativeTtlMs: 21_600_000, concurrency: 4, timeoutMs: 2000 });
    expect(parseConfig({ REVERSE_DNS: 'on', DNS_SERVERS: '192.0.2.53, 127.0.0.1:5353,[2001:db8::53]:53', REVERSE_DNS_TTL_HOURS: '48', REVERSE_DNS_NEGATIVE_TTL_HOURS: '0.5' }).reverseDns).toMatchObject({
      enabled: true,
      servers: ['192.0.2.53', '127.0.0.1:5353', '[2001:db8::53]:53'],
      positiveTtlMs: 48 * 3_600_000,
      negativeTtlMs: 1_800_000,
    });
    expect(() => parseConfig({ REVERSE_DNS: 'yes', DNS_SERVERS: 'dns.example.net,192.0.2.1:70000', REVERSE_DNS_TTL_HOURS: '0' })).toThrow(
      /REVERSE_DNS: must be "on"[\s\S]*DNS_SERVERS: "dns\.example\.net" is not an IP address[\s\S]*"192\.0\.2\.1:70000" is not an IP address[\s\S]*REVERSE_DNS_TTL_HOURS: must be a number of hours above 0/,
    );
  });
});

describe('the account page part', () => {
  it('shows the PTR name as text, escaped: it is the visitor network\'s own writing', async () => {
    const hostile = '<img src=x onerror=alert(1)>.example-corp.com';
    const r = { reverse_dns: [{ ptr: hostile, network: '203.0.113.0/24', checked_at: '2026-11-20T10:00:00.000Z' }] } as unknown as AccountReport;
    const html = String(await (ReverseDns({ r, now: Date.parse('2026-11-23T10:00:00Z') }) as unknown as Promise<string> | string));
    expect(html).toContain('Identified by reverse DNS: <code>&lt;img src=x onerror=alert(1)&gt;.example-corp.com</code> for <code>203.0.113.0/24</code>, checked <time');
    expect(html).toContain('3 days ago');
    expect(html).not.toContain('<img');
    expect(String(ReverseDns({ r: { reverse_dns: [] } as unknown as AccountReport, now: 0 }))).toBe('null');
  });
});

const { targets } = freshDatabases('reverse-dns');

async function start(target: DatabaseTarget, env: Record<string, string> = {}): Promise<RunningCollector> {
  const port = await freePort();
  const config = parseConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_TOKEN: TOKEN,
    OPEN_ASN: 'off',
    IPDB: ipdb,
    TRUST_PROXY: 'loopback',
    ALERTS: 'off',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    REVERSE_DNS: 'on',
    DNS_SERVERS: dns.server,
    ...env,
  });
  return startCollector({ ...config, database: target });
}

describe.each(targets)('the account of a PTR name\'s domain (%s)', (_kind, target) => {
  it('is a target by its domain or an alias domain, else a known account by either; never a look-alike', async () => {
    const store = await openStore(target());
    try {
      await store.importTargets([{ domain: 'example-corp.com', name: 'Example Corp', nameKey: 'example corp', tier: '1', owner: null, aliases: ['Example-Corp.de', 'Example Corporation'] }]);
      const targetsNow = async () => {
        const list = await store.listTargets();
        return () => accountIndex(list);
      };
      const byTarget = await targetsNow();
      expect((await accountOfDomain(store, byTarget, 'example-corp.com'))?.name).toBe('Example Corp');
      expect((await accountOfDomain(store, byTarget, 'example-corp.de'))).toMatchObject({ name: 'Example Corp', by: 'alias' });
      // Off the target list it is still a known account, found by its domain or alias in the store.
      const id = (await store.listTargets())[0]!.id;
      expect(await store.removeTarget(id)).toBe(true);
      const none = await targetsNow();
      expect((await accountOfDomain(store, none, 'example-corp.com'))?.id).toBe(id);
      expect((await accountOfDomain(store, none, 'example-corp.de'))?.id).toBe(id);
      // 'corp.com' is inside 'example-corp.com' as text, not as a domain.
      for (const d of ['corp.com', 'other.com', 'example.com']) expect(await accountOfDomain(store, none, d), d).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

describe.each(targets)('reverse DNS end to end (%s)', (_kind, target) => {
  let c: RunningCollector | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  const api = (path: string, init: RequestInit = {}) => fetch(`${c!.url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) } });
  const sendFrom = (ip: string, key: string, event: Record<string, unknown>) =>
    fetch(`${c!.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: ORIGIN, 'x-forwarded-for': ip, 'user-agent': BROWSER }, body: JSON.stringify({ site: key, events: [event] }) });
  const eventsById = async () => new Map(((await (await api('/api/events?limit=100')).json()) as { events: any[] }).events.map((e) => [e.id, e]));

  async function setUp(env: Record<string, string> = {}) {
    c = await start(target(), env);
    const site = (await (await api('/api/sites', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Vendor', origins: [ORIGIN] }) })).json()) as { key: string };
    const imported = await api('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'domain,name,tier\nexample-corp.com,Example Corp,1\n' });
    expect(imported.status).toBe(200);
    return site.key;
  }

  it('credits the /24 of a confirmed PTR name to the account of its domain, back-fills its earlier visit, and shows why', async () => {
    const key = await setUp();
    dns.queries.length = 0;
    // Two days ago, from the office's gateway: stored at once, crediting nobody (an ISP's line).
    const earlier = pageView({ visitor: 'v-office', session: 's-office', ts: Date.now() - 2 * 86_400_000 });
    const started = performance.now();
    const res = await sendFrom('203.0.113.5', key, earlier);
    expect(res.status).toBe(202);
    expect(performance.now() - started).toBeLessThan(1000);
    // The worker looks it up, credits the network and identifies the earlier visit again.
    await expect.poll(async () => (await eventsById()).get(earlier.id)?.account?.name ?? null, { timeout: 10_000, interval: 100 }).toBe('Example Corp');
    const got = (await eventsById()).get(earlier.id);
    expect(got).toMatchObject({ ip: '203.0.113.0', network: { class: 'business', source: 'reverse-dns', confidence: 0.85 }, account: { domain: 'example-corp.com', via: 'network' } });
    // Another address of the /24, later: credited on arrival, without asking DNS again.
    const later = pageView({ visitor: 'v-office-2', session: 's-office-2', ts: Date.now() - 60_000 });
    await sendFrom('203.0.113.77', key, later);
    expect((await eventsById()).get(later.id)?.account?.name).toBe('Example Corp');
    expect(dns.queries).toEqual(['PTR 203.0.113.5', 'A gw1.hq.example-corp.com']);

    const ranges = ((await (await api('/api/account-ranges')).json()) as { ranges: any[] }).ranges;
    expect(ranges).toEqual([expect.objectContaining({ cidr: '203.0.113.0/24', domain: 'example-corp.com', name: 'Example Corp', source: 'reverse-dns' })]);
    const id = got.account.id as string;
    const report = (await (await api(`/api/accounts/${id}`)).json()) as { reverse_dns: any[]; totals: { visits: number } };
    expect(report.reverse_dns).toEqual([{ ptr: 'gw1.hq.example-corp.com', network: '203.0.113.0/24', checked_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(report.totals.visits).toBe(2);
    const viewer = await signIn({ request: (path: string, init: RequestInit = {}) => fetch(`${c!.url}${path}`, { ...init, redirect: 'manual' }) } as unknown as TestApp, { token: TOKEN });
    const page = await (await viewer.get(`/app/accounts/${id}`)).text();
    expect(page).toMatch(/Identified by reverse DNS: <code>gw1\.hq\.example-corp\.com<\/code> for <code>203\.0\.113\.0\/24<\/code>, checked <time/);
  });

  it('credits nothing when the PTR name does not point back, and asks nothing when REVERSE_DNS is off', async () => {
    const key = await setUp();
    dns.queries.length = 0;
    const e = pageView();
    await sendFrom('198.51.100.7', key, e);
    await expect.poll(() => dns.queries, { timeout: 5000 }).toEqual(['PTR 198.51.100.7', 'A vpn.example-corp.com']);
    await new Promise((r) => setTimeout(r, 300));
    expect((await eventsById()).get(e.id)).toMatchObject({ account: null, network: { class: 'isp' } });
    expect(((await (await api('/api/account-ranges')).json()) as { ranges: unknown[] }).ranges).toEqual([]);
    await c!.close();

    c = undefined;
    const off = await setUp({ REVERSE_DNS: 'off' });
    dns.queries.length = 0;
    await sendFrom('203.0.113.5', off, pageView());
    await new Promise((r) => setTimeout(r, 300));
    expect(dns.queries).toEqual([]);
  });
});
