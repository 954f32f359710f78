import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The dashboard's reporting period: like the API's `dateRange` (ISO days, both inclusive, the
 * last 30 days ending today by default) but forgiving — a page must still render, so dates that
 * are malformed, not calendar days or reversed fall back to the default, and a span longer
 * than 400 days is cut to the 400 days ending at `to`. Days are UTC days, as everywhere in the
 * reports.
 *
 * A period is either a preset (`?period=7d`: relative, so a bookmark of "the last 7 days" is the
 * last 7 days whenever it is opened) or custom days (`?from=&to=`). The pages carry the chosen
 * period in their links (navigation, filters, pagination, CSV) and remember it in a cookie for
 * the browser session, so a page reached without one (from Live, Settings or a fresh `/app`)
 * shows the period last chosen; a URL that names a period always wins.
 */
const DAY = 86_400_000;
/** The longest period a page reports on, in days. */
export const MAX_PERIOD_DAYS = 400;
/** The default period, in days. */
export const DEFAULT_PERIOD_DAYS = 30;
/** The cookie that remembers the chosen period for the browser session. */
export const PERIOD_COOKIE = 'abm_period';

/** The presets, in the order the pages offer them: a key for the URL and how many days back (quarter: to its first day). */
export const PRESETS = [
  { key: 'today', days: 1 },
  { key: '7d', days: 7 },
  { key: '30d', days: 30 },
  { key: '90d', days: 90 },
  { key: 'quarter', days: null },
] as const;
export type PresetKey = (typeof PRESETS)[number]['key'];
const DEFAULT_PRESET: PresetKey = '30d';

export interface Period {
  /** Epoch ms: start of fromDay (inclusive). */
  from: number;
  /** Epoch ms: start of the day after toDay (exclusive). */
  to: number;
  /** First UTC day, inclusive (2026-10-25). */
  fromDay: string;
  /** Last UTC day, inclusive. */
  toDay: string;
  /** The preset it is (the default is 30 days), or null for custom days. */
  preset: PresetKey | null;
  /** Whether the viewer chose it (in the URL or remembered), rather than getting the default. */
  chosen: boolean;
}

/** Start of the UTC day `value` names (YYYY-MM-DD, a real calendar day), or undefined. */
function dayStart(value: string | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
  return ms;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isPreset = (v: unknown): v is PresetKey => PRESETS.some((p) => p.key === v);
const make = (from: number, toStart: number, preset: PresetKey | null, chosen: boolean): Period => ({ from, to: toStart + DAY, fromDay: isoDay(from), toDay: isoDay(toStart), preset, chosen });

/** The first day of the calendar quarter `day` (a UTC day start) is in. */
export function quarterStart(day: number): number {
  const d = new Date(day);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
}

/** A preset's period ending today. */
export function presetPeriod(key: PresetKey, now: number, chosen = true): Period {
  const today = Math.floor(now / DAY) * DAY;
  const preset = PRESETS.find((p) => p.key === key)!;
  return make(preset.days === null ? quarterStart(today) : today - (preset.days - 1) * DAY, today, key, chosen);
}

export function periodOf(query: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, now: number): Period {
  const today = Math.floor(now / DAY) * DAY;
  const fallback = () => presetPeriod(DEFAULT_PRESET, now, false);
  const toGiven = dayStart(query.to);
  const fromGiven = dayStart(query.from);
  // Days win over a preset: a URL with both is a hand-made one, and the days are the more precise.
  if (toGiven === undefined && fromGiven === undefined) return isPreset(query.period) ? presetPeriod(query.period, now) : fallback();
  const toStart = toGiven ?? today;
  let from = fromGiven ?? toStart - (DEFAULT_PERIOD_DAYS - 1) * DAY;
  if (from > toStart) return fallback();
  if (toStart - from > (MAX_PERIOD_DAYS - 1) * DAY) from = toStart - (MAX_PERIOD_DAYS - 1) * DAY;
  return make(from, toStart, null, true);
}

/** The parameters that name the period in a link: the preset, the days, or nothing for the default. */
export function periodParams(p: Period): { period?: string; from?: string; to?: string } {
  if (!p.chosen) return {};
  return p.preset ? { period: p.preset } : { from: p.fromDay, to: p.toDay };
}

/** "Q4 to date" and the like: what each preset is called, for buttons and the page's subtitle. */
export function presetLabel(key: PresetKey, now: number): string {
  if (key === 'today') return 'Today';
  if (key === 'quarter') return `Q${Math.floor(new Date(now).getUTCMonth() / 3) + 1} to date`;
  return `${key.slice(0, -1)} days`;
}

/** "Last 7 days · 17 Nov – 23 Nov 2026 (UTC days)": the period in words. */
export function periodText(p: Period, now: number): string {
  const days = `${p.fromDay === p.toDay ? p.fromDay : `${p.fromDay} – ${p.toDay}`}`;
  if (!p.preset) return days;
  const name = p.preset === 'today' ? 'Today' : p.preset === 'quarter' ? `This quarter (${presetLabel('quarter', now)})` : `Last ${presetLabel(p.preset, now)}`;
  return `${name} · ${days}`;
}

const cookieValue = (p: Period) => (p.preset ? p.preset : `${p.fromDay}~${p.toDay}`);

/**
 * The period of a report page's request: named in the URL (then remembered for the browser
 * session), else the one remembered, else the default.
 */
export function pagePeriod(c: Context, now: number): Period {
  const q = c.req.query();
  if (q.period !== undefined || q.from !== undefined || q.to !== undefined) {
    const p = periodOf(q, now);
    if (p.chosen) setCookie(c, PERIOD_COOKIE, cookieValue(p), { path: '/app', httpOnly: true, sameSite: 'Lax', secure: new URL(c.req.url).protocol === 'https:' });
    else deleteCookie(c, PERIOD_COOKIE, { path: '/app' });
    return p;
  }
  const kept = getCookie(c, PERIOD_COOKIE);
  if (!kept || kept.length > 30) return periodOf({}, now);
  const [from, to] = kept.split('~');
  return periodOf(to === undefined ? { period: from } : { from, to }, now);
}
