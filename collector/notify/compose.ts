/**
 * One visit, one alert (pure): a scan's triggers grouped by the visit they are about, an MQA or
 * score surge that came with a visit folded into it, visits still going on held back for a short
 * while so their reasons arrive together, and the alert a group's reasons make.
 */
import type { Account, AlertCandidate } from '../store/index.js';
import type { Trigger } from './rules.js';
import type { AlertSettings } from './settings.js';
import { RULE_PRIORITY, RULES, type Alert, type AlertPage, type Fact } from './types.js';

const MINUTE = 60_000;
/** An MQA or surge within this long after a visit's last page is that visit's. */
export const FOLD_MS = 10 * MINUTE;
/** A visit is held at most this many times the quiet time, counted from its first reason. */
export const MAX_HOLD_FACTOR = 5;

/** A trigger about an account rather than a visit (an MQA, a surge). */
export interface AccountTrigger {
  account: Alert['account'];
  trigger: Trigger;
}

/** The reasons of one alert-to-be: one visit's, or an account's MQA or surge that came with no visit. */
export interface AlertGroup {
  account: Alert['account'];
  triggers: Trigger[];
  /** The visit, when the group is one. */
  session: AlertCandidate['session'] | null;
  pages: AlertPage[];
}

/** An account as an alert tells it. */
export const accountOf = (a: Account): Alert['account'] => ({ id: a.id, name: a.name, domain: a.domain, tier: a.tier, owner: a.owner, stage: a.stage });

const rank = (t: Trigger) => RULE_PRIORITY.indexOf(t.rule);
/** Strongest first. */
export const byPriority = (ts: readonly Trigger[]): Trigger[] => [...ts].sort((a, b) => rank(a) - rank(b) || a.at - b.at);
/** As they happened (a tie in the rules' order: a first visit before what it read). */
export const chronological = <T extends { at: number; rule: string }>(ts: readonly T[]): T[] =>
  [...ts].sort((a, b) => a.at - b.at || RULES.indexOf(a.rule as Trigger['rule']) - RULES.indexOf(b.rule as Trigger['rule']));

export const visitPages = (c: AlertCandidate): AlertPage[] =>
  c.events.filter((e) => e.type === 'page_view' && e.url).slice(0, 20).map((e) => ({ url: e.url!, title: e.title, at: e.ts }));

/**
 * Groups a scan's triggers: each visit with its own, plus the account triggers that fall within
 * it (from its start to FOLD_MS after its last page; the latest such visit takes it). Account
 * triggers with no visit are groups of their own (without pages: the caller finds them).
 */
export function groupTriggers(visits: readonly { candidate: AlertCandidate; triggers: Trigger[] }[], extras: readonly AccountTrigger[]): AlertGroup[] {
  const groups = visits.map(({ candidate: c, triggers }) => ({ account: c.account, triggers: [...triggers], session: c.session, pages: visitPages(c) }));
  const alone: AlertGroup[] = [];
  for (const x of extras) {
    const home = groups
      .filter((g) => g.account.id === x.account.id && x.trigger.at >= g.session.startedAt && x.trigger.at <= g.session.lastSeen + FOLD_MS)
      .sort((a, b) => b.session.startedAt - a.session.startedAt)[0];
    if (home) home.triggers.push(x.trigger);
    else alone.push({ account: x.account, triggers: [x.trigger], session: null, pages: [] });
  }
  return [...groups, ...alone].filter((g) => g.triggers.length > 0);
}

/**
 * Whether a group goes now: a form was sent (the strongest signal, and usually a visit's last
 * act), the visit has been quiet for the hold time, its first reason is older than
 * MAX_HOLD_FACTOR times that, or it is no visit at all.
 */
export function isReady(g: AlertGroup, s: Pick<AlertSettings, 'holdMinutes'>, now: number): boolean {
  const hold = s.holdMinutes * MINUTE;
  if (!g.session || hold <= 0 || g.triggers.some((t) => t.rule === 'form')) return true;
  const first = Math.min(...g.triggers.map((t) => t.at));
  return now - g.session.lastSeen >= hold || now - first >= hold * MAX_HOLD_FACTOR;
}

/** "a, b and c" */
const listed = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * The alert for the reasons that passed (`passed`, strongest first: the first leads). `followUp`:
 * an earlier alert told this visit's other reasons.
 */
export function composeAlert(g: AlertGroup, passed: readonly Trigger[], o: { followUp: boolean; url: string; pagesFrom: 'visit' | 'recent' }): Alert {
  const lead = passed[0]!;
  // A surge over an empty week says nothing a first visit or a return does not: recorded, not told.
  const news = passed.some((t) => t.rule === 'first_visit' || t.rule === 'return');
  const reasons = chronological(passed.filter((t) => !(news && t.rule === 'score_surge')));
  const facts: Fact[] = [];
  for (const f of reasons.flatMap((r) => r.facts)) if (!facts.some((x) => x.label === f.label && x.value === f.value)) facts.push(f);
  return {
    key: lead.key,
    rule: lead.rule,
    reasons: reasons.map((r) => ({ rule: r.rule, summary: r.summary, at: r.at, facts: r.facts })),
    followUp: o.followUp,
    summary: reasons.length === 1 ? lead.summary : `${g.account.name} ${listed(reasons.map((r) => r.phrase))}`,
    account: g.account,
    occurredAt: Math.max(...reasons.map((r) => r.at)),
    pages: g.pages,
    pagesFrom: o.pagesFrom,
    url: o.url,
    facts,
  };
}
