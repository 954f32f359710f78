import { describe, expect, it } from 'vitest';
import { composeAlert, DEFAULT_ALERT_SETTINGS, groupTriggers, isReady, mqaTrigger, surgeTrigger, visitTriggers } from '../../collector/notify/index.js';
import { byPriority } from '../../collector/notify/compose.js';
import type { AlertCandidate } from '../../collector/store/index.js';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 23, 10);
const account = { id: 'acc1', name: 'Acme', domain: 'acme.com', tier: '1', owner: null, stage: 'mqa' };
/** A first visit: home, pricing, then the demo form, ending at T + 5 min. */
const firstVisit = (over: Partial<AlertCandidate['session']> = {}): AlertCandidate => ({
  session: { id: 's1', siteId: 'site', visitor: 'v', startedAt: T, lastSeen: T + 5 * MIN, channel: 'Direct', campaign: null, ...over },
  account,
  previousVisitEnd: null,
  events: [
    { id: 'e1', type: 'page_view', url: 'https://vendor.example/', title: 'Home', ts: T, formId: null },
    { id: 'e2', type: 'page_view', url: 'https://vendor.example/pricing', title: 'Pricing', ts: T + 2 * MIN, formId: null },
    { id: 'f1', type: 'form', url: 'https://vendor.example/demo', title: null, ts: T + 5 * MIN, formId: 'demo-request', jobTitle: 'CFO', company: 'Acme' },
  ],
});
const mqa = (at: number, accountId = 'acc1') => ({ account: { ...account, id: accountId }, trigger: mqaTrigger({ accountId, at, reason: 'score 31' }, 'Acme') });

describe('one visit, one alert', () => {
  it('groups a visit’s reasons, and folds in an MQA that came with it, not one that came hours later or another account’s', () => {
    const c = firstVisit();
    const groups = groupTriggers([{ candidate: c, triggers: visitTriggers(c, DEFAULT_ALERT_SETTINGS) }], [mqa(T + 6 * MIN), mqa(T + 3 * 60 * MIN), mqa(T + 6 * MIN, 'acc2')]);
    expect(groups.map((g) => [g.account.id, g.session?.id ?? null, g.triggers.map((t) => t.rule)])).toEqual([
      ['acc1', 's1', ['first_visit', 'high_intent', 'form', 'mqa']],
      ['acc1', null, ['mqa']],
      ['acc2', null, ['mqa']],
    ]);
    expect(groups[0]!.pages.map((p) => p.title)).toEqual(['Home', 'Pricing']);
  });

  it('makes one alert: the strongest reason leads, the reasons in the order they happened, one summary naming them all', () => {
    const c = firstVisit();
    const [g] = groupTriggers([{ candidate: c, triggers: visitTriggers(c, DEFAULT_ALERT_SETTINGS) }], [mqa(T + 6 * MIN)]);
    const a = composeAlert(g!, byPriority(g!.triggers), { followUp: false, url: 'https://abm.example/app/accounts/acc1', pagesFrom: 'visit' });
    expect([a.key, a.rule]).toEqual(['form:acc1:site:f1', 'form']);
    expect(a.reasons!.map((r) => r.rule)).toEqual(['first_visit', 'high_intent', 'form', 'mqa']);
    expect(a.summary).toBe('Acme visited the site for the first time, viewed Pricing, filled in the form demo-request and became a marketing-qualified account');
    expect(a.occurredAt).toBe(T + 6 * MIN);
    expect(a.facts.map((f) => `${f.label}: ${f.value}`)).toEqual(['Page: /pricing', 'Form: demo-request', 'Job title: CFO', 'Company: Acme', 'Form page: /demo', 'Why MQA: score 31']);
    // One reason: its own summary, as before.
    const one = composeAlert(g!, [g!.triggers[1]!], { followUp: true, url: 'x', pagesFrom: 'visit' });
    expect([one.summary, one.followUp, one.reasons!.length]).toEqual(['Acme viewed Pricing', true, 1]);
  });

  it('does not tell a surge over an empty week beside a first visit, which says it already', () => {
    const c = firstVisit();
    const surge = surgeTrigger(account, 42, 0, T + 6 * MIN, DEFAULT_ALERT_SETTINGS)!;
    const [g] = groupTriggers([{ candidate: c, triggers: visitTriggers({ ...c, events: [] }, DEFAULT_ALERT_SETTINGS) }], [{ account, trigger: surge }]);
    expect(g!.triggers.map((t) => t.rule)).toEqual(['first_visit', 'score_surge']);
    const a = composeAlert(g!, byPriority(g!.triggers), { followUp: false, url: 'x', pagesFrom: 'visit' });
    expect([a.rule, a.summary, a.reasons!.map((r) => r.rule)]).toEqual(['first_visit', 'Acme visited the site for the first time', ['first_visit']]);
  });

  it('holds a visit that is still going until it has been quiet, at most five times as long; a form or no hold sends at once', () => {
    const c = firstVisit({ lastSeen: T + 3 * MIN });
    const views = visitTriggers({ ...c, events: c.events.filter((e) => e.type !== 'form') }, DEFAULT_ALERT_SETTINGS);
    const [g] = groupTriggers([{ candidate: c, triggers: views }], []);
    const s = { holdMinutes: 2 };
    expect(isReady(g!, s, T + 4 * MIN)).toBe(false); // quiet for one minute
    expect(isReady(g!, s, T + 5 * MIN)).toBe(true); // quiet for two
    expect(isReady(g!, { holdMinutes: 0 }, T + 3 * MIN)).toBe(true);
    const busy = { ...g!, session: { ...g!.session!, lastSeen: T + 10 * MIN } };
    expect(isReady(busy, s, T + 10 * MIN + 30_000)).toBe(true); // first reason (the first visit) ten minutes ago
    expect(isReady({ ...busy, triggers: busy.triggers.filter((t) => t.rule === 'high_intent') }, s, T + 10 * MIN + 30_000)).toBe(false);
    const [withForm] = groupTriggers([{ candidate: c, triggers: visitTriggers(c, DEFAULT_ALERT_SETTINGS) }], []);
    expect(isReady(withForm!, s, T + 3 * MIN)).toBe(true);
    expect(isReady({ account, triggers: [mqa(T).trigger], session: null, pages: [] }, s, T)).toBe(true);
  });
});
