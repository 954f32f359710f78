import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, nextAttempt, quietUntil, routeTo, surgeTrigger, visitTriggers, type Destination } from '../../collector/notify/index.js';
import type { AlertCandidate } from '../../collector/store/index.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 23, 10);
const visit = (over: Partial<AlertCandidate> = {}): AlertCandidate => ({
  session: { id: 's9', siteId: 'site', visitor: 'v', startedAt: T, lastSeen: T + 120_000, channel: 'Direct', campaign: null },
  account: { id: 'acc1', name: 'Acme', domain: 'acme.com', tier: '1', owner: 'ana@vendor.example', stage: 'engaged' },
  previousVisitEnd: T - 3 * DAY,
  events: [
    { id: 'e1', type: 'page_view', url: 'https://vendor.example/blog/x', title: 'Blog', ts: T, formId: null },
    { id: 'e2', type: 'page_view', url: 'https://vendor.example/Pricing?plan=pro', title: 'Pricing', ts: T + 60_000, formId: null },
  ],
  ...over,
});

describe('alert rules', () => {
  it('fire on a first visit, a return after the set days, a high-intent page and each form, with keys that name what they are about', () => {
    expect(visitTriggers(visit(), DEFAULT_ALERT_SETTINGS).map((t) => [t.rule, t.key, t.summary])).toEqual([['high_intent', 'high_intent:acc1:site:s9', 'Acme viewed Pricing']]);
    const first = visitTriggers(visit({ previousVisitEnd: null, events: [] }), DEFAULT_ALERT_SETTINGS);
    expect(first.map((t) => [t.rule, t.key])).toEqual([['first_visit', 'first_visit:acc1']]);
    const back = visitTriggers(visit({ previousVisitEnd: T - 20 * DAY, events: [] }), DEFAULT_ALERT_SETTINGS);
    expect(back.map((t) => [t.rule, t.summary])).toEqual([['return', 'Acme is back after 20 days away']]);
    expect(visitTriggers(visit({ previousVisitEnd: T - 13 * DAY, events: [] }), DEFAULT_ALERT_SETTINGS)).toEqual([]);
    const forms = visitTriggers(visit({ events: [{ id: 'f1', type: 'form', url: 'https://vendor.example/demo', title: null, ts: T, formId: 'demo-request' }] }), DEFAULT_ALERT_SETTINGS);
    expect(forms.map((t) => [t.rule, t.key, t.summary, t.phrase])).toEqual([['form', 'form:acc1:site:f1', 'Acme filled in the form demo-request', 'filled in the form demo-request']]);
  });

  it('put what a form gave of the person (job title, company) in its facts, and nothing else', () => {
    const form = { id: 'f1', type: 'form', url: 'https://vendor.example/demo', title: null, ts: T, formId: 'demo-request', jobTitle: 'VP Finance', company: 'Acme Europe' };
    const [t] = visitTriggers(visit({ events: [form] }), DEFAULT_ALERT_SETTINGS);
    expect(t!.facts).toEqual([{ label: 'Form', value: 'demo-request' }, { label: 'Job title', value: 'VP Finance' }, { label: 'Company', value: 'Acme Europe' }, { label: 'Form page', value: '/demo' }]);
    const [bare] = visitTriggers(visit({ events: [{ ...form, jobTitle: null, company: null }] }), DEFAULT_ALERT_SETTINGS);
    expect(bare!.facts.map((f) => f.label)).toEqual(['Form', 'Form page']);
  });

  it('follow the settings: rules off, other patterns, other return days', () => {
    const s = { ...DEFAULT_ALERT_SETTINGS, rules: { ...DEFAULT_ALERT_SETTINGS.rules, high_intent: false } };
    expect(visitTriggers(visit(), s)).toEqual([]);
    expect(visitTriggers(visit(), { ...DEFAULT_ALERT_SETTINGS, intentPatterns: ['/blog'] })[0]?.summary).toBe('Acme viewed Blog');
    expect(visitTriggers(visit({ events: [] }), { ...DEFAULT_ALERT_SETTINGS, returnDays: 2 }).map((t) => t.rule)).toEqual(['return']);
  });

  it('see a score surge week over week, above a floor, once per week', () => {
    const a = { id: 'acc1', name: 'Acme' };
    expect(surgeTrigger(a, 30, 10, T, DEFAULT_ALERT_SETTINGS)?.key).toBe(`score_surge:acc1:${Math.floor(T / (7 * DAY))}`);
    expect(surgeTrigger(a, 30, 16, T, DEFAULT_ALERT_SETTINGS)).toBeNull(); // less than twice
    expect(surgeTrigger(a, 8, 0, T, DEFAULT_ALERT_SETTINGS)).toBeNull(); // under the floor of 10
  });

  it("route to the owner's destinations, else to the default ones", () => {
    const d = (id: string, owner: string | null): Destination => ({ id, kind: 'slack', target: 'https://hooks.example/x', secret: null, owner, digest: false, createdAt: 0 });
    const all = [d('ana', 'ana@vendor.example'), d('default', null), d('bob', 'bob@vendor.example')];
    expect(routeTo('Ana@Vendor.example', all).map((x) => x.id)).toEqual(['ana']);
    expect(routeTo('carl@vendor.example', all).map((x) => x.id)).toEqual(['default']);
    expect(routeTo(null, all).map((x) => x.id)).toEqual(['default']);
  });
});

describe('alert timing', () => {
  it('holds alerts in quiet hours until they end, across midnight and in the set time zone', () => {
    const quiet = { start: '20:00', end: '08:00' };
    // 22:30 in Berlin (UTC+1 in November) is quiet until 08:00 Berlin, 07:00 UTC.
    expect(quietUntil(Date.UTC(2026, 10, 23, 21, 30), quiet, 'Europe/Berlin')).toBe(Date.UTC(2026, 10, 24, 7, 0));
    expect(quietUntil(Date.UTC(2026, 10, 23, 12, 0), quiet, 'Europe/Berlin')).toBeNull();
    expect(quietUntil(Date.UTC(2026, 10, 23, 6, 59), quiet, 'UTC')).toBe(Date.UTC(2026, 10, 23, 8, 0));
    expect(quietUntil(Date.UTC(2026, 10, 23, 13, 0), { start: '12:00', end: '14:00' }, 'UTC')).toBe(Date.UTC(2026, 10, 23, 14, 0));
    expect(quietUntil(Date.UTC(2026, 10, 23, 13, 0), null, 'UTC')).toBeNull();
  });

  it('backs off exponentially with jitter, capped, and gives up after the last attempt', () => {
    const b = { baseMs: 1000, maxMs: 10_000, attempts: 5 };
    expect(nextAttempt(0, 1, b, () => 0)).toBe(500);
    expect(nextAttempt(0, 1, b, () => 1)).toBe(1000);
    expect(nextAttempt(0, 3, b, () => 0.5)).toBe(3000); // 4 s: 2 s fixed + half of 2 s
    expect(nextAttempt(0, 4, b, () => 1)).toBe(8000);
    expect(nextAttempt(0, 5, b, () => 1)).toBeNull();
    expect(nextAttempt(0, 4, { ...b, maxMs: 5000 }, () => 1)).toBe(5000);
  });
});
