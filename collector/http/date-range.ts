import { z } from 'zod';
import { HttpError } from './errors.js';

const DAY = 86_400_000;
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-23').refine((d) => {
  const ms = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
}, 'is not a calendar date');

export interface DateRange {
  /** First UTC day, inclusive (2026-10-25). */
  fromDay: string;
  /** Last UTC day, inclusive. */
  toDay: string;
  /** Epoch ms: start of fromDay, and start of the day after toDay (exclusive). */
  from: number;
  to: number;
}

/** `from`/`to` as the contract has them: ISO days, both inclusive, the last 30 days by default. */
export function dateRange(query: { from?: string | undefined; to?: string | undefined }, now: number): DateRange {
  const parse = (name: 'from' | 'to', value: string | undefined) => {
    if (value === undefined || value === '') return undefined;
    const r = IsoDay.safeParse(value);
    if (!r.success) throw new HttpError(400, 'invalid_query', `${name}: ${r.error.issues[0]?.message}`);
    return Date.parse(`${r.data}T00:00:00Z`);
  };
  const toStart = parse('to', query.to) ?? Math.floor(now / DAY) * DAY;
  const from = parse('from', query.from) ?? toStart - 29 * DAY;
  if (from > toStart) throw new HttpError(400, 'invalid_query', 'from must not be after to');
  if (toStart - from > 3660 * DAY) throw new HttpError(400, 'invalid_query', 'a range of at most ten years');
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { fromDay: day(from), toDay: day(toStart), from, to: toStart + DAY };
}
