import { z } from 'zod';

/**
 * Text from the open internet, made safe to keep: NUL bytes removed, lone surrogates replaced,
 * capped at `max` UTF-16 units (a cap, not a rejection: a long title is still a page view).
 */
export const cleanText = (max: number) =>
  z.string().transform((s) => s.replaceAll('\u0000', '').slice(0, max).toWellFormed());

/** An absolute http(s) URL, at most `max` characters (longer ones are refused, not cut: a cut URL lies). */
export const httpUrl = (max: number) =>
  cleanText(Number.MAX_SAFE_INTEGER).pipe(
    z
      .string()
      .max(max, `must be at most ${max} characters`)
      .refine((s) => {
        try {
          const u = new URL(s);
          return u.protocol === 'http:' || u.protocol === 'https:';
        } catch {
          return false;
        }
      }, 'must be an absolute http(s) URL'),
  );

/** An origin as browsers send it in the Origin header: scheme, host and port, nothing more. */
export const Origin = z
  .string()
  .max(300)
  .transform((s, ctx) => {
    try {
      const u = new URL(s);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin !== 'null') return u.origin;
    } catch {
      /* reported below */
    }
    ctx.addIssue({ code: 'custom', message: `not an http(s) origin: ${s.slice(0, 80)}` });
    return z.NEVER;
  });
