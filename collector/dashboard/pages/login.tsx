import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { Flash, Layout } from '../components.js';
import { verifyPassword } from '../password.js';
import { isSecure, sameSecret, signIn, signOut, viewerOf, type DashboardEnv } from '../session.js';
import type { DashboardDeps } from '../deps.js';
import { LoginLimiter } from '../login-limit.js';

const LOGIN_COOKIE = 'abm_login';

/** Only a path on this dashboard is a place to return to after signing in. */
const returnTo = (next: string | undefined) => (next && /^\/app(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/app');

const LoginPage = (p: { csrf: string; next: string; error?: string | undefined; email?: string | undefined }) => (
  <Layout title="Sign in" section="login">
    <div class="login">
      <h1>Sign in to Open ABM</h1>
      <p class="sub">Which target accounts visit, and what they read.</p>
      <Flash error={p.error} />
      <form method="post" action="/app/login">
        <input type="hidden" name="_login" value={p.csrf} />
        <input type="hidden" name="next" value={p.next} />
        <label>
          E-mail <input type="email" name="email" autocomplete="username" value={p.email ?? ''} />
        </label>
        <label>
          Password <input type="password" name="password" autocomplete="current-password" />
        </label>
        <p class="or">or</p>
        <label>
          Admin token <input type="password" name="token" autocomplete="off" />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </div>
  </Layout>
);

/** `/app/login` (the ADMIN_TOKEN, or a user's e-mail and password) and `/app/logout`. */
export function loginRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const limiter = new LoginLimiter(d.loginAttempts ?? 10);

  const form = (c: Context, status: 200 | 401 | 403 | 429, next: string, error?: string, email?: string) => {
    // A login form carries a token that must match its cookie: another site cannot sign a browser in.
    const csrf = randomBytes(18).toString('base64url');
    setCookie(c, LOGIN_COOKIE, csrf, { httpOnly: true, sameSite: 'Lax', secure: isSecure(c, d.publicUrl), path: '/app/login', maxAge: 3600 });
    return c.html(<LoginPage csrf={csrf} next={next} error={error} email={email} />, status);
  };

  app.get('/app/login', async (c) => {
    const next = returnTo(c.req.query('next'));
    if (await viewerOf(c, d.store, d.now())) return c.redirect(next, 302);
    return form(c, 200, next);
  });

  app.post('/app/login', async (c) => {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const next = returnTo(field('next'));
    const cookie = getCookie(c, LOGIN_COOKIE);
    if (!cookie || !field('_login') || !sameSecret(cookie, field('_login'))) return form(c, 403, next, 'The sign-in form expired. Please try again.');
    const now = d.now();
    const email = field('email').trim().toLowerCase().slice(0, 254);
    const keys = [`ip:${d.clientIp(c) ?? 'unknown'}`, ...(email ? [`email:${email}`] : [])];
    const wait = limiter.waitFor(keys, now);
    if (wait > 0) return form(c, 429, next, `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60_000)} min.`, email);

    const token = field('token');
    if (token) {
      if (d.adminToken && sameSecret(token, d.adminToken)) {
        limiter.succeed(keys);
        await signIn(c, d.store, { userId: null, role: 'admin' }, now, isSecure(c, d.publicUrl));
        return c.redirect(next, 302);
      }
    } else if (email && field('password')) {
      const user = await d.store.findUser({ email });
      if (user && (await verifyPassword(field('password'), user.passwordHash))) {
        limiter.succeed(keys);
        await signIn(c, d.store, { userId: user.id, role: user.role }, now, isSecure(c, d.publicUrl));
        return c.redirect(next, 302);
      }
    }
    limiter.fail(keys, now);
    return form(c, 401, next, token ? 'That admin token is not the one this collector runs with.' : 'Wrong e-mail or password.', email);
  });

  app.post('/app/logout', async (c) => {
    const viewer = await viewerOf(c, d.store, d.now());
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    if (viewer && (typeof body._csrf !== 'string' || !sameSecret(body._csrf, viewer.csrf))) return c.text('Refused: the form has no valid CSRF token.', 403);
    await signOut(c, d.store);
    return c.redirect('/app/login', 302);
  });
  return app;
}
