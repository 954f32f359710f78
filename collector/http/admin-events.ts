import { Hono } from 'hono';
import { z } from 'zod';
import type { Store } from '../store/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { HttpError } from './errors.js';
import type { StoredEvent } from '../schema/domain.js';

export const EventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  site: z.string().max(64).optional(),
  format: z.enum(['json', 'csv']).optional(),
});

/**
 * What enrichment made of an event, in the contract's shape: the network (class, organization,
 * domain, source, confidence), the account it credits and how it was found, and the channel
 * of its session (GA4's default channel group of where the visit came from).
 */
export function eventView(e: StoredEvent) {
  return {
    id: e.id,
    site: e.siteId,
    type: e.type,
    name: e.name,
    ts: new Date(e.ts).toISOString(),
    received_at: new Date(e.receivedAt).toISOString(),
    visitor: e.visitor,
    session: e.session,
    url: e.url,
    title: e.title,
    referrer: e.referrer,
    props: e.props,
    ip: e.ip,
    user_agent: e.userAgent,
    bot: e.bot,
    network: e.network ?? null,
    account: e.account?.id ? { id: e.account.id, name: e.account.name, domain: e.account.domain, via: e.account.via } : null,
    channel: e.channel ?? null,
  };
}

const CSV_COLUMNS = ['id', 'site', 'type', 'name', 'ts', 'received_at', 'visitor', 'session', 'url', 'title', 'referrer', 'ip', 'bot', 'network_class', 'organization', 'account', 'channel'];

/** `GET /api/events?limit=&site=`: newest raw events; `site` is a site id or key. */
export function adminEventsRoutes(store: Store): Hono {
  const app = new Hono();
  app.get('/api/events', async (c) => {
    const q = EventsQuery.safeParse(c.req.query());
    if (!q.success) {
      const issue = q.error.issues[0];
      throw new HttpError(400, 'invalid_query', `${issue?.path.join('.')}: ${issue?.message}`);
    }
    let siteId: string | undefined;
    if (q.data.site) {
      const sites = await store.listSites();
      siteId = sites.find((s) => s.id === q.data.site || s.key === q.data.site)?.id;
      if (!siteId) throw new HttpError(404, 'unknown_site', `no site has the id or key ${JSON.stringify(q.data.site)}`);
    }
    const events = (await store.newestEvents({ limit: q.data.limit, ...(siteId ? { siteId } : {}) })).map(eventView);
    if (wantsCsv(q.data.format)) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(CSV_COLUMNS, events.map((e) => ({ ...e, network_class: e.network?.class, organization: e.network?.organization, account: e.account?.name }))));
    }
    return c.json({ events });
  });
  return app;
}
