import { Hono } from 'hono';
import { Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import type { DashboardEnv } from '../session.js';

/** Placeholder: being written. */
export function accountRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  void d;
  app.get('/app/accounts/:id', (c) =>
    c.html(
      <Layout title="Account" section="accounts" viewer={c.get('viewer')}>
        <PageHead title="Account" />
      </Layout>,
    ),
  );
  return app;
}
