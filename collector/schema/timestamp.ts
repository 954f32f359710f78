import { z } from 'zod';

/** Client clocks can be wrong, but not by decades: a timestamp outside these is a bug, not a visit. */
export const EARLIEST_TS = Date.UTC(2000, 0, 1);
export const LATEST_TS = Date.UTC(2100, 0, 1);

/** What every `ts` error says: the two forms taken, and the bounds. */
export const TS_FORMS =
  'must be epoch milliseconds (1763900000000) or an ISO-8601 date-time with a zone (2026-11-23T10:00:00Z, 2026-11-23T11:00:00.250+01:00), between 2000-01-01 and 2100-01-01';

/**
 * RFC 3339 / ISO-8601 date-time: a date, `T` (or a space), hours and minutes, optional seconds and
 * fraction, and a zone (`Z`, `+01:00`, `+0100`, `+01`). Without a zone the instant is unknown.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Epoch milliseconds of an ISO-8601 date-time, or why it is not one. */
export function parseIsoTimestamp(text: string): { ms: number } | { problem: string } {
  const m = ISO.exec(text.trim());
  if (!m) return { problem: `${JSON.stringify(text.slice(0, 40))} is not a date-time: ${TS_FORMS}` };
  const [, y, mo, d, h, mi, s = '0', frac = '', z, sign, oh, om = '0'] = m;
  if (!z && !sign) return { problem: `${JSON.stringify(text.slice(0, 40))} has no time zone, so the instant is ambiguous: add Z (UTC) or an offset such as +01:00` };
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const local = Date.UTC(year, month - 1, day, hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  const back = new Date(local);
  // Date.UTC rolls 2026-02-30 over into March: a day or time that does not exist is refused, not moved.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { problem: `${JSON.stringify(text.slice(0, 40))} is not a real date and time` };
  }
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  if (sign && (Number(oh) > 23 || Number(om) > 59)) return { problem: `${JSON.stringify(text.slice(0, 40))} has an offset that is not one` };
  return { ms: local - offsetMinutes * 60_000 };
}

/**
 * An event's client time: epoch milliseconds, or an ISO-8601 date-time with a zone (server-side
 * senders often have one to hand). Either way it is kept as epoch milliseconds.
 */
export const Timestamp = z
  .union([z.number(), z.string().max(40)], { error: TS_FORMS })
  .transform((v, ctx) => {
    let ms: number;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) return fail(ctx, `${TS_FORMS} (milliseconds are whole numbers)`);
      ms = v;
    } else {
      const parsed = parseIsoTimestamp(v);
      if ('problem' in parsed) return fail(ctx, parsed.problem);
      ms = parsed.ms;
    }
    if (ms < EARLIEST_TS || ms > LATEST_TS) return fail(ctx, `${TS_FORMS}; this one is ${Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : 'far outside'}`);
    return ms;
  })
  .meta({
    description: 'Client time: epoch milliseconds, or an ISO-8601 date-time with a zone (2026-11-23T10:00:00Z, 2026-11-23T11:00:00+01:00); between 2000-01-01 and 2100-01-01',
  });

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}
