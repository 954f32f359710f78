import { Hono } from 'hono';
import { assetRoutes } from './assets.js';
import type { DashboardDeps } from './deps.js';
import { requireViewer, type DashboardEnv } from './session.js';
import { loginRoutes } from './pages/login.js';
import { overviewRoutes } from './pages/overview.js';
import { accountsRoutes } from './pages/accounts.js';
import { accountRoutes } from './pages/account.js';
import { contentRoutes } from './pages/content.js';
import { channelsRoutes } from './pages/channels.js';
import { identificationRoutes } from './pages/identification.js';
import { targetsRoutes } from './pages/targets.js';
import { targetNetworksRoutes } from './pages/target-networks.js';
import { settingsRoutes } from './pages/settings.js';
import { liveRoutes } from './pages/live.js';
import { alertsRoutes } from './pages/alerts.js';
import { apiTokensRoutes } from './pages/api-tokens.js';

export type { DashboardDeps, LoadedDatabase } from './deps.js';
export { viewerOf, csrfRefusal, SESSION_COOKIE, type Viewer } from './session.js';
export { hashPassword, verifyPassword, passwordProblem } from './password.js';

/**
 * A strict Content-Security-Policy on every dashboard page: scripts and styles only from the
 * dashboard's own files, no inline script, no framing. Event-derived text is escaped by JSX; this
 * is the second wall, should anything ever slip through.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/** `/app`: the marketers' dashboard, server-rendered with Hono JSX. */
export function dashboardRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.use('/app/*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    if (!c.req.path.startsWith('/app/assets/')) c.header('Cache-Control', 'no-store');
  });
  app.use('/app', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
  });
  app.route('/', assetRoutes());
  app.route('/', loginRoutes(d));
  const guard = requireViewer(d.store, d.now);
  app.use('/app', guard);
  app.use('/app/*', async (c, next) => (c.req.path.startsWith('/app/assets/') || c.req.path === '/app/login' || c.req.path === '/app/logout' ? next() : guard(c, next)));
  app.route('/', overviewRoutes(d));
  app.route('/', accountsRoutes(d));
  app.route('/', accountRoutes(d));
  app.route('/', contentRoutes(d));
  app.route('/', channelsRoutes(d));
  app.route('/', identificationRoutes(d));
  app.route('/', targetsRoutes(d));
  app.route('/', targetNetworksRoutes(d));
  app.route('/', settingsRoutes(d));
  app.route('/', liveRoutes(d));
  app.route('/', alertsRoutes(d));
  app.route('/', apiTokensRoutes(d));
  return app;
}
