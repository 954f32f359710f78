import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { csrfRefusal, viewerOf } from '../dashboard/index.js';
import type { Store } from '../store/index.js';
import { HttpError } from './errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Admin API authentication: `Authorization: Bearer TOKEN` (the ADMIN_TOKEN, or an API token made
 * for a user, acting with that user's role), or a signed-in
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
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    const token = match?.[1];
    if (token && expected && timingSafeEqual(digest(token), expected)) return next();
    // A token made for a user acts with that user's role.
    const user = token && store ? await store.userOfApiToken(digest(token).toString('hex'), now()) : undefined;
    if (user) {
      if (user.role !== 'admin' && c.req.method !== 'GET' && c.req.method !== 'HEAD') throw new HttpError(403, 'forbidden', 'this token belongs to a viewer: it may read, not change');
      return next();
    }
    c.header('WWW-Authenticate', 'Bearer');
    if (!expected && !token) throw new HttpError(401, 'unauthorized', 'the admin API is disabled: set ADMIN_TOKEN, or send a token made for a user');
    throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <ADMIN_TOKEN or a user\'s API token>');
  };
}
