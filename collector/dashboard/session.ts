import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { DashboardSession, Store } from '../store/index.js';

export const SESSION_COOKIE = 'abm_session';
/** How long a sign-in lasts. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

/** Who is signed in: a user, or whoever holds ADMIN_TOKEN. */
export interface Viewer {
  userId: string | null;
  email: string | null;
  role: 'admin' | 'viewer';
  csrf: string;
}

export type DashboardEnv = { Variables: { viewer: Viewer } };

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const sameSecret = (a: string, b: string) => {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a.length === b.length;
};

/** Secure cookies when the dashboard is reached over TLS (directly, or as the public URL says). */
export const isSecure = (c: Context, publicUrl: string) => new URL(c.req.url).protocol === 'https:' || publicUrl.startsWith('https://');

/** Starts a signed-in session: a random id in an httpOnly, SameSite=Lax cookie; only its hash is stored. */
export async function signIn(c: Context, store: Store, who: { userId: string | null; role: 'admin' | 'viewer' }, now: number, secure: boolean): Promise<void> {
  const id = randomBytes(32).toString('base64url');
  const session: DashboardSession = {
    idHash: sha256(id), userId: who.userId, role: who.role, csrf: randomBytes(24).toString('base64url'), createdAt: now, expiresAt: now + SESSION_MS,
  };
  await store.createDashboardSession(session);
  setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: SESSION_MS / 1000 });
}

export async function signOut(c: Context, store: Store): Promise<void> {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await store.deleteDashboardSession(sha256(id));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The viewer behind the request's session cookie, if it names a live session (and, for users, a user who still exists). */
export async function viewerOf(c: Context, store: Store, now: number): Promise<Viewer | null> {
  const id = getCookie(c, SESSION_COOKIE);
  if (!id || id.length > 100) return null;
  const session = await store.findDashboardSession(sha256(id), now);
  if (!session) return null;
  if (session.userId === null) return { userId: null, email: null, role: session.role, csrf: session.csrf };
  const user = await store.findUser({ id: session.userId });
  return user ? { userId: user.id, email: user.email, role: user.role, csrf: session.csrf } : null;
}

/**
 * Pages need a signed-in viewer (others go to the login, and come back after it); every POST
 * must carry the session's CSRF token (form field `_csrf` or header `X-CSRF-Token`) and, when
 * the browser says where it comes from, come from this origin.
 */
export function requireViewer(store: Store, now: () => number): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const viewer = await viewerOf(c, store, now());
    if (!viewer) {
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Sign in first.', 401);
      const url = new URL(c.req.url);
      return c.redirect(`/app/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
    }
    if (c.req.method === 'POST') {
      const refusal = await csrfRefusal(c, viewer.csrf);
      if (refusal) return c.text(refusal, 403);
    }
    c.set('viewer', viewer);
    await next();
  };
}

/** Why a POST is refused as a possible cross-site forgery, or null when it carries the token. */
export async function csrfRefusal(c: Context, expected: string): Promise<string | null> {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin) return 'Refused: this form was sent from another site.';
  let token = c.req.header('x-csrf-token');
  if (!token) {
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      token = typeof body._csrf === 'string' ? body._csrf : undefined;
    }
  }
  return token && sameSecret(token, expected) ? null : 'Refused: the form has no valid CSRF token. Reload the page and try again.';
}

/** Admins only: viewers may look, not change. */
export const requireAdmin: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  if (c.get('viewer').role !== 'admin') return c.text('Only an admin can do this.', 403);
  await next();
};
