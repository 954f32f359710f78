import { Hono } from 'hono';
import { Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import type { DashboardEnv } from '../session.js';

/** Placeholder: being written. */
export function settingsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  void d;
  app.get('/app/settings', (c) =>
    c.html(
      <Layout title="Settings" section="settings" viewer={c.get('viewer')}>
        <PageHead title="Settings" />
      </Layout>,
    ),
  );
  return app;
}
