import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { NewSiteRequest, newSiteKey, snippet } from '../schema/index.js';
import type { Site, Store } from '../store/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { HttpError } from './errors.js';
import { readJson } from './read-json.js';

export { snippet, newSiteKey } from '../schema/index.js';

export function sitesRoutes(store: Store, publicUrl: string): Hono {
  const app = new Hono();
  const view = (s: Site) => ({
    id: s.id,
    key: s.key,
    name: s.name,
    origins: s.origins,
    server_side: s.serverSide,
    created_at: new Date(s.createdAt).toISOString(),
    snippet: snippet(publicUrl, s.key),
  });

  app.post('/api/sites', async (c) => {
    const parsed = NewSiteRequest.safeParse(await readJson(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, 'invalid_site', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
    }
    const { name, origins, server_side } = parsed.data;
    const site = await store.createSite({ id: randomUUID(), key: newSiteKey(), name, origins, serverSide: server_side });
    return c.json(view(site), 201);
  });

  app.get('/api/sites', async (c) => {
    const sites = (await store.listSites()).map(view);
    if (wantsCsv(c.req.query('format'))) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(['id', 'key', 'name', 'origins', 'server_side', 'created_at'], sites.map((s) => ({ ...s, origins: s.origins.join(' ') }))));
    }
    return c.json({ sites });
  });
  return app;
}
