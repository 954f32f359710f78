/** Where a chart's axes put their labels: round numbers up the side, readable dates along the bottom. Pure. */

const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * The value axis: 0, a round step (1, 2, 2.5 or 5 times a power of ten) and its multiples up to
 * the first at or above `max`, four or five gridlines for most data. Counts (`whole`) step by
 * whole numbers.
 */
export function valueTicks(max: number, whole = true): number[] {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const rough = top / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough && !(whole && !Number.isInteger(s))) ?? 10 * power;
  if (whole) step = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  for (let i = 0; i <= Math.ceil(top / step - 1e-9); i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks.length > 1 ? ticks : [0, step];
}

export interface DayTick {
  /** Index of the point the label stands under. */
  index: number;
  label: string;
}

const dayOf = (iso: string): number | null => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : null);

/** "Mon 23 Nov 2026": a day in full, for a tooltip. */
export function fullDay(iso: string): string {
  const ms = dayOf(iso);
  if (ms === null || Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A candidate spacing: aligned days (every day, every other day, Mondays, every other Monday) or month starts. */
type Spacing = { days: number } | { months: number };
const SPACINGS: Spacing[] = [{ days: 1 }, { days: 2 }, { days: 7 }, { days: 14 }, { months: 1 }, { months: 2 }, { months: 3 }, { months: 6 }, { months: 12 }];
/** Labels between the two ends, at most: with the ends, seven for a week; month names (some with a year) are wider, so fewer. */
const MAX_INNER = 5;
const MAX_INNER_MONTHS = 4;
/** An inner label closer than this share of the width to an end label would run into it. */
const END_GAP = 0.11;

const onSpacing = (ms: number, s: Spacing): boolean => {
  const d = new Date(ms);
  if ('days' in s) {
    // Day numbers since 1970-01-01 (a Thursday); Mondays are 4 days on.
    const n = Math.round(ms / DAY);
    return s.days < 7 ? n % s.days === 0 : (n - 4) % s.days === 0;
  }
  return d.getUTCDate() === 1 && d.getUTCMonth() % s.months === 0;
};

/**
 * The date labels under a chart of consecutive days: the first and the last day always, and
 * between them days on a round spacing (days, Mondays, month starts, quarters), as many as read
 * side by side: every day of a week, Mondays in a month, month starts in a quarter, quarters in
 * a year and more. Labels that are not days fall back to evenly spaced ones, as given.
 */
export function dayTicks(days: readonly string[]): DayTick[] {
  const n = days.length;
  if (!n) return [];
  const ms = days.map(dayOf);
  if (ms.some((m) => m === null || Number.isNaN(m))) {
    const k = Math.min(n - 1, MAX_INNER + 1);
    return [...new Set(Array.from({ length: k + 1 }, (_, i) => Math.round((i * (n - 1)) / Math.max(1, k))))].map((index) => ({ index, label: days[index]! }));
  }
  const times = ms as number[];
  const spansYears = new Date(times[0]!).getUTCFullYear() !== new Date(times[n - 1]!).getUTCFullYear();
  const dayLabel = (t: number) => {
    const d = new Date(t);
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${spansYears ? ` ${d.getUTCFullYear()}` : ''}`;
  };
  // A month name says its year in January, where the year changes.
  const monthLabel = (t: number) => {
    const d = new Date(t);
    return d.getUTCMonth() === 0 ? `${MONTHS[0]} ${d.getUTCFullYear()}` : MONTHS[d.getUTCMonth()]!;
  };
  if (n === 1) return [{ index: 0, label: dayLabel(times[0]!) }];
  // A week shows every day; past it, an inner label too close to an end label is left out.
  const gap = n <= MAX_INNER + 2 ? 0 : END_GAP * (n - 1);
  let inner: DayTick[] = [];
  for (const s of SPACINGS) {
    inner = times.flatMap((t, index) => (index >= Math.max(1, gap) && index <= n - 1 - Math.max(1, gap) && onSpacing(t, s) ? [{ index, label: 'months' in s ? monthLabel(t) : dayLabel(t) }] : []));
    if (inner.length <= ('months' in s ? MAX_INNER_MONTHS : MAX_INNER)) break;
  }
  return [{ index: 0, label: dayLabel(times[0]!) }, ...inner, { index: n - 1, label: dayLabel(times[n - 1]!) }];
}
