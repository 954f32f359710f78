import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, SETTINGS_NAME, DEFAULT_ALERT_SETTINGS, type Notifier } from '../../collector/notify/index.js';
import { BOB_SECRET, H, MIN, notifyFixture, T0, type NotifyFixture } from './fixture.js';

/**
 * The notifier end to end on a real SQLite store, against a real HTTP receiver playing Slack and
 * a webhook endpoint and a real SMTP server, with a clock the test moves. A visit's alert goes
 * once the visit has been quiet for two minutes (the default hold).
 */
describe('notifier', () => {
  let f: NotifyFixture;
  let notifier: Notifier;
  const at = (t: number) => (f.clock.now = t);

  beforeEach(async () => {
    f = await notifyFixture();
    notifier = f.notifier();
  });
  afterEach(() => f.close());

  it("tells the default destinations once when a target account views the pricing page, and the owner's own webhook for its accounts", async () => {
    at(T0 - 2 * H);
    await f.visit('Acme', 'a0', f.clock.now, ['/']);
    await notifier.tick(); // still going: held
    expect(f.slack.requests).toHaveLength(0);
    at(T0 - 2 * H + 3 * MIN);
    await notifier.tick(); // Acme's first visit (Slack and e-mail)
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time']);
    at(T0);
    await f.visit('Acme', 'a1', T0 - 2 * MIN, ['/', '/pricing']);
    await f.visit('Globex', 'g1', T0 - 1 * MIN, ['/pricing']);
    at(T0 + 2 * MIN);
    await notifier.tick();
    await notifier.tick();
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time', 'Acme viewed Pricing']);
    const block = JSON.parse(f.slack.requests[1]!.body);
    expect(JSON.stringify(block.blocks)).toContain('https://abm.vendor.example/app/accounts/');
    expect(f.smtp.messages.filter((m) => m.subject.includes('Acme viewed Pricing'))).toHaveLength(1);
    expect(f.slack.requests.some((r) => r.body.includes('Globex'))).toBe(false);
    // Globex's owner gets it on his webhook, signed: one alert for its first visit, which read pricing.
    expect(f.hook.requests).toHaveLength(1);
    const r = f.hook.requests[0]!;
    expect(verifyWebhookSignature({ secret: BOB_SECRET, timestamp: r.headers['x-abm-timestamp']!, signature: r.headers['x-abm-signature']!, body: r.body, now: f.clock.now })).toBe(true);
    expect(JSON.parse(r.body)).toMatchObject({ rule: 'high_intent', rules: ['first_visit', 'high_intent'], summary: 'Globex visited the site for the first time and viewed Pricing' });
    // Every alert went once: nothing more on further scans.
    const before = [f.slack.requests.length, f.smtp.messages.length, f.hook.requests.length];
    at(f.clock.now + H);
    await notifier.tick();
    expect([f.slack.requests.length, f.smtp.messages.length, f.hook.requests.length]).toEqual(before);
  });

  it('keeps retrying while a receiver is down, with backoff, and delivers exactly once when it is back', async () => {
    f.slack.setDown(true);
    f.smtp.reject(451);
    await f.visit('Acme', 'a1', T0 - 3 * MIN, ['/pricing']);
    await notifier.tick();
    expect(f.slack.requests).toHaveLength(1); // first visit and pricing in one alert, refused
    const pending = await f.store.listAlerts({ status: 'pending', limit: 10 });
    expect(pending.filter((r) => r.destinationId === 'slack').every((r) => r.attempts === 1 && r.lastError?.includes('503'))).toBe(true);
    // Not due yet: 10 s base, half fixed and half jitter (0.5) → 7.5 s.
    at(f.clock.now + 5000);
    await notifier.send();
    expect(f.slack.requests).toHaveLength(1);
    at(f.clock.now + 3000);
    await notifier.send();
    expect(f.slack.requests).toHaveLength(2);
    f.slack.setDown(false);
    f.smtp.reject(null);
    at(f.clock.now + 20_000);
    await notifier.send();
    at(f.clock.now + 60_000);
    await notifier.tick();
    await notifier.tick();
    expect(f.slackTexts().slice(2)).toEqual(['Acme visited the site for the first time and viewed Pricing']);
    expect(f.smtp.messages.map((m) => m.subject)).toEqual(['[Open ABM] Acme visited the site for the first time and viewed Pricing']);
    expect((await f.store.listAlerts({ status: 'sent', limit: 10 })).length).toBe(2);
  });

  it('moves an alert to the dead letters after its last attempt, and a retry delivers it', async () => {
    f.slack.setDown(true);
    await f.visit('Acme', 'a1', T0 - 3 * MIN, ['/']);
    for (let i = 0; i < 6; i++) {
      await notifier.tick();
      at(f.clock.now + H);
    }
    const dead = await f.store.listAlerts({ status: 'dead', limit: 10 });
    expect(dead.map((r) => [r.destinationId, r.attempts])).toEqual([['slack', 4]]);
    expect(f.slack.requests).toHaveLength(4);
    f.slack.setDown(false);
    expect(await f.store.retryAlert(dead[0]!.id, f.clock.now)).toBe(true);
    await notifier.send();
    expect(f.slack.requests).toHaveLength(5);
    expect((await f.store.listAlerts({ status: 'dead', limit: 10 })).length).toBe(0);
  });

  it('sends at most one alert per account and rule in the window, leaving a throttled reason out of the next visit’s alert', async () => {
    await f.visit('Acme', 'a1', T0 - 2 * MIN, ['/pricing']);
    await notifier.tick();
    at(T0 + H);
    await f.visit('Acme', 'a2', f.clock.now - 3 * MIN, ['/pricing', '/demo']);
    await notifier.tick();
    at(T0 + 2 * H);
    await f.visit('Acme', 'a3', f.clock.now - 4 * MIN, ['/pricing'], { form: { id: 'demo-request' } });
    await notifier.tick();
    at(T0 + 25 * H);
    await f.visit('Acme', 'a4', f.clock.now - 2 * MIN, ['/pricing']);
    await notifier.tick();
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time and viewed Pricing', 'Acme filled in the form demo-request', 'Acme viewed Pricing']);
    const third = JSON.parse(f.slack.requests[1]!.body);
    expect(JSON.stringify(third.blocks)).not.toContain('High-intent page');
  });

  it('holds alerts through quiet hours, and sends digests instead of single alerts where chosen', async () => {
    await f.store.putSetting(SETTINGS_NAME, JSON.stringify({ ...DEFAULT_ALERT_SETTINGS, quietHours: { start: '20:00', end: '08:00' }, timeZone: 'UTC', digestHour: 9 }));
    await f.store.removeAlertDestination('mail');
    await f.store.addAlertDestination({ id: 'digest', kind: 'email', target: 'ana@vendor.example', secret: null, owner: null, digest: true, createdAt: 4 });
    at(Date.UTC(2026, 10, 23, 22, 0));
    await f.visit('Acme', 'a1', f.clock.now - 2 * MIN, ['/pricing'], { form: { id: 'demo-request' } });
    await notifier.tick();
    expect(f.slack.requests.map((r) => r.body.slice(0, 300))).toEqual([]); // quiet
    at(Date.UTC(2026, 10, 24, 8, 0));
    await notifier.tick();
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time, viewed Pricing and filled in the form demo-request']);
    expect(f.smtp.messages).toHaveLength(0); // the digest waits for 09:00
    at(Date.UTC(2026, 10, 24, 9, 5));
    await notifier.tick();
    await notifier.tick();
    expect(f.smtp.messages).toHaveLength(1);
    expect(f.smtp.messages[0]!.text).toContain('Acme visited the site for the first time, viewed Pricing and filled in the form demo-request');
    expect(f.smtp.messages[0]!.text).toContain('First visit · High-intent page · Form filled');
  });
});
