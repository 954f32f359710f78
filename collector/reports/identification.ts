import type { IdentificationCounts, IdentificationDay, IdentificationQuery } from '../store/index.js';
import type { ReportRange } from './range.js';

/** What the identification report reads (the store, or a stand-in in tests). */
export interface IdentificationSource {
  identificationDays(q: IdentificationQuery): Promise<IdentificationCounts>;
  identificationTotals(q: IdentificationQuery): Promise<{ sessions: number; identified: number }>;
}

/**
 * The classes a human session is counted in, in the order they are shown. An account decides
 * first (on the target list or not); a session that credits none is counted by the kind of
 * network of its first event. Business, education and government networks that credited no
 * account, and networks never looked up, are `unknown`: nobody was identified.
 */
export const IDENTIFICATION_CLASSES = ['target', 'company', 'isp', 'mobile', 'hosting', 'anonymiser', 'unknown'] as const;
export type IdentificationClass = (typeof IDENTIFICATION_CLASSES)[number];

const BY_NETWORK: Readonly<Record<string, IdentificationClass>> = { isp: 'isp', mobile: 'mobile', hosting: 'hosting', anonymiser: 'anonymiser' };

/** The class of a group of sessions: its credit, else its network's kind, else unknown. */
export function identificationClass(row: Pick<IdentificationDay, 'credit' | 'networkClass'>): IdentificationClass {
  return row.credit ?? (row.networkClass === null ? undefined : BY_NETWORK[row.networkClass]) ?? 'unknown';
}

/** Periods longer than this many days are trended by week rather than by day. */
export const DAILY_TREND_MAX_DAYS = 31;

export interface IdentificationTotals {
  from: string;
  to: string;
  sessions: number;
  identified: number;
  /** identified ÷ sessions; null when there were no sessions. */
  share: number | null;
}

/** `GET /api/identification`'s body. */
export interface IdentificationReport extends IdentificationTotals {
  site: string | null;
  /** Sessions started in the period left out as automated (bots, clouds). */
  bots: number;
  /** share minus the previous period's, in shares (0.05 is 5 points); null when either has no sessions. */
  change: number | null;
  previous: IdentificationTotals;
  classes: { class: IdentificationClass; sessions: number; share: number | null }[];
  /** One point per day, or per week (Monday to Sunday, cut to the period) past 31 days, dated by its first day in the period. */
  trend: { day: string; sessions: number; identified: number; share: number | null }[];
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Ratios to four decimals, as the other reports give them. */
const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
const isIdentified = (c: IdentificationClass) => c === 'target' || c === 'company';

/** The period of equal length that ends the day before `range` starts. */
export function previousRange(range: ReportRange): ReportRange {
  const length = range.to - range.from;
  return { from: range.from - length, to: range.from, fromDay: isoDay(range.from - length), toDay: isoDay(range.from - DAY) };
}

const totalsOf = (range: ReportRange, t: { sessions: number; identified: number }): IdentificationTotals => ({ from: range.fromDay, to: range.toDay, ...t, share: ratio(t.identified, t.sessions) });

function totals(range: ReportRange, days: IdentificationDay[]): IdentificationTotals {
  let sessions = 0;
  let identified = 0;
  for (const d of days) {
    sessions += d.sessions;
    if (isIdentified(identificationClass(d))) identified += d.sessions;
  }
  return totalsOf(range, { sessions, identified });
}

/** The first day of each trend point: every day, or past 31 days the period's first day and each Monday after it. */
function trendStarts(range: ReportRange): string[] {
  const weekly = (range.to - range.from) / DAY > DAILY_TREND_MAX_DAYS;
  const starts: string[] = [];
  for (let t = range.from; t < range.to; t += DAY) {
    // 1970-01-01 was a Thursday: Mondays are 4 days on.
    if (!weekly || t === range.from || (Math.round(t / DAY) - 4) % 7 === 0) starts.push(isoDay(t));
  }
  return starts;
}

/**
 * How much of the period's human traffic was identified: sessions by class, the share credited
 * to an account (target or not) and its trend, and the same share over the period before.
 */
export async function identificationReport(store: IdentificationSource, q: { range: ReportRange; siteId?: string | undefined }): Promise<IdentificationReport> {
  const prev = previousRange(q.range);
  // The previous period needs its totals alone: read ungrouped, in half the time.
  const [now, before] = await Promise.all([
    store.identificationDays({ from: q.range.fromDay, to: q.range.toDay, siteId: q.siteId }),
    store.identificationTotals({ from: prev.fromDay, to: prev.toDay, siteId: q.siteId }),
  ]);
  const current = totals(q.range, now.days);
  const previous = totalsOf(prev, before);

  const byClass = new Map<IdentificationClass, number>();
  for (const d of now.days) byClass.set(identificationClass(d), (byClass.get(identificationClass(d)) ?? 0) + d.sessions);
  const classes = IDENTIFICATION_CLASSES.map((c) => ({ class: c, sessions: byClass.get(c) ?? 0, share: ratio(byClass.get(c) ?? 0, current.sessions) }));

  const starts = trendStarts(q.range);
  const points = starts.map((day) => ({ day, sessions: 0, identified: 0 }));
  // Days are ISO strings: the point of a day is the last one starting on or before it.
  let i = 0;
  for (const d of [...now.days].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
    while (i + 1 < starts.length && starts[i + 1]! <= d.day) i++;
    const p = points[i];
    if (!p || d.day < p.day) continue;
    p.sessions += d.sessions;
    if (isIdentified(identificationClass(d))) p.identified += d.sessions;
  }
  const trend = points.map((p) => ({ ...p, share: ratio(p.identified, p.sessions) }));

  const change = current.share === null || previous.share === null ? null : Math.round((current.share - previous.share) * 10_000) / 10_000;
  return { site: q.siteId ?? null, ...current, bots: now.bots, change, previous, classes, trend };
}
