import { Hono } from 'hono';
import { z } from 'zod';
import { TOUCH_MODELS } from '../attribution/index.js';
import { attributionReport, campaignReport } from '../reports/index.js';
import type { Store } from '../store/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { dateRange, IsoDay } from './date-range.js';
import { HttpError } from './errors.js';

export const AttributionQuery = z.object({
  from: IsoDay.optional(),
  to: IsoDay.optional(),
  model: z.enum(TOUCH_MODELS).default('linear'),
  format: z.enum(['json', 'csv']).optional(),
});
export const CampaignsQuery = AttributionQuery.omit({ model: true });

function parse<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new HttpError(400, 'invalid_query', `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * `GET /api/attribution?from=&to=&model=`: each account's credit (1 in all) shared among the
 * channels of its sessions in the period by the chosen model (first_touch, last_touch, linear,
 * time_decay), summed per channel over all accounts and over target accounts: the channel mix.
 * `GET /api/campaigns?from=&to=`: utm_campaign by sessions, accounts and target accounts reached.
 */
export function attributionRoutes(store: Store, now: () => number): Hono {
  const app = new Hono();

  app.get('/api/attribution', async (c) => {
    const q = parse(AttributionQuery, c.req.query());
    const range = dateRange(q, now());
    const report = await attributionReport(store, range, q.model);
    if (wantsCsv(q.format)) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(['channel', 'credit', 'target_credit'], report.channels));
    }
    return c.json(report);
  });

  app.get('/api/campaigns', async (c) => {
    const q = parse(CampaignsQuery, c.req.query());
    const range = dateRange(q, now());
    const report = await campaignReport(store, range);
    if (wantsCsv(q.format)) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(['campaign', 'sessions', 'accounts', 'target_accounts'], report.campaigns));
    }
    return c.json(report);
  });
  return app;
}
