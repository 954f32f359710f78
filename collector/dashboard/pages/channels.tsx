import { Hono } from 'hono';
import { Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import type { DashboardEnv } from '../session.js';

/** Placeholder: being written. */
export function channelsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  void d;
  app.get('/app/channels', (c) =>
    c.html(
      <Layout title="Channels" section="channels" viewer={c.get('viewer')}>
        <PageHead title="Channels" />
      </Layout>,
    ),
  );
  return app;
}
