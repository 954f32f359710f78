import type { AlertCandidate } from '../store/index.js';
import type { AlertSettings } from './settings.js';
import type { Rule } from './types.js';

const DAY = 86_400_000;

/** A rule that fired on a visit: its key makes it happen once, ever. */
export interface Trigger {
  key: string;
  rule: Rule;
  at: number;
  summary: string;
  facts: { label: string; value: string }[];
}

const pathOf = (url: string | null) => {
  if (!url) return '';
  try {
    return new URL(url).pathname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
};

const days = (ms: number) => Math.round(ms / DAY);

/**
 * The visit rules, pure: first visit, back after `returnDays`, a high-intent page (by path
 * fragment), a form. Each trigger's key names what it is about, so rescans and other processes
 * find it already recorded.
 */
export function visitTriggers(c: AlertCandidate, s: AlertSettings): Trigger[] {
  const out: Trigger[] = [];
  const name = c.account.name;
  const views = c.events.filter((e) => e.type === 'page_view');
  if (s.rules.first_visit && c.previousVisitEnd === null) {
    out.push({ key: `first_visit:${c.account.id}`, rule: 'first_visit', at: c.session.startedAt, summary: `${name} visited the site for the first time`, facts: [] });
  }
  if (s.rules.return && c.previousVisitEnd !== null && c.session.startedAt - c.previousVisitEnd >= s.returnDays * DAY) {
    out.push({
      key: `return:${c.account.id}:${c.session.siteId}:${c.session.id}`,
      rule: 'return',
      at: c.session.startedAt,
      summary: `${name} is back after ${days(c.session.startedAt - c.previousVisitEnd)} days away`,
      facts: [{ label: 'Previous visit', value: new Date(c.previousVisitEnd).toISOString().slice(0, 10) }],
    });
  }
  const patterns = s.intentPatterns.map((p) => p.toLowerCase());
  const intent = s.rules.high_intent ? views.find((e) => patterns.some((p) => pathOf(e.url).includes(p))) : undefined;
  if (intent) {
    const what = intent.title || pathOf(intent.url);
    out.push({ key: `high_intent:${c.account.id}:${c.session.siteId}:${c.session.id}`, rule: 'high_intent', at: intent.ts, summary: `${name} viewed ${what}`, facts: [{ label: 'Page', value: pathOf(intent.url) }] });
  }
  if (s.rules.form) {
    for (const f of c.events.filter((e) => e.type === 'form')) {
      out.push({
        key: `form:${c.account.id}:${c.session.siteId}:${f.id}`,
        rule: 'form',
        at: f.ts,
        summary: `${name} filled in ${f.formId ? `the form ${f.formId}` : 'a form'}`,
        facts: [{ label: 'Form', value: f.formId ?? '(no id)' }, { label: 'Page', value: pathOf(f.url) }],
      });
    }
  }
  return out;
}

/** An account that became MQA: once per stage change. */
export function mqaTrigger(change: { accountId: string; at: number; reason: string | null }, name: string): Trigger {
  return {
    key: `mqa:${change.accountId}:${change.at}`,
    rule: 'mqa',
    at: change.at,
    summary: `${name} became a marketing-qualified account`,
    facts: change.reason ? [{ label: 'Why', value: change.reason }] : [],
  };
}

/**
 * Score surge, week over week: the last seven days' points at least `factor` times the seven
 * before, and at least `minPoints`. Once per account and week (weeks counted from the epoch).
 */
export function surgeTrigger(account: { id: string; name: string }, thisWeek: number, lastWeek: number, now: number, s: AlertSettings): Trigger | null {
  if (!s.rules.score_surge || thisWeek < s.surge.minPoints || thisWeek < lastWeek * s.surge.factor) return null;
  const week = Math.floor(now / (7 * DAY));
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    key: `score_surge:${account.id}:${week}`,
    rule: 'score_surge',
    at: now,
    summary: `${account.name}'s engagement surged: ${round(thisWeek)} points this week against ${round(lastWeek)} the week before`,
    facts: [{ label: 'This week', value: String(round(thisWeek)) }, { label: 'Week before', value: String(round(lastWeek)) }],
  };
}
