import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, type AlertsFace, type Delivery, type Destination } from '../../collector/notify/index.js';
import type { Store } from '../../collector/store/index.js';
import { testApp } from '../helpers.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const json = async (res: Response) => (await res.json()) as any;

/** A notifier that records what it was asked to test, and answers as told. */
function fakeFace(answer: Delivery | Error = { ok: true }): AlertsFace & { tested: Destination[] } {
  const tested: Destination[] = [];
  return {
    tested,
    async sendTest(destination) {
      tested.push(destination);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

/** `null`: a collector with alerts off. */
async function setup(face: AlertsFace | null = fakeFace()) {
  const t = await testApp({ now: () => NOW, ...(face && { alerts: face }) });
  const call = (path: string, method = 'GET', body?: unknown) =>
    t.admin(path, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  return { store: t.store, call, t };
}

/** One alert through the store's real outbox path, left dead after a failed last attempt. */
async function deadAlert(store: Store, destinationId: string, summary: string, error: string) {
  const id = randomUUID();
  const accountId = `acct-${randomUUID().slice(0, 8)}`;
  const payload = JSON.stringify({ key: `first_visit:${accountId}`, rule: 'first_visit', summary, account: { id: accountId, name: 'Acme', domain: 'acme.com', tier: '1', owner: null, stage: 'aware' }, occurredAt: NOW - 60_000, pages: [], url: 'https://abm.example/app', facts: [] });
  expect(await store.recordAlertTrigger({ key: `first_visit:${accountId}`, rule: 'first_visit', accountId, at: NOW - 60_000, windowMs: 0, outbox: [{ id, destinationId, payload, nextAttemptAt: NOW - 60_000, status: 'pending' }] })).toBe('queued');
  const claimed = await store.claimAlerts({ now: NOW, lockUntil: NOW + 60_000, limit: 10 });
  expect(claimed.map((r) => r.id)).toContain(id);
  await store.settleAlert(id, { error, nextAttemptAt: null });
  return { id, accountId };
}

describe('alert settings API', () => {
  it('is behind the admin token', async () => {
    const { t } = await setup();
    for (const [path, method] of [['/api/alerts/settings', 'GET'], ['/api/alerts/settings', 'PUT'], ['/api/alerts/destinations', 'GET'], ['/api/alerts/destinations', 'POST'], ['/api/alerts', 'GET'], ['/api/alerts/x/retry', 'POST']] as const) {
      expect((await t.request(path, { method })).status).toBe(401);
    }
  });

  it('answers the defaults, applies a patch, and refuses a bad one naming the field', async () => {
    const { store, call } = await setup();
    expect(await json(await call('/api/alerts/settings'))).toEqual(DEFAULT_ALERT_SETTINGS);

    const put = await call('/api/alerts/settings', 'PUT', { rules: { mqa: false }, returnDays: 30, quietHours: { start: '20:00', end: '07:00' }, timeZone: 'Europe/Berlin' });
    expect(put.status).toBe(200);
    const next = await json(put);
    expect(next).toMatchObject({ returnDays: 30, quietHours: { start: '20:00', end: '07:00' }, timeZone: 'Europe/Berlin', windowHours: 24 });
    expect(next.rules).toEqual({ ...DEFAULT_ALERT_SETTINGS.rules, mqa: false });
    expect(await json(await call('/api/alerts/settings'))).toEqual(next);
    expect(JSON.parse((await store.getSetting('alerts'))!)).toEqual(next);

    for (const [body, field] of [
      [{ returnDays: 0 }, 'returnDays'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ quietHours: { start: '25:00', end: '07:00' } }, 'quietHours.start'],
      [{ returnDay: 3 }, 'returnDay'],
      [{ rules: { nope: true } }, 'rules.nope'],
      [{ holdMinutes: 61 }, 'holdMinutes'],
    ] as const) {
      const res = await call('/api/alerts/settings', 'PUT', body);
      expect(res.status).toBe(400);
      const err = (await json(res)).error;
      expect(err.code).toBe('invalid_settings');
      expect(err.message.startsWith(`${field}:`)).toBe(true);
    }
    expect((await json(await call('/api/alerts/settings', 'PUT', '{not json'))).error.code).toBe('invalid_json');
    expect(await json(await call('/api/alerts/settings'))).toEqual(next);
    // One visit, one alert: how long a visit's reasons are gathered (0: no wait).
    expect(next.holdMinutes).toBe(2);
    expect((await json(await call('/api/alerts/settings', 'PUT', { holdMinutes: 0 }))).holdMinutes).toBe(0);
  });
});

describe('alert destinations API', () => {
  it('creates a webhook with its secret shown once, masks Slack URLs, and deletes', async () => {
    const { store, call } = await setup();
    const hook = await call('/api/alerts/destinations', 'POST', { kind: 'webhook', target: 'https://crm.example/hooks/abm', owner: 'Ana@Vendor.example' });
    expect(hook.status).toBe(201);
    const created = await json(hook);
    expect(created).toMatchObject({ kind: 'webhook', target: 'https://crm.example/hooks/abm', owner: 'ana@vendor.example', digest: false, has_secret: true, created_at: new Date(NOW).toISOString() });
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await store.listAlertDestinations())[0]!.secret).toBe(created.secret);

    const given = await json(await call('/api/alerts/destinations', 'POST', { kind: 'webhook', target: 'http://localhost:9000/in', secret: 'my-own-secret-0123456789' }));
    expect(given.secret).toBe('my-own-secret-0123456789');

    const slackUrl = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX';
    const slack = await call('/api/alerts/destinations', 'POST', { kind: 'slack', target: slackUrl, digest: true });
    expect(slack.status).toBe(201);
    const slackBody = await json(slack);
    expect(slackBody).toMatchObject({ kind: 'slack', target: 'https://hooks.slack.com/…', digest: true, has_secret: false, owner: null });
    expect(slackBody.secret).toBeUndefined();
    const mail = await json(await call('/api/alerts/destinations', 'POST', { kind: 'email', target: 'sales@vendor.example' }));
    expect(mail.secret).toBeUndefined();

    const listed = await call('/api/alerts/destinations');
    const text = await listed.clone().text();
    expect(text).not.toContain('XXXXXXXXXXXXXXXX');
    expect(text).not.toContain(created.secret);
    const { destinations } = await json(listed);
    expect(destinations).toHaveLength(4);
    expect(destinations.find((d: any) => d.id === created.id)).toEqual({ id: created.id, kind: 'webhook', target: 'https://crm.example/hooks/abm', owner: 'ana@vendor.example', digest: false, has_secret: true, created_at: new Date(NOW).toISOString() });
    expect(destinations.find((d: any) => d.kind === 'slack').target).toBe('https://hooks.slack.com/…');
    expect(destinations.find((d: any) => d.kind === 'email')).toMatchObject({ target: 'sales@vendor.example', has_secret: false });

    expect((await call(`/api/alerts/destinations/${created.id}`, 'DELETE')).status).toBe(204);
    const again = await call(`/api/alerts/destinations/${created.id}`, 'DELETE');
    expect(again.status).toBe(404);
    expect((await json(again)).error.code).toBe('unknown_destination');
    expect((await json(await call('/api/alerts/destinations'))).destinations).toHaveLength(3);
  });

  it('refuses a bad destination naming the field', async () => {
    const { call } = await setup();
    for (const [body, field] of [
      [{ kind: 'slack', target: 'not a url' }, 'target'],
      [{ kind: 'webhook', target: 'ftp://x.example/' }, 'target'],
      [{ kind: 'email', target: 'sales@vendor.example', owner: 'nobody' }, 'owner'],
      [{ kind: 'webhook', target: 'https://x.example/', secret: 'short' }, 'secret'],
      [{ kind: 'pigeon', target: 'x' }, 'kind'],
    ] as const) {
      const res = await call('/api/alerts/destinations', 'POST', body);
      expect(res.status).toBe(400);
      const err = (await json(res)).error;
      expect(err.code).toBe('invalid_destination');
      expect(err.message.startsWith(`${field}:`)).toBe(true);
    }
  });

  it('sends a test through the notifier and reports how it went', async () => {
    const face = fakeFace();
    const { call } = await setup(face);
    const d = await json(await call('/api/alerts/destinations', 'POST', { kind: 'webhook', target: 'https://crm.example/hooks/abm' }));
    const ok = await call(`/api/alerts/destinations/${d.id}/test`, 'POST');
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ ok: true });
    expect(face.tested).toHaveLength(1);
    expect(face.tested[0]).toMatchObject({ id: d.id, kind: 'webhook', target: 'https://crm.example/hooks/abm', secret: d.secret, owner: null, digest: false });
    expect((await json(await call('/api/alerts/destinations/nope/test', 'POST'))).error.code).toBe('unknown_destination');

    const failing = await setup(fakeFace({ ok: false, error: 'HTTP 500 from crm.example', retry: true }));
    const f = await json(await failing.call('/api/alerts/destinations', 'POST', { kind: 'email', target: 'sales@vendor.example' }));
    const bad = await failing.call(`/api/alerts/destinations/${f.id}/test`, 'POST');
    expect(bad.status).toBe(200);
    expect(await json(bad)).toEqual({ ok: false, error: 'HTTP 500 from crm.example' });

    const throwing = await setup(fakeFace(new Error('connect ECONNREFUSED')));
    const th = await json(await throwing.call('/api/alerts/destinations', 'POST', { kind: 'email', target: 'sales@vendor.example' }));
    expect(await json(await throwing.call(`/api/alerts/destinations/${th.id}/test`, 'POST'))).toEqual({ ok: false, error: 'connect ECONNREFUSED' });

    const off = await setup(null);
    const o = await json(await off.call('/api/alerts/destinations', 'POST', { kind: 'email', target: 'sales@vendor.example' }));
    const res = await off.call(`/api/alerts/destinations/${o.id}/test`, 'POST');
    expect(res.status).toBe(503);
    expect((await json(res)).error.code).toBe('alerts_off');
  });
});

describe('alert outbox API', () => {
  it('lists alerts with their summary, as JSON and CSV, and retries a dead letter once', async () => {
    const { store, call } = await setup();
    const d = await json(await call('/api/alerts/destinations', 'POST', { kind: 'webhook', target: 'https://crm.example/hooks/abm' }));
    const dead = await deadAlert(store, d.id, 'Acme viewed Pricing', 'HTTP 410 from crm.example');
    const digestId = randomUUID();
    await store.recordAlertTrigger({ key: 'digest-1', rule: 'digest', accountId: 'acct-x', at: NOW - 1000, windowMs: 0, outbox: [{ id: digestId, destinationId: d.id, payload: JSON.stringify({ key: 'd', day: '2026-11-23', alerts: [{}, {}, {}], url: 'x' }), nextAttemptAt: NOW + 3_600_000, status: 'pending' }] });

    const { alerts } = await json(await call('/api/alerts'));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ id: digestId, status: 'pending', summary: 'Digest of 3 alerts', attempts: 0, sent_at: null });
    expect(alerts[1]).toEqual({
      id: dead.id, rule: 'first_visit', rules: ['first_visit'], account_id: dead.accountId, destination_id: d.id, status: 'dead', attempts: 1, next_attempt_at: new Date(NOW - 60_000).toISOString(),
      last_error: 'HTTP 410 from crm.example', created_at: new Date(NOW - 60_000).toISOString(), sent_at: null, summary: 'Acme viewed Pricing',
    });
    expect((await json(await call('/api/alerts?status=dead'))).alerts.map((a: any) => a.id)).toEqual([dead.id]);
    expect((await json(await call('/api/alerts?limit=1'))).alerts).toHaveLength(1);
    expect((await json(await call('/api/alerts?status=lost'))).error.code).toBe('invalid_status');
    expect((await call('/api/alerts?limit=0')).status).toBe(400);

    const csv = await call('/api/alerts?format=csv&status=dead');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('id,created_at,status,rule,rules,account_id,destination_id,summary,attempts,next_attempt_at,sent_at,last_error');
    expect(lines[1]).toContain(`${dead.id},`);
    expect(lines[1]).toContain('Acme viewed Pricing');

    // One visit's alert lists every rule it tripped; `rule` stays the strongest.
    const visitId = randomUUID();
    const reasons = ['first_visit', 'high_intent', 'form'].map((rule) => ({ rule, label: rule, summary: rule, at: NOW - 1000, facts: [] }));
    const visitPayload = JSON.stringify({ key: 'form:acct-v:site:e1', rule: 'form', rules: reasons.map((r) => r.rule), reasons, summary: 'Acme visited, viewed Pricing and filled in a form', account: { id: 'acct-v', name: 'Acme' } });
    await store.recordAlertTrigger({ key: 'form:acct-v:site:e1', rule: 'form', accountId: 'acct-v', at: NOW - 1000, windowMs: 0, outbox: [{ id: visitId, destinationId: d.id, payload: visitPayload, nextAttemptAt: NOW + 60_000, status: 'pending' }] });
    const listed = (await json(await call('/api/alerts'))).alerts.find((a: any) => a.id === visitId);
    expect(listed).toMatchObject({ rule: 'form', rules: ['first_visit', 'high_intent', 'form'], summary: 'Acme visited, viewed Pricing and filled in a form' });
    const pendingCsv = await (await call('/api/alerts?format=csv&status=pending')).text();
    expect(pendingCsv).toContain(',form,first_visit high_intent form,acct-v,');

    const retry = await call(`/api/alerts/${dead.id}/retry`, 'POST');
    expect(retry.status).toBe(200);
    expect(await json(retry)).toEqual({ retried: true });
    expect((await json(await call('/api/alerts?status=pending'))).alerts.find((a: any) => a.id === dead.id)).toMatchObject({ attempts: 0, next_attempt_at: new Date(NOW).toISOString() });
    const twice = await call(`/api/alerts/${dead.id}/retry`, 'POST');
    expect(twice.status).toBe(409);
    expect((await json(twice)).error.code).toBe('not_dead');
    expect((await call('/api/alerts/unknown/retry', 'POST')).status).toBe(409);
  });
});
