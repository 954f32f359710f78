import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_ADMIN_TOKEN, spawnCollector, stopCollector, waitHealthy, type CollectorProcess } from '../process-helpers.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './receivers.js';

/**
 * Alerts from running collectors: events in through POST /v1/events (client addresses through a
 * trusted proxy, credited by an account-ranges file), alerts out to a real HTTP receiver playing
 * Slack and a webhook endpoint, and a real SMTP server. On SQLite, one collector; on PostgreSQL,
 * two at once, taking the same visits: still one alert per trigger.
 */
const dir = mkdtempSync(join(tmpdir(), 'abm-alerts-run-'));
const ranges = join(dir, 'ranges.csv');
writeFileSync(ranges, 'cidr,domain,name\n203.0.113.0/24,acme.com,Acme\n198.51.100.0/24,globex.com,Globex\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const api = (p: CollectorProcess, path: string, body?: unknown) =>
  fetch(`${p.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${CHILD_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** A browser's batch through a trusted proxy: the client address rides in X-Forwarded-For. */
const send = (p: CollectorProcess, site: string, ip: string, events: unknown[]) =>
  fetch(`${p.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://vendor.example', 'x-forwarded-for': ip, 'user-agent': BROWSER }, body: JSON.stringify({ site, events }) });

const page = (id: string, visitor: string, session: string, path: string, ts: number) => ({ id: `event-${id}-${ts}`, type: 'page_view', ts, visitor: `visitor-${visitor}`, session: `session-${session}`, url: `https://vendor.example${path}`, title: path === '/pricing' ? 'Pricing' : 'Home' });

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for alerts');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const env = (smtp: SmtpReceiver) => ({ TRUST_PROXY: 'loopback', ACCOUNT_RANGES: ranges, SMTP_URL: smtp.url, ALERTS_FROM: 'abm@vendor.example' });

async function setUp(p: CollectorProcess, slack: HttpReceiver): Promise<string> {
  const site = (await (await api(p, '/api/sites', { name: 'Vendor', origins: ['https://vendor.example'] })).json()) as { key: string };
  expect((await api(p, '/api/target-accounts', [{ domain: 'acme.com', name: 'Acme', tier: '1' }, { domain: 'globex.com', name: 'Globex', tier: '2' }])).status).toBe(200);
  expect((await api(p, '/api/alerts/destinations', { kind: 'slack', target: `${slack.url}/services/T/B/x` })).status).toBe(201);
  expect((await api(p, '/api/alerts/destinations', { kind: 'email', target: 'sales@vendor.example' })).status).toBe(201);
  return site.key;
}

describe('alerts from a running collector', () => {
  let collector: CollectorProcess | undefined;
  let slack: HttpReceiver;
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    [slack, smtp] = await Promise.all([startHttpReceiver(), startSmtpReceiver()]);
  });
  afterAll(async () => {
    await stopCollector(collector);
    await Promise.all([slack.close(), smtp.close()]);
  });

  it("turns a target account's visit to the pricing page into one Slack message and one e-mail", async () => {
    collector = await spawnCollector(`sqlite:${join(dir, 'one.db')}`, env(smtp));
    await waitHealthy(collector);
    const key = await setUp(collector, slack);
    const t = Date.now();
    const reply = await send(collector, key, '203.0.113.45', [page('p1', 'ana', 's1', '/pricing', t)]);
    expect(await reply.json()).toMatchObject({ accepted: 1 });
    await until(() => slack.requests.some((r) => r.body.includes('viewed Pricing')) && smtp.messages.some((m) => m.subject.includes('viewed Pricing')));
    await new Promise((r) => setTimeout(r, 3000)); // more scans and sends: nothing more comes
    expect(slack.requests.filter((r) => JSON.parse(r.body).text === 'Acme viewed Pricing')).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.subject === '[Open ABM] Acme viewed Pricing')).toHaveLength(1);
    // Its first visit too, once each; nothing about anyone else.
    expect(slack.requests.map((r) => JSON.parse(r.body).text).sort()).toEqual(['Acme viewed Pricing', 'Acme visited the site for the first time']);
    const listed = (await (await api(collector, '/api/alerts?status=sent')).json()) as { alerts: unknown[] };
    expect(listed.alerts).toHaveLength(4);
  }, 60_000);
});

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl && process.env.CI === 'true') throw new Error('TEST_DATABASE_URL must be set under CI=true');

describe.skipIf(!pgUrl)('alerts from two collectors on one PostgreSQL database', () => {
  const dbName = `abm_alerts_${process.pid}_${Date.now()}`;
  const dbUrl = () => Object.assign(new URL(pgUrl!), { pathname: `/${dbName}` }).toString();
  let a: CollectorProcess | undefined;
  let b: CollectorProcess | undefined;
  let hook: HttpReceiver;
  let smtp: SmtpReceiver;
  const admin = async (q: string) => {
    const c = new pg.Client(pgUrl);
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  beforeAll(async () => {
    await admin(`create database ${dbName}`);
    [hook, smtp] = await Promise.all([startHttpReceiver(), startSmtpReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([stopCollector(a), stopCollector(b)]);
    await Promise.all([hook?.close(), smtp?.close()]);
    await admin(`drop database if exists ${dbName} with (force)`);
  });

  it('send every alert once, though both find the same triggers and share the outbox', async () => {
    a = await spawnCollector(dbUrl(), env(smtp));
    await waitHealthy(a);
    b = await spawnCollector(dbUrl(), env(smtp));
    await waitHealthy(b);
    const key = await setUp(a, hook);
    expect((await api(b, '/api/alerts/destinations', { kind: 'webhook', target: `${hook.url}/hook`, secret: 'a-webhook-secret-0123456789' })).status).toBe(201);
    const t = Date.now();
    // The same visits reach both processes (a resend through the other node), and more visits each.
    const acme = [page('a1', 'ana', 'sa', '/', t), page('a2', 'ana', 'sa', '/pricing', t + 1000)];
    const globex = [page('g1', 'gus', 'sg', '/pricing', t + 500)];
    await Promise.all([send(a, key, '203.0.113.45', acme), send(b, key, '203.0.113.45', acme), send(a, key, '198.51.100.7', globex), send(b, key, '198.51.100.7', globex)]);
    await Promise.all([send(a, key, '203.0.113.46', [page('a3', 'ben', 'sb', '/pricing', t + 2000)]), send(b, key, '198.51.100.8', [page('g2', 'gia', 'sh', '/contact', t + 2000)])]);
    // Per trigger: first visit and pricing for each account (the second pricing visits fall in the throttle window).
    // Two default destinations of kind slack and webhook share one receiver, so 4 triggers × 2 = 8 requests.
    await until(() => hook.requests.length >= 8 && smtp.messages.length >= 4, 30_000);
    await new Promise((r) => setTimeout(r, 4000)); // both processes scan and send a few more times
    const perKey = new Map<string, number>();
    for (const r of hook.requests) {
      const id = r.path === '/hook' ? r.headers['x-abm-idempotency-key']! : `slack:${JSON.parse(r.body).text}`;
      perKey.set(id, (perKey.get(id) ?? 0) + 1);
    }
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(perKey.size).toBe(8);
    expect(hook.requests).toHaveLength(8);
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual([
      '[Open ABM] Acme viewed Pricing',
      '[Open ABM] Acme visited the site for the first time',
      '[Open ABM] Globex viewed Pricing',
      '[Open ABM] Globex visited the site for the first time',
    ]);
  }, 90_000);
});
