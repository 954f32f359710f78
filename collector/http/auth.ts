import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { csrfRefusal, viewerOf } from '../dashboard/index.js';
import type { Store } from '../store/index.js';
import { HttpError } from './errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Admin API authentication: `Authorization: Bearer TOKEN` (the ADMIN_TOKEN), or a signed-in
 * dashboard's session cookie. A cookie is sent by the browser on its own, so a write with one must
 * also carry the session's CSRF token (`X-CSRF-Token`), and a viewer's session may only read.
 * Without a configured token and without a session the admin API is closed (and says so).
 */
export function adminAuth(token: string | undefined, store?: Store, now: () => number = Date.now): MiddlewareHandler {
  const expected = token ? digest(token) : undefined;
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header && store) {
      const viewer = await viewerOf(c, store, now());
      if (viewer) {
        const read = c.req.method === 'GET' || c.req.method === 'HEAD';
        if (!read) {
          const refusal = await csrfRefusal(c, viewer.csrf);
          if (refusal) throw new HttpError(403, 'csrf', 'a write with the dashboard cookie needs the X-CSRF-Token header of its session');
          if (viewer.role !== 'admin') throw new HttpError(403, 'forbidden', 'a viewer may read, not change');
        }
        return next();
      }
    }
    if (!expected) throw new HttpError(401, 'unauthorized', 'the admin API is disabled: set ADMIN_TOKEN');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <ADMIN_TOKEN>');
    }
    await next();
  };
}
