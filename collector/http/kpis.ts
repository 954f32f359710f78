import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_SCORE_READING, DEFAULT_STAGE_RULES } from '../accounts/index.js';
import { kpiReport, type KpiReportOptions } from '../reports/index.js';
import type { Store } from '../store/index.js';
import { dateRange } from './date-range.js';
import { HttpError } from './errors.js';

export const KpisQuery = z.object({ from: z.string().optional(), to: z.string().optional(), tier: z.string().max(50).optional(), owner: z.string().max(254).optional() });

/** The configured scoring and programme start; the default rules and reading where absent. */
export type KpiOptions = Partial<KpiReportOptions>;

/**
 * `GET /api/kpis?from=&to=&tier=&owner=`: the target list's funnel over the period (aware,
 * engaged, MQA and their rates), activity across all accounts, reach within target accounts,
 * uplift against the previous period (and the programme's start), stage progression, and
 * candidate accounts (not targets, but engaged as if they were). All from the rollups.
 */
export function kpiRoutes(store: Store, now: () => number, o: KpiOptions = {}): Hono {
  const options: KpiReportOptions = { rules: o.rules ?? DEFAULT_STAGE_RULES, reading: o.reading ?? DEFAULT_SCORE_READING, programmeStart: o.programmeStart };
  const app = new Hono();
  app.get('/api/kpis', async (c) => {
    const parsed = KpisQuery.safeParse(c.req.query());
    if (!parsed.success) throw new HttpError(400, 'invalid_query', `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    const q = parsed.data;
    const range = dateRange(q, now());
    return c.json(await kpiReport(store, { range, tier: q.tier, owner: q.owner }, options));
  });
  return app;
}
