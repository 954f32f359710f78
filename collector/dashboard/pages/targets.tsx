import { Hono } from 'hono';
import { Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import type { DashboardEnv } from '../session.js';

/** Placeholder: being written. */
export function targetsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  void d;
  app.get('/app/targets', (c) =>
    c.html(
      <Layout title="Target list" section="targets" viewer={c.get('viewer')}>
        <PageHead title="Target list" />
      </Layout>,
    ),
  );
  return app;
}
