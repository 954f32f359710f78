import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, replayAlertsFrom, SETTINGS_NAME } from '../../collector/notify/index.js';
import { evaluateStages } from '../../collector/stage-evaluation.js';
import { openStore, type DatabaseTarget } from '../../collector/store/index.js';
import { scratchDatabases } from '../store/scratch.js';
import { H, MIN, notifyFixture, T0, type NotifyFixture } from './fixture.js';

/**
 * One visit, one alert, against real receivers: a visit that trips several rules sends one Slack
 * message, one webhook and one e-mail listing every reason; a form alert tells what the person
 * gave and the stage after the form; a reason seen after the alert went comes as a follow-up of
 * that reason alone; and two notifiers on one database still send each alert once.
 */
const { dir, pgUrl, schema } = scratchDatabases('visit-alerts');
const THREE = 'Acme visited the site for the first time, viewed Pricing and filled in the form demo-request';

let f: NotifyFixture;
afterEach(() => f?.close());

/** Adds a default webhook, so a visit of Acme (whose owner has no destination) reaches Slack, e-mail and a webhook. */
const withDefaultHook = async (fx: NotifyFixture) => {
  await fx.store.addAlertDestination({ id: 'all', kind: 'webhook', target: `${fx.hook.url}/all`, secret: null, owner: null, digest: false, createdAt: 4 });
  return fx;
};
const hookBodies = () => f.hook.requests.filter((r) => r.path === '/all').map((r) => JSON.parse(r.body));

describe('alerts of a visit', () => {
  it('sends one Slack message, one webhook and one e-mail for a first visit that read pricing and sent a form, listing the three reasons', async () => {
    f = await withDefaultHook(await notifyFixture());
    const notifier = f.notifier();
    expect((await f.store.listTargets()).find((a) => a.name === 'Acme')!.stage).toBe('unaware');
    await f.visit('Acme', 'a1', T0 - 3 * MIN, ['/', '/pricing'], { form: { id: 'demo-request', jobTitle: 'Head of Finance', company: 'Acme Europe' } });
    await notifier.tick();
    await notifier.tick();
    expect(f.slackTexts()).toEqual([THREE]);
    expect(f.smtp.messages.map((m) => m.subject)).toEqual([`[Open ABM] ${THREE}`]);
    expect(hookBodies()).toHaveLength(1);
    const [hook] = hookBodies();
    expect(hook).toMatchObject({ rule: 'form', rules: ['first_visit', 'high_intent', 'form'], follow_up: false, summary: THREE, pages_from: 'visit' });
    expect(hook.reasons.map((r: { label: string }) => r.label)).toEqual(['First visit', 'High-intent page', 'Form filled']);
    // What the person gave, and the stage after the visit (it was unaware before).
    expect(hook.reasons[2].facts).toEqual([{ label: 'Form', value: 'demo-request' }, { label: 'Job title', value: 'Head of Finance' }, { label: 'Company', value: 'Acme Europe' }, { label: 'Form page', value: '/demo' }]);
    expect(hook.account.stage).toBe('aware');
    expect(hook.pages.map((p: { url: string }) => p.url)).toEqual(['https://vendor.example/', 'https://vendor.example/pricing']);
    const slack = JSON.parse(f.slack.requests[0]!.body);
    expect(JSON.stringify(slack.blocks)).toContain('• *First visit* · Acme visited the site for the first time\\n• *High-intent page* · Acme viewed Pricing\\n• *Form filled* · Acme filled in the form demo-request');
    expect(JSON.stringify(slack.blocks)).toContain('*Job title*\\nHead of Finance');
    expect(f.smtp.messages[0]!.text).toContain('Why:\n- First visit: ');
    expect(f.smtp.messages[0]!.text).toContain('Stage: aware');
    expect(f.smtp.messages[0]!.text).toContain('Company: Acme Europe');
  });

  it('tells the stage the form made, with the MQA it caused in the same alert', async () => {
    f = await withDefaultHook(await notifyFixture());
    await f.visit('Acme', 'a1', T0 - 3 * MIN, ['/pricing'], { form: { id: 'demo-request', jobTitle: 'Chief Financial Officer', points: 20, roleLevel: 'c_level' } });
    await f.notifier().tick();
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time, viewed Pricing, filled in the form demo-request and became a marketing-qualified account']);
    const [hook] = hookBodies();
    expect(hook).toMatchObject({ rule: 'form', rules: ['first_visit', 'high_intent', 'form', 'mqa'], account: { stage: 'mqa' } });
    expect(hook.facts).toContainEqual({ label: 'Job title', value: 'Chief Financial Officer' });
    expect(hook.facts.find((x: { label: string }) => x.label === 'Why MQA').value).toMatch(/^score \d+(\.\d+)?, visits on 1 of the last 30 days; read Pricing; sent the form demo-request$/);
    expect(f.smtp.messages).toHaveLength(1);
  });

  it('holds a visit while it goes on, then sends one alert; a reason seen after that comes alone, as a follow-up', async () => {
    f = await withDefaultHook(await notifyFixture());
    const notifier = f.notifier();
    f.clock.now = T0;
    await f.visit('Acme', 's1', T0, ['/']);
    await notifier.tick();
    f.clock.now = T0 + MIN;
    await f.visit('Acme', 's1', T0 + MIN, ['/pricing']);
    await notifier.tick();
    f.clock.now = T0 + 2 * MIN;
    await notifier.tick();
    expect(f.slack.requests).toHaveLength(0); // one minute quiet: still held
    f.clock.now = T0 + 3 * MIN + 5000;
    await notifier.tick();
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time and viewed Pricing']);
    // The form five minutes after the pricing page, seen by a later scan.
    f.clock.now = T0 + 6 * MIN;
    await f.visit('Acme', 's1', T0 + 6 * MIN, [], { form: { id: 'demo-request', jobTitle: 'Controller' } });
    await notifier.tick();
    await notifier.tick();
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time and viewed Pricing', 'Acme filled in the form demo-request']);
    const bodies = hookBodies();
    expect(bodies.map((b) => [b.rules, b.follow_up])).toEqual([[['first_visit', 'high_intent'], false], [['form'], true]]);
    expect(JSON.stringify(JSON.parse(f.slack.requests[1]!.body).blocks)).toContain('later in the same visit');
    expect(f.smtp.messages).toHaveLength(2);
    f.clock.now += H;
    await notifier.tick();
    expect(f.slack.requests).toHaveLength(2);
  });

  it('sends nothing when every reason of a visit is throttled', async () => {
    f = await notifyFixture();
    const notifier = f.notifier();
    await f.visit('Acme', 'a1', T0 - 3 * MIN, ['/pricing']);
    await notifier.tick();
    f.clock.now = T0 + H;
    await f.visit('Acme', 'a2', T0 + H - 3 * MIN, ['/demo']);
    await notifier.tick();
    await notifier.tick();
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time and viewed Pricing']);
    expect(f.smtp.messages).toHaveLength(1);
  });
});

describe('replaying past days', () => {
  it('sends the alerts of a stretch of the past once, each visit with the MQA its stage history stamped in it', async () => {
    f = await withDefaultHook(await notifyFixture());
    // No surge this week: the replay is what is looked at.
    await f.store.putSetting(SETTINGS_NAME, JSON.stringify({ ...DEFAULT_ALERT_SETTINGS, rules: { ...DEFAULT_ALERT_SETTINGS.rules, score_surge: false } }));
    const notifier = f.notifier();
    const visitAt = T0 - 3 * 24 * H;
    await f.visit('Acme', 'old', visitAt, ['/', '/pricing'], { form: { id: 'demo-request', jobTitle: 'CFO', points: 20, roleLevel: 'c_level' } });
    // Stages as they were on the day (the demo steps through its days like this): MQA when the form was sent.
    const [mqa] = (await evaluateStages(f.store, { at: visitAt + H, since: visitAt - 1 })).filter((c) => c.to === 'mqa');
    expect(mqa!.at).toBe(visitAt + 2 * MIN);
    await notifier.tick();
    expect(f.slackTexts()).toEqual([]); // a scan looks back minutes, not days
    await replayAlertsFrom(f.store, T0 - 4 * 24 * H);
    await notifier.tick();
    expect(f.slackTexts()).toEqual(['Acme visited the site for the first time, viewed Pricing, filled in the form demo-request and became a marketing-qualified account']);
    const [hook] = hookBodies();
    expect(hook).toMatchObject({ occurred_at: new Date(visitAt + 2 * MIN).toISOString(), pages_from: 'visit', account: { stage: 'mqa' } });
    expect(hook.pages).toHaveLength(2);
    await replayAlertsFrom(f.store, T0 - 4 * 24 * H);
    await notifier.tick();
    await notifier.tick();
    expect(f.slack.requests).toHaveLength(1);
    expect(f.smtp.messages).toHaveLength(1);
  });
});

const targets: [string, () => DatabaseTarget][] = [['sqlite', () => ({ kind: 'sqlite', path: join(dir, `n-${Math.random().toString(36).slice(2)}.db`) })]];
if (pgUrl) targets.push(['postgres', () => ({ kind: 'postgres', url: pgUrl, schema })]);

describe.each(targets)('two notifiers on one database: %s', (_kind, target) => {
  it('send a visit of three reasons once, though both scan it, over and over', async () => {
    const shared = target();
    f = await withDefaultHook(await notifyFixture(shared));
    // PostgreSQL: another pool, as another process has. SQLite: one process, one writer, two notifiers.
    const other = shared.kind === 'postgres' ? await openStore(shared) : f.store;
    try {
      const [a, b] = [f.notifier(), f.notifier({ store: other })];
      await f.visit('Acme', 'a1', T0 - 3 * MIN, ['/', '/pricing'], { form: { id: 'demo-request', jobTitle: 'Head of Finance' } });
      await f.visit('Globex', 'g1', T0 - 4 * MIN, ['/pricing']);
      for (let i = 0; i < 4; i++) {
        await Promise.all([a.tick(), b.tick(), a.tick()]);
        f.clock.now += 20_000;
      }
      expect(f.slackTexts()).toEqual([THREE]);
      expect(f.smtp.messages.map((m) => m.subject)).toEqual([`[Open ABM] ${THREE}`]);
      expect(hookBodies().map((h) => h.rules)).toEqual([['first_visit', 'high_intent', 'form']]);
      const bob = f.hook.requests.filter((r) => r.path === '/abm').map((r) => JSON.parse(r.body).rules);
      expect(bob).toEqual([['first_visit', 'high_intent']]);
    } finally {
      if (other !== f.store) await other.close();
    }
  }, 30_000);
});
