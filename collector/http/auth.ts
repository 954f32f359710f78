import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Admin API authentication: `Authorization: Bearer TOKEN`. Without a configured token the admin
 * API is closed to everyone (it says so, so an operator knows what to set).
 */
export function adminAuth(token: string | undefined): MiddlewareHandler {
  const expected = token ? digest(token) : undefined;
  return async (c, next) => {
    if (!expected) throw new HttpError(401, 'unauthorized', 'the admin API is disabled: set ADMIN_TOKEN');
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <ADMIN_TOKEN>');
    }
    await next();
  };
}
