import { Hono } from 'hono';
import { z } from 'zod';
import { contentReport, type ContentReportSource } from '../reports/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { dateRange } from './date-range.js';
import { HttpError } from './errors.js';

/** What the route needs of the store. */
export interface ContentSource extends ContentReportSource {
  listSites(): Promise<{ id: string; key: string }[]>;
}

export const ContentQuerySchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  site: z.string().optional(),
  kind: z.enum(['page', 'asset']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).optional(),
});

const CSV_COLUMNS = ['kind', 'url', 'title', 'views', 'visitors', 'accounts', 'target_accounts', 'people_per_target_account', 'target_share'];

/** `GET /api/content?from=&to=&site=&kind=&limit=`: pages and assets by target accounts reached. */
export function contentRoutes(store: ContentSource, now: () => number): Hono {
  const app = new Hono();
  app.get('/api/content', async (c) => {
    const parsed = ContentQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, 'invalid_query', `${issue?.path.join('.')}: ${issue?.message}`);
    }
    const q = parsed.data;
    const range = dateRange({ from: q.from, to: q.to }, now());
    let siteId: string | undefined;
    if (q.site) {
      siteId = (await store.listSites()).find((s) => s.id === q.site || s.key === q.site)?.id;
      if (!siteId) throw new HttpError(404, 'unknown_site', `no site has the id or key ${JSON.stringify(q.site.slice(0, 64))}`);
    }
    const report = await contentReport(store, { range, limit: q.limit, siteId, kind: q.kind });
    if (wantsCsv(q.format)) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(CSV_COLUMNS, report.content));
    }
    return c.json(report);
  });
  return app;
}
