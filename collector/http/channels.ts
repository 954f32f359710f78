import { Hono } from 'hono';
import type { Store } from '../store/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { dateRange } from './date-range.js';
import { HttpError } from './errors.js';

/** `GET /api/channels?from=&to=&site=`: sessions by GA4 channel, with the visitors, accounts and target accounts they reached. */
export function channelsRoutes(store: Store, now: () => number): Hono {
  const app = new Hono();
  app.get('/api/channels', async (c) => {
    const range = dateRange({ from: c.req.query('from'), to: c.req.query('to') }, now());
    let siteId: string | undefined;
    const site = c.req.query('site');
    if (site) {
      siteId = (await store.listSites()).find((s) => s.id === site || s.key === site)?.id;
      if (!siteId) throw new HttpError(404, 'unknown_site', `no site has the id or key ${JSON.stringify(site.slice(0, 64))}`);
    }
    const rows = await store.channelBreakdown({ from: range.from, to: range.to, ...(siteId ? { siteId } : {}) });
    const channels = rows.map((r) => ({ channel: r.channel, sessions: r.sessions, visitors: r.visitors, accounts: r.accounts, target_accounts: r.targetAccounts }));
    if (wantsCsv(c.req.query('format'))) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(['channel', 'sessions', 'visitors', 'accounts', 'target_accounts'], channels));
    }
    return c.json({ from: range.fromDay, to: range.toDay, channels });
  });
  return app;
}
