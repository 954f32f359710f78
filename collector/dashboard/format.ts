/** Formatting for pages: numbers, rates, dates and links. Pure; every string still goes through JSX escaping. */

const integer = new Intl.NumberFormat('en-US');
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export const fmtInt = (n: number) => integer.format(Math.round(n));
export const fmtNum = (n: number) => decimal.format(n);
export const fmtPct = (rate: number | null | undefined) => (rate === null || rate === undefined || !Number.isFinite(rate) ? '–' : `${decimal.format(rate * 100)} %`);

const score = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** An engagement score, the same on every page: one decimal, always shown ("12.0", "3.5"). */
export const fmtScore = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : score.format(n));

export type Tone = 'up' | 'down' | 'flat';
const toneOf = (x: number): Tone => (x > 0 ? 'up' : x < 0 ? 'down' : 'flat');
const signed = (x: number, unit: string) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${decimal.format(Math.abs(x))} ${unit}`;

/**
 * The change of a count, in per cent of what it was: "+12 %", "−3 %", "±0 %"; "new" when it
 * was zero and is not now. `rate` is the relative change as the KPI report gives it (0.12 for
 * +12 %; null when there was nothing before).
 */
export function fmtCountChange(rate: number | null, now: number): { text: string; tone: Tone } {
  if (rate === null) return now > 0 ? { text: 'new', tone: 'up' } : { text: '±0 %', tone: 'flat' };
  return { text: signed(rate * 100, '%'), tone: toneOf(rate) };
}

/**
 * The change of a rate, in percentage points ("+3.2 pp" when 25 % became 28.2 %): never in
 * per cent, which would read as a change relative to the rate.
 */
export function fmtRateChange(now: number, before: number): { text: string; tone: Tone } {
  const pp = Math.round((now - before) * 1000) / 10;
  return { text: signed(pp, 'pp'), tone: toneOf(pp) };
}

/** A calendar day (2026-11-23), for days that are not moments (a database's build day, the programme start); moments go through When. */
export const fmtDay = (ms: number | string | null | undefined) => {
  if (ms === null || ms === undefined) return '–';
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '–' : d.toISOString().slice(0, 10);
};

/** "4 min 05 s", "12 s" */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * A URL that came from an event may become a link only when it is http(s); anything else
 * (javascript:, data:, relative paths) is shown as text. Returns the normalised href or null.
 */
export function safeHref(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A long URL shown short: host and path, the query cut. */
export function shortUrl(url: string | null | undefined, max = 80): string {
  if (!url) return '–';
  let shown = url;
  try {
    const u = new URL(url);
    shown = `${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    /* shown as given */
  }
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

/** A query string from parameters, leaving out empty ones. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') out.set(k, String(v));
  const s = out.toString();
  return s ? `?${s}` : '';
}
