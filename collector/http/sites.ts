import { Hono, type Context } from 'hono';
import { createSite, deleteSite, rotateSiteKey, siteView, updateSite } from '../commands/index.js';
import type { Store } from '../store/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { runCommand as run } from './command.js';
import { HttpError } from './errors.js';
import { parseJson } from './read-json.js';

export { snippet, newSiteKey } from '../schema/index.js';

/** The JSON body; an empty one is `{}` (a rotation with the default grace). */
const body = async (c: Context) => {
  const text = await c.req.text();
  return text.trim() ? parseJson(text) : {};
};

/**
 * `/api/sites`: create, list, read, edit (`PATCH`), re-key (`POST …/rotate-key`) and delete sites.
 * Each change is a command (collector/commands/sites.ts) that the dashboard's Settings calls too.
 */
export function sitesRoutes(store: Store, publicUrl: string, now: () => number = Date.now): Hono {
  const app = new Hono();
  const view = (s: Parameters<typeof siteView>[0]) => siteView(s, publicUrl, now());

  app.post('/api/sites', async (c) => c.json(view(await run(async () => createSite(store, await body(c), now()))), 201));

  app.get('/api/sites', async (c) => {
    const sites = (await store.listSites()).map(view);
    if (wantsCsv(c.req.query('format'))) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      const columns = ['id', 'key', 'name', 'origins', 'server_side', 'created_at', 'previous_key', 'previous_key_expires_at'];
      return c.body(toCsv(columns, sites.map((s) => ({ ...s, origins: s.origins.join(' ') }))));
    }
    return c.json({ sites });
  });

  app.get('/api/sites/:id', async (c) => {
    const site = await store.siteById(c.req.param('id'));
    if (!site) throw new HttpError(404, 'unknown_site', `no site has the id ${JSON.stringify(c.req.param('id').slice(0, 64))}`);
    return c.json(view(site));
  });

  app.patch('/api/sites/:id', async (c) => c.json(view(await run(async () => updateSite(store, c.req.param('id'), await body(c))))));

  app.post('/api/sites/:id/rotate-key', async (c) => c.json(view(await run(async () => rotateSiteKey(store, c.req.param('id'), await body(c), now())))));

  app.delete('/api/sites/:id', async (c) => {
    const r = await run(() => deleteSite(store, c.req.param('id'), { now: now() }));
    return c.json({
      deleted: {
        site: { id: r.site.id, name: r.site.name },
        events: r.events,
        sessions: r.sessions,
        visitors: r.visitors,
        account_days: r.accountDays,
        account_day_keys: r.accountDayKeys,
        accounts_recounted: r.accounts,
      },
    });
  });
  return app;
}
