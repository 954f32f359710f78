import { randomBytes } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/main.js';
import { signWebhook, type Alert, type Destination } from '../../collector/notify/index.js';
import { deliverWebhook, webhookPayload } from '../../collector/notify/deliver/index.js';
import { alertsViewer } from '../../demo-site/alerts-viewer.js';
import { createDemoSite } from '../../demo-site/server.js';
import { freePort } from '../process-helpers.js';

const SECRET = 'demo-webhook-secret-0123456789';
const NOW = Date.parse('2026-11-23T10:00:00Z');

function alert(over: Partial<Alert> = {}): Alert {
  return {
    key: 'high_intent:acc_1:2026-11-23',
    rule: 'high_intent',
    summary: 'Pfizer viewed the pricing page',
    account: { id: 'acc_1', name: 'Pfizer', domain: 'pfizer.com', tier: '1', owner: 'ana@vendor.com', stage: 'engaged' },
    occurredAt: NOW - 60_000,
    pages: [
      { url: 'http://localhost:3000/', title: 'Ledgerline — Close the books in days, not weeks', at: NOW - 120_000 },
      { url: 'http://localhost:3000/pricing.html', title: 'Pricing — Ledgerline', at: NOW - 60_000 },
    ],
    url: 'http://localhost:8787/app/accounts/acc_1',
    facts: [{ label: 'Score', value: '14.5' }],
    ...over,
  };
}

/** A request as the collector's webhook delivery makes it: signed at `at` (ms), keyed by the payload id unless told. */
function signed(payload: unknown, o: { at?: number; key?: string; secret?: string; body?: string } = {}): RequestInit {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor((o.at ?? NOW) / 1000);
  return {
    method: 'POST',
    body: o.body ?? body,
    headers: {
      'Content-Type': 'application/json',
      'X-ABM-Idempotency-Key': o.key ?? String((payload as { id: string }).id),
      'X-ABM-Timestamp': String(timestamp),
      'X-ABM-Signature': signWebhook(o.secret ?? SECRET, timestamp, body),
    },
  };
}

const viewer = (keep?: number) => alertsViewer({ secret: SECRET, now: () => NOW, ...(keep && { keep }) });
const page = async (app: { request: (p: string) => Response | Promise<Response> }) => (await app.request('/alerts')).text();
const post = (app: ReturnType<typeof viewer>, init: RequestInit) => app.request('/hooks/alerts', init);

describe('the demo alert viewer', () => {
  it('shows an alert the collector delivers: rule, summary, account, pages read and the dashboard link', async () => {
    const app = viewer();
    const destination: Destination = { id: 'd1', kind: 'webhook', target: 'http://localhost:3000/hooks/alerts', secret: SECRET, owner: null, digest: false, createdAt: NOW };
    // The collector's own sender, its requests answered by the viewer.
    const delivery = await deliverWebhook(destination, { alert: alert() }, { now: () => NOW, fetch: async (url, init) => app.request(String(url), init) });
    expect(delivery).toEqual({ ok: true });

    const html = await page(app);
    expect(html).toContain('<meta http-equiv="refresh" content="5">');
    expect(html).toContain('High-intent page');
    expect(html).toContain('Pfizer viewed the pricing page');
    expect(html).toContain('<strong>Pfizer</strong> (pfizer.com) · Tier 1 · Owner ana@vendor.com · Stage engaged');
    expect(html).toContain('<a href="http://localhost:3000/pricing.html" rel="noopener noreferrer">Pricing — Ledgerline</a>');
    expect(html).toContain('<a href="http://localhost:8787/app/accounts/acc_1" rel="noopener noreferrer">Open the account in the dashboard →</a>');
    expect(html).toContain('<dt>Score</dt><dd>14.5</dd>');
    expect(html).toContain('1 alert ·');
    expect(html).not.toContain('No alerts yet');
  });

  it('explains what triggers alerts while there are none', async () => {
    const html = await page(viewer());
    expect(html).toContain('No alerts yet');
    expect(html).toContain('<a href="/pricing.html">visit /pricing.html</a> from a target account');
    expect(html).toContain('watch the simulated traffic');
  });

  it('refuses a tampered body, an old or future timestamp, another secret and a missing signature', async () => {
    const app = viewer();
    const payload = webhookPayload({ alert: alert() });
    const tampered = signed(payload, { body: JSON.stringify({ ...payload, summary: 'Pfizer signed a contract' }) });
    const cases: [string, RequestInit][] = [
      ['tampered body', tampered],
      ['old timestamp', signed(payload, { at: NOW - 10 * 60_000 })],
      ['future timestamp', signed(payload, { at: NOW + 10 * 60_000 })],
      ['another secret', signed(payload, { secret: 'not-the-demo-secret-000000' })],
      ['no signature', { method: 'POST', body: JSON.stringify(payload), headers: { 'X-ABM-Timestamp': String(NOW / 1000) } }],
    ];
    for (const [name, init] of cases) {
      const res = await post(app, init);
      expect(res.status, name).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code, name).toBe('bad_signature');
    }
    const html = await page(app);
    expect(html).toContain('No alerts yet');
    expect(html).not.toContain('signed a contract');
  });

  it('shows an alert delivered twice (same idempotency key, or the same payload id under another key) once', async () => {
    const app = viewer();
    const payload = webhookPayload({ alert: alert() });
    expect((await post(app, signed(payload))).status).toBe(200);
    const again = await post(app, signed(payload, { at: NOW + 30_000 }));
    expect([again.status, await again.json()]).toEqual([200, { received: true, duplicate: true }]);
    expect((await (await post(app, signed(payload, { key: 'another-key' }))).json())).toEqual({ received: true, duplicate: true });
    const html = await page(app);
    expect(html.split('Pfizer viewed the pricing page').length - 1).toBe(1);
  });

  it('escapes everything a payload says and links only http(s) URLs', async () => {
    const app = viewer();
    const hostile = alert({
      key: 'x',
      summary: '<script>alert(1)</script>',
      account: { id: 'a', name: '"><img src=x onerror=alert(2)>', domain: 'evil.example', tier: '<b>1</b>', owner: "o'wner@x.com", stage: 'engaged' },
      pages: [{ url: 'javascript:alert(3)', title: 'Click <me>', at: NOW }],
      url: 'javascript:alert(4)',
      facts: [{ label: '<i>label</i>', value: '</dd><script>alert(5)</script>' }],
    });
    const reasons = [
      { rule: '<u>rule</u>', label: '', summary: '<s>first</s>', at: '', facts: [] },
      { rule: 'form', label: '<em>Form filled</em>', summary: '<iframe src=x>', at: '', facts: [] },
    ];
    const payload = { ...webhookPayload({ alert: hostile }), rule: '<u>rule</u>', reasons };
    expect((await post(app, signed(payload))).status).toBe(200);
    const res = await app.request('/alerts');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(2)&#62;');
    expect(html).toContain('Tier &#60;b&#62;1&#60;/b&#62;');
    expect(html).toContain('o&#39;wner@x.com');
    expect(html).toContain('Click &#60;me&#62;');
    expect(html).toContain('&#60;u&#62;rule&#60;/u&#62;');
    expect(html).toContain('<li><strong>&#60;em&#62;Form filled&#60;/em&#62;</strong>: &#60;iframe src=x&#62;</li>');
    expect(html).toContain('&#60;s&#62;first&#60;/s&#62;');
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>|<em>|<s>|<iframe|javascript:alert\(3\)<\/a>|href="javascript/i);
    expect(html).toContain('not an http(s) URL, so not a link): javascript:alert(4)');
  });

  it('keeps the newest alerts only, newest first', async () => {
    const app = viewer(2);
    for (const n of [1, 2, 3]) {
      const payload = webhookPayload({ alert: alert({ key: `k${n}`, summary: `Alert number ${n}` }) });
      expect((await post(app, signed(payload))).status).toBe(200);
    }
    const html = await page(app);
    expect(html).not.toContain('Alert number 1');
    expect(html.indexOf('Alert number 3')).toBeGreaterThan(0);
    expect(html.indexOf('Alert number 3')).toBeLessThan(html.indexOf('Alert number 2'));
  });

  it('lists every reason of a visit, and shows alerts in the order they happened, whatever order they arrive in', async () => {
    const app = viewer();
    const reasons = [
      { rule: 'first_visit' as const, summary: 'Pfizer visited the site for the first time', at: NOW - 300_000, facts: [] },
      { rule: 'form' as const, summary: 'Pfizer filled in the form demo-request', at: NOW - 60_000, facts: [{ label: 'Job title', value: 'CFO' }] },
    ];
    const visit = alert({ key: 'form:acc_1:s:f1', rule: 'form', summary: 'Pfizer visited the site for the first time and filled in the form demo-request', reasons, occurredAt: NOW - 60_000 });
    const older = alert({ key: 'mqa:acc_2:1', rule: 'mqa', summary: 'Merck became a marketing-qualified account', occurredAt: NOW - 3 * 86_400_000, pagesFrom: 'recent' });
    expect((await post(app, signed(webhookPayload({ alert: visit })))).status).toBe(200);
    expect((await post(app, signed(webhookPayload({ alert: older })))).status).toBe(200);
    const html = await page(app);
    expect(html.indexOf('Pfizer visited the site')).toBeLessThan(html.indexOf('Merck became'));
    expect(html).toContain('<span class="rule">First visit</span> <span class="rule">Form filled</span>');
    expect(html).toContain('<h3 class="fine">Why</h3><ul class="reasons"><li><strong>First visit</strong>: Pfizer visited the site for the first time</li><li><strong>Form filled</strong>: Pfizer filled in the form demo-request</li></ul>');
    expect(html.split('Pages read this visit').length - 1).toBe(1);
    expect(html.split('Pages read recently').length - 1).toBe(1);
    // A later alert about an earlier moment goes below the newer one.
    const later = alert({ key: 'k-old', summary: 'An alert about last week', occurredAt: NOW - 7 * 86_400_000 });
    expect((await post(app, signed(webhookPayload({ alert: later })))).status).toBe(200);
    const again = await page(app);
    expect(again.indexOf('Merck became')).toBeLessThan(again.indexOf('An alert about last week'));
  });

  it('shows the alerts of a daily digest, and refuses bodies that are not alerts', async () => {
    const app = viewer();
    const digest = webhookPayload({ digest: { key: 'digest:d1:2026-11-23', day: '2026-11-23', url: 'http://localhost:8787/app', alerts: [alert({ key: 'a', summary: 'First of the day' }), alert({ key: 'b', summary: 'Second of the day' })] } });
    expect((await post(app, signed(digest))).status).toBe(200);
    const html = await page(app);
    expect(html).toContain('in the daily digest of 2026-11-23');
    expect(html.indexOf('Second of the day')).toBeLessThan(html.indexOf('First of the day'));

    expect((await post(app, signed({ id: 'z', type: 'something' }))).status).toBe(400);
    const notJson = signed({ id: 'y' }, { body: 'not json' });
    const stamp = Math.floor(NOW / 1000);
    (notJson.headers as Record<string, string>)['X-ABM-Signature'] = signWebhook(SECRET, stamp, 'not json');
    expect((await post(app, notJson)).status).toBe(400);
  });

  it('is mounted in the demo site with its secret, before the form and file catch-alls', async () => {
    const site = createDemoSite({ collectorUrl: 'http://localhost:8787', siteKey: 'k', alerts: { secret: SECRET, now: () => NOW } });
    const payload = webhookPayload({ alert: alert() });
    const res = await site.request('/hooks/alerts', signed(payload));
    expect(res.status).toBe(200);
    expect((await site.request('/hooks/alerts', { method: 'POST', body: '{}' })).status).toBe(401);
    const html = await (await site.request('/alerts')).text();
    expect(html).toContain('Pfizer viewed the pricing page');
    expect(html).not.toContain('{{');

    const off = createDemoSite({ collectorUrl: 'http://localhost:8787', siteKey: 'k' });
    const offPage = await off.request('/alerts');
    expect(offPage.status).toBe(404);
    expect(await offPage.text()).toContain('The alert viewer is not running on this server');
  });

  it('receives what a running collector sends to it as a webhook destination (npm start wiring)', async () => {
    const token = 'viewer-admin-token-0123456789';
    const collector = await startCollector(parseConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: 'sqlite::memory:', ADMIN_TOKEN: token, OPEN_ASN: 'off' }));
    const secret = randomBytes(32).toString('base64url');
    const port = await freePort();
    const demo = await new Promise<ServerType>((ready) => {
      const s = serve({ fetch: createDemoSite({ collectorUrl: collector.url, siteKey: 'k', alerts: { secret } }).fetch, port, hostname: '127.0.0.1' }, () => ready(s));
    });
    try {
      const api = (path: string, body?: unknown) =>
        fetch(`${collector.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      const created = await api('/api/alerts/destinations', { kind: 'webhook', target: `http://localhost:${port}/hooks/alerts`, secret });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect(await (await api(`/api/alerts/destinations/${id}/test`)).json()).toEqual({ ok: true });
      const html = await (await fetch(`http://localhost:${port}/alerts`)).text();
      expect(html).toContain('Test alert: Example Corp viewed Pricing and filled in the form demo-request');
      expect(html).toContain('<li><strong>Form filled</strong>: Example Corp filled in the form demo-request</li>');
      expect(html).toContain('<strong>Example Corp</strong> (example.com) · Tier 1');
    } finally {
      demo.close();
      await collector.close();
    }
  });
});
