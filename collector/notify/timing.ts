/** When alerts may go: quiet hours and retry backoff, pure. */

/** Local wall-clock minutes since midnight in a time zone. */
export function localMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * When quiet hours (`start`–`end`, local, possibly across midnight) that hold at `at` end, or null
 * when `at` is not in them. Found by stepping minutes forward, so daylight-saving changes are right.
 */
export function quietUntil(at: number, quiet: { start: string; end: string } | null, timeZone: string): number | null {
  if (!quiet || quiet.start === quiet.end) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = (m: number) => (start < end ? m >= start && m < end : m >= start || m < end);
  if (!inside(localMinutes(at, timeZone))) return null;
  let t = Math.floor(at / 60_000) * 60_000;
  for (let i = 0; i < 24 * 60 + 120 && inside(localMinutes(t, timeZone)); i++) t += 60_000;
  return t;
}

/** The local calendar day (YYYY-MM-DD) and hour at `at`. */
export function localDayHour(at: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

export interface Backoff {
  /** The first retry's delay (ms); each next one doubles. */
  baseMs: number;
  maxMs: number;
  /** Attempts in all, the first included; after the last failure the alert is dead. */
  attempts: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 15_000, maxMs: 60 * 60_000, attempts: 8 };

/**
 * When to try again after `failures` failed attempts (1 after the first), or null when that was
 * the last: exponential, capped, with "equal jitter" (half fixed, half random) so receivers that
 * come back are not hit by every collector at once.
 */
export function nextAttempt(now: number, failures: number, b: Backoff, random: () => number = Math.random): number | null {
  if (failures >= b.attempts) return null;
  const delay = Math.min(b.maxMs, b.baseMs * 2 ** (failures - 1));
  return now + Math.round(delay / 2 + random() * (delay / 2));
}
