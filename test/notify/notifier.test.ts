import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliver, createNotifier, verifyWebhookSignature, SETTINGS_NAME, DEFAULT_ALERT_SETTINGS, type Deliverer, type Notifier } from '../../collector/notify/index.js';
import { DEFAULT_SCORE_READING } from '../../collector/accounts/index.js';
import { openStore, type Store, type StoredEvent } from '../../collector/store/index.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './receivers.js';

/**
 * The notifier end to end on a real SQLite store, against a real HTTP receiver playing Slack and
 * a webhook endpoint and a real SMTP server, with a clock the test moves.
 */
const MIN = 60_000;
const H = 60 * MIN;
const T0 = Date.UTC(2026, 10, 23, 10);

describe('notifier', () => {
  let store: Store;
  let slack: HttpReceiver;
  let hook: HttpReceiver;
  let smtp: SmtpReceiver;
  let deliverer: Deliverer;
  let notifier: Notifier;
  let now = T0;
  let ids: Record<string, string>;

  beforeEach(async () => {
    now = T0;
    store = await openStore({ kind: 'sqlite', path: ':memory:' });
    await store.createSite({ id: 'site', key: 'key', name: 'Vendor', origins: [] });
    await store.importTargets([
      { domain: 'acme.com', name: 'Acme', nameKey: 'acme', tier: '1', owner: 'ana@vendor.example', aliases: [] },
      { domain: 'globex.com', name: 'Globex', nameKey: 'globex', tier: '2', owner: 'bob@vendor.example', aliases: [] },
    ]);
    ids = Object.fromEntries((await store.listTargets()).map((a) => [a.name, a.id]));
    [slack, hook, smtp] = await Promise.all([startHttpReceiver(), startHttpReceiver(), startSmtpReceiver()]);
    // Default destinations: Slack and e-mail. Bob (Globex's owner) has a signed webhook of his own.
    await store.addAlertDestination({ id: 'slack', kind: 'slack', target: `${slack.url}/services/T0/B0/secret`, secret: null, owner: null, digest: false, createdAt: 1 });
    await store.addAlertDestination({ id: 'mail', kind: 'email', target: 'sales@vendor.example', secret: null, owner: null, digest: false, createdAt: 2 });
    await store.addAlertDestination({ id: 'bob', kind: 'webhook', target: `${hook.url}/abm`, secret: 'bob-secret-0123456789', owner: 'bob@vendor.example', digest: false, createdAt: 3 });
    deliverer = createDeliver({ smtpUrl: smtp.url, from: 'abm@vendor.example', timeoutMs: 2000, now: () => now });
    notifier = createNotifier({ store, deliver: deliverer.deliver, now: () => now, publicUrl: 'https://abm.vendor.example', reading: DEFAULT_SCORE_READING, random: () => 0.5, backoff: { baseMs: 10_000, maxMs: H, attempts: 4 } });
  });

  afterEach(async () => {
    deliverer.close();
    await Promise.all([slack.close(), hook.close(), smtp.close()]);
    await store.close();
  });

  /** A visit of `paths` by one of the account's people, starting at `at`. */
  const visit = async (account: 'Acme' | 'Globex', session: string, at: number, paths: string[], form?: string) => {
    const ref = { id: ids[account]!, name: account, domain: `${account.toLowerCase()}.com`, nameKey: account.toLowerCase(), via: 'network' as const };
    const base = { siteId: 'site', name: null, receivedAt: at, referrer: null, ip: '198.51.100.0', userAgent: null, bot: false, roleLevel: null, props: null, points: 1, visitor: `${session}-v`, session, account: ref };
    const events: StoredEvent[] = paths.map((p, i) => ({ ...base, id: `${session}-${i}`, type: 'page_view', ts: at + i * MIN, url: `https://vendor.example${p}`, title: p === '/pricing' ? 'Pricing' : `Page ${p}` }));
    if (form) events.push({ ...base, id: `${session}-form`, type: 'form', ts: at + paths.length * MIN, url: 'https://vendor.example/demo', title: null, props: { form_id: form } });
    await store.insertEvents(events);
  };

  it("tells the default destinations once when a target account views the pricing page, and the owner's own webhook for its accounts", async () => {
    now = T0 - 2 * H;
    await visit('Acme', 'a0', now, ['/']);
    await notifier.tick(); // Acme's first visit (Slack and e-mail)
    now = T0;
    await visit('Acme', 'a1', now - 2 * MIN, ['/', '/pricing']);
    await visit('Globex', 'g1', now - 1 * MIN, ['/pricing']);
    now += 10_000;
    await notifier.tick();
    await notifier.tick();
    const pricing = slack.requests.filter((r) => r.body.includes('viewed Pricing'));
    expect(pricing).toHaveLength(1);
    const block = JSON.parse(pricing[0]!.body);
    expect(block.text).toBe('Acme viewed Pricing');
    expect(JSON.stringify(block.blocks)).toContain('https://abm.vendor.example/app/accounts/');
    expect(smtp.messages.filter((m) => m.subject.includes('Acme viewed Pricing'))).toHaveLength(1);
    expect(slack.requests.some((r) => r.body.includes('Globex'))).toBe(false);
    // Globex's owner gets it on his webhook, signed; two alerts: first visit and pricing.
    expect(hook.requests).toHaveLength(2);
    for (const r of hook.requests) {
      expect(verifyWebhookSignature({ secret: 'bob-secret-0123456789', timestamp: r.headers['x-abm-timestamp']!, signature: r.headers['x-abm-signature']!, body: r.body, now })).toBe(true);
    }
    expect(hook.requests.map((r) => JSON.parse(r.body).rule).sort()).toEqual(['first_visit', 'high_intent']);
    // Every alert went once: nothing more on further scans.
    const before = [slack.requests.length, smtp.messages.length, hook.requests.length];
    now += H;
    await notifier.tick();
    expect([slack.requests.length, smtp.messages.length, hook.requests.length]).toEqual(before);
  });

  it('keeps retrying while a receiver is down, with backoff, and delivers exactly once when it is back', async () => {
    slack.setDown(true);
    smtp.reject(451);
    await visit('Acme', 'a1', now - MIN, ['/pricing']);
    await notifier.tick();
    expect(slack.requests).toHaveLength(2); // first visit and pricing, both refused
    const pending = await store.listAlerts({ status: 'pending', limit: 10 });
    expect(pending.filter((r) => r.destinationId === 'slack').every((r) => r.attempts === 1 && r.lastError?.includes('503'))).toBe(true);
    // Not due yet: 10 s base, half fixed and half jitter (0.5) → 7.5 s.
    now += 5000;
    await notifier.send();
    expect(slack.requests).toHaveLength(2);
    now += 3000;
    await notifier.send();
    expect(slack.requests).toHaveLength(4);
    slack.setDown(false);
    smtp.reject(null);
    now += 20_000;
    await notifier.send();
    now += 60_000;
    await notifier.tick();
    await notifier.tick();
    const delivered = slack.requests.slice(4);
    expect(delivered.map((r) => JSON.parse(r.body).text).sort()).toEqual(['Acme viewed Pricing', 'Acme visited the site for the first time']);
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual(['[Open ABM] Acme viewed Pricing', '[Open ABM] Acme visited the site for the first time']);
    expect((await store.listAlerts({ status: 'sent', limit: 10 })).length).toBe(4);
  });

  it('moves an alert to the dead letters after its last attempt, and a retry delivers it', async () => {
    slack.setDown(true);
    await visit('Acme', 'a1', now - MIN, ['/']);
    for (let i = 0; i < 6; i++) {
      await notifier.tick();
      now += H;
    }
    const dead = await store.listAlerts({ status: 'dead', limit: 10 });
    expect(dead.map((r) => [r.destinationId, r.attempts])).toEqual([['slack', 4]]);
    expect(slack.requests).toHaveLength(4);
    slack.setDown(false);
    expect(await store.retryAlert(dead[0]!.id, now)).toBe(true);
    await notifier.send();
    expect(slack.requests).toHaveLength(5);
    expect((await store.listAlerts({ status: 'dead', limit: 10 })).length).toBe(0);
  });

  it('sends at most one alert per account and rule in the window', async () => {
    await visit('Acme', 'a1', now - 2 * MIN, ['/pricing']);
    await notifier.tick();
    now += H;
    await visit('Acme', 'a2', now - 2 * MIN, ['/pricing', '/demo']);
    await notifier.tick();
    expect(slack.requests.filter((r) => JSON.parse(r.body).text === 'Acme viewed Pricing')).toHaveLength(1);
    now += 24 * H;
    await visit('Acme', 'a3', now - 2 * MIN, ['/pricing']);
    await notifier.tick();
    expect(slack.requests.filter((r) => JSON.parse(r.body).text === 'Acme viewed Pricing')).toHaveLength(2);
  });

  it('holds alerts through quiet hours, and sends digests instead of single alerts where chosen', async () => {
    await store.putSetting(SETTINGS_NAME, JSON.stringify({ ...DEFAULT_ALERT_SETTINGS, quietHours: { start: '20:00', end: '08:00' }, timeZone: 'UTC', digestHour: 9 }));
    await store.removeAlertDestination('mail');
    await store.addAlertDestination({ id: 'digest', kind: 'email', target: 'ana@vendor.example', secret: null, owner: null, digest: true, createdAt: 4 });
    now = Date.UTC(2026, 10, 23, 22, 0);
    await visit('Acme', 'a1', now - 2 * MIN, ['/pricing'], 'demo-request');
    await notifier.tick();
    expect(slack.requests.map((r) => r.body.slice(0, 300))).toEqual([]); // quiet
    now = Date.UTC(2026, 10, 24, 8, 0);
    await notifier.tick();
    expect(slack.requests.map((r) => JSON.parse(r.body).text).sort()).toEqual(['Acme filled in the form demo-request', 'Acme viewed Pricing', 'Acme visited the site for the first time']);
    expect(smtp.messages).toHaveLength(0); // the digest waits for 09:00
    now = Date.UTC(2026, 10, 24, 9, 5);
    await notifier.tick();
    await notifier.tick();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.text).toContain('Acme viewed Pricing');
    expect(smtp.messages[0]!.text).toContain('Acme filled in the form demo-request');
  });
});
