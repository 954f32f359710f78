import { Hono } from 'hono';
import { Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import type { DashboardEnv } from '../session.js';

/** Placeholder: being written. */
export function overviewRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  void d;
  app.get('/app', (c) =>
    c.html(
      <Layout title="Overview" section="overview" viewer={c.get('viewer')}>
        <PageHead title="Overview" />
      </Layout>,
    ),
  );
  return app;
}
