import { Hono } from 'hono';
import type { Store } from '../store/index.js';

/** `GET /healthz`: 200 when the store answers; a 503 (from onError) when it does not. */
export function healthRoutes(store: Store): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    await store.ping();
    return c.json({ status: 'ok', store: store.kind });
  });
  return app;
}
