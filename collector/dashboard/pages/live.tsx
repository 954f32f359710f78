import { Hono } from 'hono';
import { Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import type { DashboardEnv } from '../session.js';

/** Placeholder: being written. */
export function liveRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  void d;
  app.get('/app/live', (c) =>
    c.html(
      <Layout title="Live" section="live" viewer={c.get('viewer')}>
        <PageHead title="Live" />
      </Layout>,
    ),
  );
  return app;
}
