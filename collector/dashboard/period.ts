/**
 * The dashboard's reporting period: like the API's `dateRange` (ISO days, both inclusive, the
 * last 30 days ending today by default) but forgiving — a page must still render, so dates that
 * are malformed, not calendar days or reversed fall back to the default, and a span longer
 * than 400 days is cut to the 400 days ending at `to`.
 */
const DAY = 86_400_000;
/** The longest period a page reports on, in days. */
export const MAX_PERIOD_DAYS = 400;
/** The default period, in days. */
export const DEFAULT_PERIOD_DAYS = 30;

export interface Period {
  /** Epoch ms: start of fromDay (inclusive). */
  from: number;
  /** Epoch ms: start of the day after toDay (exclusive). */
  to: number;
  /** First UTC day, inclusive (2026-10-25). */
  fromDay: string;
  /** Last UTC day, inclusive. */
  toDay: string;
}

/** Start of the UTC day `value` names (YYYY-MM-DD, a real calendar day), or undefined. */
function dayStart(value: string | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
  return ms;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: number): Period {
  const today = Math.floor(now / DAY) * DAY;
  let toStart = dayStart(query.to) ?? today;
  let from = dayStart(query.from) ?? toStart - (DEFAULT_PERIOD_DAYS - 1) * DAY;
  if (from > toStart) {
    // Reversed: fall back to the default period.
    toStart = today;
    from = today - (DEFAULT_PERIOD_DAYS - 1) * DAY;
  }
  if (toStart - from > (MAX_PERIOD_DAYS - 1) * DAY) from = toStart - (MAX_PERIOD_DAYS - 1) * DAY;
  return { from, to: toStart + DAY, fromDay: isoDay(from), toDay: isoDay(toStart) };
}
