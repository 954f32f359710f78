import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../collector/dashboard/index.js';
import { DEFAULT_ALERT_SETTINGS, readAlertSettings, type AlertsFace, type Delivery, type Destination } from '../../collector/notify/index.js';
import type { Store } from '../../collector/store/index.js';
import { testApp, type TestApp } from '../helpers.js';
import { signIn } from './helpers.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)>';
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/SECRETSECRETSECRET';

function fakeFace(answer: Delivery = { ok: true }): AlertsFace & { tested: Destination[] } {
  const tested: Destination[] = [];
  return {
    tested,
    async sendTest(destination) {
      tested.push(destination);
      return answer;
    },
  };
}

async function setup(face: AlertsFace | null = fakeFace()) {
  const t = await testApp({ now: () => NOW, ...(face && { alerts: face }) });
  const admin = await signIn(t);
  return { t, admin };
}

async function addViewer(t: TestApp) {
  const email = 'viewer@vendor.example';
  const password = 'correct horse battery';
  await t.store.createUser({ id: randomUUID(), email, name: 'Viewer', role: 'viewer', passwordHash: await hashPassword(password), createdAt: NOW });
  return signIn(t, { email, password });
}

const location = (res: Response) => decodeURIComponent((res.headers.get('location') ?? '').replace(/\+/g, ' '));

async function addDestination(store: Store, kind: 'slack' | 'webhook' | 'email', target: string, owner: string | null = null) {
  const id = randomUUID();
  await store.addAlertDestination({ id, kind, target, secret: kind === 'webhook' ? 'stored-secret-0123456789' : null, owner, digest: false, createdAt: NOW });
  return id;
}

/** An alert through the store's real outbox path; dead after one failed last attempt unless `sent`. */
async function outboxAlert(store: Store, destinationId: string, o: { summary: string; name?: string; error?: string; sent?: boolean }) {
  const id = randomUUID();
  const accountId = `acct/${randomUUID().slice(0, 8)}`;
  const payload = JSON.stringify({ key: `first_visit:${accountId}`, rule: 'first_visit', summary: o.summary, account: { id: accountId, name: o.name ?? 'Acme', domain: 'acme.com', tier: '1', owner: null, stage: 'aware' }, occurredAt: NOW - 60_000, pages: [], url: 'https://abm.example/app', facts: [] });
  await store.recordAlertTrigger({ key: `first_visit:${accountId}`, rule: 'first_visit', accountId, at: NOW - 60_000, windowMs: 0, outbox: [{ id, destinationId, payload, nextAttemptAt: NOW - 60_000, status: 'pending' }] });
  await store.claimAlerts({ now: NOW, lockUntil: NOW + 60_000, limit: 10 });
  await store.settleAlert(id, o.sent ? { sentAt: NOW - 30_000 } : { error: o.error ?? 'HTTP 500', nextAttemptAt: null });
  return { id, accountId };
}

describe('alerts page', () => {
  it('shows destinations (Slack masked), the rules, dead letters and recent alerts', async () => {
    const { t, admin } = await setup();
    const slack = await addDestination(t.store, 'slack', SLACK_URL);
    const hook = await addDestination(t.store, 'webhook', 'https://crm.example/hooks/abm', 'ana@vendor.example');
    const dead = await outboxAlert(t.store, hook, { summary: 'Acme viewed Pricing', error: 'HTTP 410 from crm.example' });
    await outboxAlert(t.store, slack, { summary: 'Globex is back after 30 days away', name: 'Globex', sent: true });

    const res = await admin.get('/app/alerts');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const title of ['Destinations', 'Rules and noise', 'Dead letters', 'Recent alerts']) expect(html).toContain(`<h2>${title}</h2>`);
    expect(html).toContain('https://hooks.slack.com/…');
    expect(html).not.toContain('SECRETSECRETSECRET');
    expect(html).not.toContain('stored-secret-0123456789');
    expect(html).toContain('https://crm.example/hooks/abm');
    expect(html).toContain('ana@vendor.example');
    expect(html).toContain('default');
    expect(html).toContain(`action="/app/alerts/destinations/${slack}/test"`);
    expect(html).toContain(`action="/app/alerts/destinations/${hook}/remove"`);
    expect(html).toContain('data-confirm=');
    expect(html).toContain('action="/app/alerts/destinations"');
    // Rules: one checkbox per rule, the defaults filled in.
    for (const rule of Object.keys(DEFAULT_ALERT_SETTINGS.rules)) expect(html).toContain(`name="rule_${rule}"`);
    expect(html).toContain('Back after a while');
    expect(html).toMatch(/name="return_days"[^>]*value="14"/);
    expect(html).toContain('/request-a-demo');
    // Dead letter: account link, error, retry button; recent: both, with status badges.
    expect(html).toContain(`href="/app/accounts/${encodeURIComponent(dead.accountId)}"`);
    expect(html).toContain('HTTP 410 from crm.example');
    expect(html).toContain(`action="/app/alerts/${dead.id}/retry"`);
    expect(html).toContain('Globex is back after 30 days away');
    expect(html).toContain('alert-dead');
    expect(html).toContain('alert-sent');
    // Moments one way, as on every page: relative words, the absolute time on hover (the viewer's zone once app.js runs).
    expect(html.match(/<time datetime="[^"]+" title="[^"]+ UTC" data-when="">/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('adds a Slack destination, and a webhook with its secret shown once', async () => {
    const { t, admin } = await setup();
    const slack = await admin.post('/app/alerts/destinations', { kind: 'slack', target: SLACK_URL, owner: 'Bob@Vendor.example', digest: 'on' });
    expect(slack.status).toBe(303);
    expect(location(slack)).toContain('ok=The Slack destination https://hooks.slack.com/… was added');
    expect(location(slack)).not.toContain('SECRETSECRET');
    const [stored] = await t.store.listAlertDestinations();
    expect(stored).toMatchObject({ kind: 'slack', target: SLACK_URL, owner: 'bob@vendor.example', digest: true, secret: null });

    const hook = await admin.post('/app/alerts/destinations', { kind: 'webhook', target: 'https://crm.example/hooks/abm', owner: '' });
    expect(hook.status).toBe(200);
    const page = await hook.text();
    const secret = (await t.store.listAlertDestinations()).find((d) => d.kind === 'webhook')!.secret!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(page).toContain(`<pre class="snippet" id="webhook-secret">${secret}</pre>`);
    expect(page).toContain('data-copy="webhook-secret"');
    expect(page).toContain('X-ABM-Timestamp');
    expect(page).toContain('X-ABM-Signature: v1=');
    expect(page).toContain('HMAC-SHA256');
    expect(hook.headers.get('cache-control')).toBe('no-store');
    // Never again.
    expect(await (await admin.get('/app/alerts')).text()).not.toContain(secret);

    const bad = await admin.post('/app/alerts/destinations', { kind: 'email', target: 'not an address' });
    expect(bad.status).toBe(303);
    expect(location(bad)).toContain('error=Destination not added. E-mail address:');
    const badOwner = await admin.post('/app/alerts/destinations', { kind: 'slack', target: SLACK_URL, owner: 'nobody' });
    expect(location(badOwner)).toContain('error=Destination not added. Owner e-mail:');
    expect(await t.store.listAlertDestinations()).toHaveLength(2);
  });

  it('sends a test and says how it went, and removes a destination', async () => {
    const face = fakeFace();
    const { t, admin } = await setup(face);
    const id = await addDestination(t.store, 'slack', SLACK_URL);
    const ok = await admin.post(`/app/alerts/destinations/${id}/test`, {});
    expect(ok.status).toBe(303);
    expect(location(ok)).toContain('ok=A test alert went to Slack https://hooks.slack.com/…');
    expect(face.tested).toMatchObject([{ id, kind: 'slack', target: SLACK_URL }]);

    const failing = await setup(fakeFace({ ok: false, error: `no_service ${HOSTILE}`, retry: false }));
    const fid = await addDestination(failing.t.store, 'email', 'sales@vendor.example');
    const bad = await failing.admin.post(`/app/alerts/destinations/${fid}/test`, {});
    expect(location(bad)).toContain('error=The test alert to E-mail sales@vendor.example failed: no_service');
    const shown = await (await failing.admin.get(bad.headers.get('location')!)).text();
    expect(shown).toContain('failed: no_service');
    expect(shown).not.toContain('<script>alert');

    const off = await setup(null);
    const oid = await addDestination(off.t.store, 'email', 'sales@vendor.example');
    expect(await (await off.admin.get('/app/alerts')).text()).toContain('Alerts are off');
    expect(location(await off.admin.post(`/app/alerts/destinations/${oid}/test`, {}))).toContain('error=Alerts are off');

    const removed = await admin.post(`/app/alerts/destinations/${id}/remove`, {});
    expect(location(removed)).toContain('ok=The destination was removed');
    expect(await t.store.listAlertDestinations()).toEqual([]);
    expect(location(await admin.post(`/app/alerts/destinations/${id}/remove`, {}))).toContain('error=');
  });

  it('saves the rules form and refuses bad values with a clear reason', async () => {
    const { t, admin } = await setup();
    const fields = {
      rule_first_visit: 'on', rule_high_intent: 'on', rule_mqa: 'on',
      return_days: '30', intent_patterns: '/pricing\r\n  /demo  \r\n\r\n/trial', window_hours: '12', hold_minutes: '5',
      quiet_start: '20:00', quiet_end: '07:30', time_zone: 'Europe/Berlin', digest_hour: '9', surge_factor: '2.5', surge_min_points: '20',
    };
    const res = await admin.post('/app/alerts/settings', fields);
    expect(res.status).toBe(303);
    expect(location(res)).toContain('ok=The rules were saved');
    const saved = readAlertSettings(await t.store.getSetting('alerts'));
    expect(saved).toEqual({
      rules: { first_visit: true, return: false, high_intent: true, form: false, mqa: true, score_surge: false },
      returnDays: 30, intentPatterns: ['/pricing', '/demo', '/trial'], windowHours: 12, holdMinutes: 5, quietHours: { start: '20:00', end: '07:30' },
      timeZone: 'Europe/Berlin', digestHour: 9, surge: { factor: 2.5, minPoints: 20 },
    });
    const html = await (await admin.get('/app/alerts')).text();
    expect(html).toMatch(/name="rule_return" value="on"(?! checked)/);
    expect(html).toMatch(/name="rule_mqa" value="on" checked/);
    expect(html).toContain('value="Europe/Berlin"');

    // Empty quiet hours: none.
    await admin.post('/app/alerts/settings', { ...fields, quiet_start: '', quiet_end: '' });
    expect(readAlertSettings(await t.store.getSetting('alerts')).quietHours).toBeNull();

    for (const [over, reason] of [
      [{ return_days: '0' }, 'Back after (days):'],
      [{ return_days: '' }, 'Back after (days): enter a number'],
      [{ time_zone: 'Mars/Olympus' }, 'Time zone: is not an IANA time zone'],
      [{ quiet_start: '20:00', quiet_end: '' }, 'Quiet hours: give both a start and an end'],
      [{ digest_hour: '24' }, 'Digest hour:'],
      [{ surge_factor: '0.5' }, 'Surge factor:'],
    ] as const) {
      const r = await admin.post('/app/alerts/settings', { ...fields, ...over });
      expect(r.status).toBe(303);
      expect(location(r)).toContain(`error=Rules not saved. ${reason}`);
    }
    expect(readAlertSettings(await t.store.getSetting('alerts')).returnDays).toBe(30);
  });

  it('retries a dead letter from its button', async () => {
    const { t, admin } = await setup();
    const hook = await addDestination(t.store, 'webhook', 'https://crm.example/hooks/abm');
    const dead = await outboxAlert(t.store, hook, { summary: 'Acme viewed Pricing' });
    const res = await admin.post(`/app/alerts/${dead.id}/retry`, {});
    expect(res.status).toBe(303);
    expect(location(res)).toContain('ok=The alert is back in the queue');
    expect((await t.store.listAlerts({ limit: 10 }))[0]).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    expect(location(await admin.post(`/app/alerts/${dead.id}/retry`, {}))).toContain('error=That alert is not a dead letter');
    expect(await (await admin.get('/app/alerts')).text()).not.toContain(`action="/app/alerts/${dead.id}/retry"`);
  });

  it('refuses posts without the CSRF token, and from viewers', async () => {
    const { t, admin } = await setup();
    const hook = await addDestination(t.store, 'webhook', 'https://crm.example/hooks/abm');
    const dead = await outboxAlert(t.store, hook, { summary: 'Acme viewed Pricing' });
    expect((await admin.post('/app/alerts/settings', { _csrf: 'wrong', return_days: '3' })).status).toBe(403);
    expect((await admin.post('/app/alerts/destinations', { _csrf: '', kind: 'email', target: 'x@vendor.example' })).status).toBe(403);
    expect(await t.store.listAlertDestinations()).toHaveLength(1);

    const viewer = await addViewer(t);
    const page = await viewer.get('/app/alerts');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Acme viewed Pricing');
    expect(html).not.toContain('Add destination');
    expect(html).not.toContain('/retry"');
    expect(html).toContain('Only an admin can change the rules.');
    for (const [path, fields] of [
      ['/app/alerts/settings', { return_days: '3' }],
      ['/app/alerts/destinations', { kind: 'email', target: 'x@vendor.example' }],
      [`/app/alerts/destinations/${hook}/test`, {}],
      [`/app/alerts/destinations/${hook}/remove`, {}],
      [`/app/alerts/${dead.id}/retry`, {}],
    ] as const) {
      expect((await viewer.post(path, fields)).status).toBe(403);
    }
    expect(await t.store.listAlertDestinations()).toHaveLength(1);
    expect((await t.store.listAlerts({ status: 'dead', limit: 10 })).map((r) => r.id)).toEqual([dead.id]);
  });

  it('escapes hostile text from payloads, errors and destinations', async () => {
    const { t, admin } = await setup();
    const hook = await addDestination(t.store, 'email', `x${HOSTILE}@vendor.example`, `o${HOSTILE}`);
    await outboxAlert(t.store, hook, { summary: HOSTILE, name: HOSTILE, error: `HTTP 500 ${HOSTILE}` });
    await outboxAlert(t.store, hook, { summary: `javascript:alert(1)`, name: 'Globex', sent: true });
    const html = await (await admin.get(`/app/alerts?ok=${encodeURIComponent(HOSTILE)}&error=${encodeURIComponent(HOSTILE)}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
