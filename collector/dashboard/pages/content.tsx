import { Hono } from 'hono';
import { Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import type { DashboardEnv } from '../session.js';

/** Placeholder: being written. */
export function contentRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  void d;
  app.get('/app/content', (c) =>
    c.html(
      <Layout title="Content" section="content" viewer={c.get('viewer')}>
        <PageHead title="Content" />
      </Layout>,
    ),
  );
  return app;
}
