/** The funnel, in order. The first four follow from engagement; the last two are set from the CRM. */
export const STAGES = ['unaware', 'aware', 'engaged', 'mqa', 'opportunity', 'customer'] as const;
export type Stage = (typeof STAGES)[number];
export type AutomaticStage = 'unaware' | 'aware' | 'engaged' | 'mqa';

export interface StageRules {
  /** Engaged: a score of at least this within the window… */
  engagedScore: number;
  /** …or visits on at least this many days within the window. */
  engagedDays: number;
  /** Marketing-qualified: a score of at least this within the window. */
  mqaScore: number;
  /** Days counted back from today. */
  windowDays: number;
}

export const DEFAULT_STAGE_RULES: StageRules = { engagedScore: 10, engagedDays: 3, mqaScore: 30, windowDays: 30 };

export interface Activity {
  /** Any visit ever (bots never count). */
  visited: boolean;
  /** The decayed, role-weighted score over the window. */
  score: number;
  /** Days with a visit within the window. */
  activeDays: number;
}

export const stageRank = (s: string) => STAGES.indexOf(s as Stage);
export const isStage = (s: string): s is Stage => stageRank(s) >= 0;

/** Where engagement puts an account now. */
export function automaticStage(a: Activity, rules: StageRules = DEFAULT_STAGE_RULES): AutomaticStage {
  if (a.score >= rules.mqaScore) return 'mqa';
  if (a.score >= rules.engagedScore || a.activeDays >= rules.engagedDays) return 'engaged';
  return a.visited ? 'aware' : 'unaware';
}

/**
 * The transitions engagement makes from `current`: every stage passed on the way up, in order
 * (an account that goes from unaware to MQA in one day was aware and engaged first). Engagement
 * never moves an account down, and never moves one the CRM has made an opportunity or customer.
 */
export function stepsUp(current: string, computed: AutomaticStage): Stage[] {
  const from = stageRank(current);
  if (from >= stageRank('opportunity')) return [];
  return STAGES.slice(Math.max(from, 0) + 1, stageRank(computed) + 1);
}

/** Something an account's people did, as the reason for a stage change names it. */
export interface StageEvidence {
  type: string;
  url: string | null;
  title: string | null;
  formId: string | null;
  /** A download's file. */
  href?: string | null;
}

const PAGES_NAMED = 4;

const pathOf = (url: string | null): string => {
  if (!url) return '';
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};
const fileOf = (url: string | null | undefined): string => pathOf(url ?? null).split('/').filter(Boolean).at(-1) ?? '';

/** Between a page's own title and the site's name ("Pricing — Ledgerline", "Pricing | Acme"). */
const TITLE_SEPARATORS = [' — ', ' – ', ' | ', ' - ', ' · '];

/**
 * Page titles without the site's name: a tail after a separator that at least half of the
 * different titles share (two at least) is the site's, and is dropped from those that have it.
 */
export function withoutSiteName(titles: readonly string[]): string[] {
  const distinct = [...new Set(titles)];
  for (const sep of TITLE_SEPARATORS) {
    const tailOf = (t: string) => (t.lastIndexOf(sep) > 0 ? t.slice(t.lastIndexOf(sep)) : null);
    const counts = new Map<string, number>();
    for (const tail of distinct.map(tailOf)) if (tail) counts.set(tail, (counts.get(tail) ?? 0) + 1);
    const [tail, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (n >= 2 && n * 2 >= distinct.length) return titles.map((t) => (tailOf(t) === tail ? t.slice(0, t.length - tail.length) : t));
  }
  return [...titles];
}

/** "a, b and c" */
export function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Why engagement moved an account, as one line kept with the stage change: its score and active
 * days over the window, then what its people did, newest first — the pages read (by title), the
 * files downloaded and the forms sent.
 */
export function stageReason(a: { score: number; activeDays: number }, rules: StageRules, evidence: readonly StageEvidence[]): string {
  // One decimal, as the dashboard shows every score.
  const numbers = `score ${a.score.toFixed(1)}, visits on ${a.activeDays} of the last ${rules.windowDays} days`;
  const distinct = (values: string[]) => [...new Set(values.filter(Boolean))];
  const pages = distinct(withoutSiteName(evidence.filter((e) => e.type === 'page_view').map((e) => e.title?.trim() || pathOf(e.url))));
  const files = distinct(evidence.filter((e) => e.type === 'download').map((e) => fileOf(e.href) || pathOf(e.url)));
  const forms = distinct(evidence.filter((e) => e.type === 'form').map((e) => e.formId ?? 'a form'));
  const parts = [numbers];
  if (pages.length) {
    const more = pages.length - PAGES_NAMED;
    parts.push(`read ${listed(more > 0 ? [...pages.slice(0, PAGES_NAMED), `${more} more`] : pages)}`);
  }
  if (files.length) parts.push(`downloaded ${listed(files)}`);
  if (forms.length) parts.push(`sent ${forms.length === 1 ? 'the form' : 'the forms'} ${listed(forms)}`);
  return parts.join('; ');
}
