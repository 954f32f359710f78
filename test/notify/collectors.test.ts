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
 * two at once, taking the same visits: still one alert per visit, listing its reasons.
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
/** A form sent on the contact page, with what the person gave of their role. */
const form = (id: string, visitor: string, session: string, formId: string, ts: number, given: { job_title?: string; company?: string } = {}) => ({
  id: `event-${id}-${ts}`, type: 'form', ts, visitor: `visitor-${visitor}`, session: `session-${session}`, url: 'https://vendor.example/contact', title: 'Contact', props: { form_id: formId, fields: ['email', 'job_title'], ...given },
});
const THREE = 'Acme visited the site for the first time, viewed Pricing and filled in the form demo-request';
const textOf = (r: { body: string }) => JSON.parse(r.body).text as string;

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

  it("turns a target account's first visit, its pricing page and its demo request into one Slack message, one webhook and one e-mail", async () => {
    collector = await spawnCollector(`sqlite:${join(dir, 'one.db')}`, env(smtp));
    await waitHealthy(collector);
    const key = await setUp(collector, slack);
    expect((await api(collector, '/api/alerts/destinations', { kind: 'webhook', target: `${slack.url}/hook` })).status).toBe(201);
    const t = Date.now();
    const reply = await send(collector, key, '203.0.113.45', [
      page('p1', 'ana', 's1', '/', t - 60_000),
      page('p2', 'ana', 's1', '/pricing', t - 30_000),
      form('f1', 'ana', 's1', 'demo-request', t, { job_title: 'Head of Finance', company: 'Acme Europe' }),
    ]);
    expect(await reply.json()).toMatchObject({ accepted: 3 });
    const hooks = () => slack.requests.filter((r) => r.path === '/hook');
    const slacks = () => slack.requests.filter((r) => r.path !== '/hook');
    await until(() => slacks().length > 0 && hooks().length > 0 && smtp.messages.length > 0);
    await new Promise((r) => setTimeout(r, 3000)); // more scans and sends: nothing more comes
    expect(slacks().map(textOf)).toEqual([THREE]);
    expect(smtp.messages.map((m) => m.subject)).toEqual([`[Open ABM] ${THREE}`]);
    expect(hooks()).toHaveLength(1);
    const hook = JSON.parse(hooks()[0]!.body);
    expect(hook).toMatchObject({ rule: 'form', rules: ['first_visit', 'high_intent', 'form'], account: { name: 'Acme' } });
    // The stage after the form (a target starts unaware), as the account list tells it now.
    const { accounts } = (await (await api(collector, '/api/accounts?target=true')).json()) as { accounts: { name: string; stage: string }[] };
    expect(hook.account.stage).toBe(accounts.find((x) => x.name === 'Acme')!.stage);
    expect(['engaged', 'mqa']).toContain(hook.account.stage);
    expect(hook.facts).toEqual(expect.arrayContaining([{ label: 'Job title', value: 'Head of Finance' }, { label: 'Company', value: 'Acme Europe' }]));
    expect(smtp.messages[0]!.text).toContain('Why:\n- First visit: Acme visited the site for the first time\n- High-intent page: Acme viewed Pricing\n- Form filled: Acme filled in the form demo-request');
    const listed = (await (await api(collector, '/api/alerts?status=sent')).json()) as { alerts: unknown[] };
    expect(listed.alerts).toHaveLength(3);
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

  it('send one alert per visit once, though both find the same visits and share the outbox', async () => {
    a = await spawnCollector(dbUrl(), env(smtp));
    await waitHealthy(a);
    b = await spawnCollector(dbUrl(), env(smtp));
    await waitHealthy(b);
    const key = await setUp(a, hook);
    expect((await api(b, '/api/alerts/destinations', { kind: 'webhook', target: `${hook.url}/hook`, secret: 'a-webhook-secret-0123456789' })).status).toBe(201);
    const t = Date.now();
    // The same visits reach both processes (a resend through the other node), and more visits each.
    const acme = [page('a1', 'ana', 'sa', '/', t), page('a2', 'ana', 'sa', '/pricing', t + 1000), form('a3', 'ana', 'sa', 'demo-request', t + 1500, { job_title: 'Controller' })];
    const globex = [page('g1', 'gus', 'sg', '/pricing', t + 500), form('g2', 'gus', 'sg', 'demo-request', t + 900)];
    await Promise.all([send(a, key, '203.0.113.45', acme), send(b, key, '203.0.113.45', acme), send(a, key, '198.51.100.7', globex), send(b, key, '198.51.100.7', globex)]);
    // Second visits, each with a form: every reason falls in the throttle window (or was told), so they send nothing.
    await Promise.all([
      send(a, key, '203.0.113.46', [page('a4', 'ben', 'sb', '/pricing', t + 2000), form('a5', 'ben', 'sb', 'contact', t + 2100)]),
      send(b, key, '198.51.100.8', [page('g3', 'gia', 'sh', '/contact', t + 2000), form('g4', 'gia', 'sh', 'contact', t + 2100)]),
    ]);
    // One alert per first visit; the Slack and webhook destinations share one receiver: 2 alerts × 2 = 4 requests.
    await until(() => hook.requests.length >= 4 && smtp.messages.length >= 2, 30_000);
    await new Promise((r) => setTimeout(r, 4000)); // both processes scan and send a few more times
    const perKey = new Map<string, number>();
    for (const r of hook.requests) {
      const id = r.path === '/hook' ? r.headers['x-abm-idempotency-key']! : `slack:${textOf(r)}`;
      perKey.set(id, (perKey.get(id) ?? 0) + 1);
    }
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(perKey.size).toBe(4);
    expect(hook.requests).toHaveLength(4);
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual([`[Open ABM] ${THREE}`, '[Open ABM] Globex visited the site for the first time, viewed Pricing and filled in the form demo-request']);
    const hooks = hook.requests.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body));
    expect(hooks.map((h) => [h.account.name, h.rules]).sort()).toEqual([['Acme', ['first_visit', 'high_intent', 'form']], ['Globex', ['first_visit', 'high_intent', 'form']]]);
  }, 90_000);
});
