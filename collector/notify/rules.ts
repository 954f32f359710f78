import type { AlertCandidate } from '../store/index.js';
import type { AlertSettings } from './settings.js';
import type { Fact, Rule } from './types.js';

const DAY = 86_400_000;

/** A rule that fired on a visit: its key makes it happen once, ever. */
export interface Trigger {
  key: string;
  rule: Rule;
  at: number;
  /** One line with the account's name ("Acme viewed Pricing"). */
  summary: string;
  /** The same without the name, to list it with other reasons ("viewed Pricing"). */
  phrase: string;
  facts: Fact[];
}

const trigger = (name: string, t: Omit<Trigger, 'summary'>): Trigger => ({ ...t, summary: `${name} ${t.phrase}` });

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
    out.push(trigger(name, { key: `first_visit:${c.account.id}`, rule: 'first_visit', at: c.session.startedAt, phrase: 'visited the site for the first time', facts: [] }));
  }
  if (s.rules.return && c.previousVisitEnd !== null && c.session.startedAt - c.previousVisitEnd >= s.returnDays * DAY) {
    out.push(
      trigger(name, {
        key: `return:${c.account.id}:${c.session.siteId}:${c.session.id}`,
        rule: 'return',
        at: c.session.startedAt,
        phrase: `is back after ${days(c.session.startedAt - c.previousVisitEnd)} days away`,
        facts: [{ label: 'Previous visit', value: new Date(c.previousVisitEnd).toISOString().slice(0, 10) }],
      }),
    );
  }
  const patterns = s.intentPatterns.map((p) => p.toLowerCase());
  const intent = s.rules.high_intent ? views.find((e) => patterns.some((p) => pathOf(e.url).includes(p))) : undefined;
  if (intent) {
    const what = intent.title || pathOf(intent.url);
    out.push(trigger(name, { key: `high_intent:${c.account.id}:${c.session.siteId}:${c.session.id}`, rule: 'high_intent', at: intent.ts, phrase: `viewed ${what}`, facts: [{ label: 'Page', value: pathOf(intent.url) }] }));
  }
  if (s.rules.form) {
    for (const f of c.events.filter((e) => e.type === 'form')) {
      // What the person gave of their role, and nothing else of what they typed.
      const given: Fact[] = [];
      if (f.jobTitle) given.push({ label: 'Job title', value: f.jobTitle });
      if (f.company) given.push({ label: 'Company', value: f.company });
      out.push(
        trigger(name, {
          key: `form:${c.account.id}:${c.session.siteId}:${f.id}`,
          rule: 'form',
          at: f.ts,
          phrase: `filled in ${f.formId ? `the form ${f.formId}` : 'a form'}`,
          facts: [{ label: 'Form', value: f.formId ?? '(no id)' }, ...given, { label: 'Form page', value: pathOf(f.url) }],
        }),
      );
    }
  }
  return out;
}

/** An account that became MQA: once per stage change. */
export function mqaTrigger(change: { accountId: string; at: number; reason: string | null }, name: string): Trigger {
  return trigger(name, {
    key: `mqa:${change.accountId}:${change.at}`,
    rule: 'mqa',
    at: change.at,
    phrase: 'became a marketing-qualified account',
    facts: change.reason ? [{ label: 'Why MQA', value: change.reason }] : [],
  });
}

/**
 * Score surge, week over week: the last seven days' points at least `factor` times the seven
 * before, and at least `minPoints`. Once per account and week (weeks counted from the epoch).
 */
export function surgeTrigger(account: { id: string; name: string }, thisWeek: number, lastWeek: number, now: number, s: AlertSettings): Trigger | null {
  if (!s.rules.score_surge || thisWeek < s.surge.minPoints || thisWeek < lastWeek * s.surge.factor) return null;
  const week = Math.floor(now / (7 * DAY));
  const round = (n: number) => Math.round(n * 10) / 10;
  const points = `${round(thisWeek)} points this week against ${round(lastWeek)} the week before`;
  return {
    key: `score_surge:${account.id}:${week}`,
    rule: 'score_surge',
    at: now,
    summary: `${account.name}'s engagement surged: ${points}`,
    phrase: `surged in engagement (${points})`,
    facts: [{ label: 'This week', value: String(round(thisWeek)) }, { label: 'Week before', value: String(round(lastWeek)) }],
  };
}
