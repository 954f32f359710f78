import { Hono } from 'hono';
import { z } from 'zod';
import { identificationReport, type IdentificationSource } from '../reports/index.js';
import { dateRange, type DateRange } from './date-range.js';
import { HttpError } from './errors.js';

/** What the route needs of the store. */
export interface IdentificationReportStore extends IdentificationSource {
  listSites(): Promise<{ id: string; key: string }[]>;
}

/** The presets the dashboard offers, by name: how many days back, today included (quarter: from its first day). */
const PERIODS = { today: 1, '7d': 7, '30d': 30, '90d': 90, quarter: null } as const;

export const IdentificationQuery = z.object({
  site: z.string().max(200).optional().describe('a site id or key; every site when left out'),
  from: z.string().optional().describe('first UTC day (2026-11-01), inclusive'),
  to: z.string().optional().describe('last UTC day, inclusive; today by default'),
  period: z.enum(Object.keys(PERIODS) as [keyof typeof PERIODS, ...(keyof typeof PERIODS)[]]).optional().describe('a preset instead of from and to'),
});

const DAY = 86_400_000;

/** A preset's days, ending today (UTC), as dateRange would read them. */
function presetRange(period: keyof typeof PERIODS, now: number): DateRange {
  const today = Math.floor(now / DAY) * DAY;
  const d = new Date(today);
  const days = PERIODS[period];
  const from = days === null ? Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1) : today - (days - 1) * DAY;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from, to: today + DAY, fromDay: day(from), toDay: day(today) };
}

/**
 * `GET /api/identification?site=&from=&to=|period=`: how much of the human traffic the collector
 * identified — sessions by class (target, company, isp, mobile, hosting, anonymiser, unknown),
 * the share credited to an account with its trend, and against the previous period.
 */
export function identificationReportRoutes(store: IdentificationReportStore, now: () => number): Hono {
  const app = new Hono();
  app.get('/api/identification', async (c) => {
    const parsed = IdentificationQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, 'invalid_query', `${issue?.path.join('.')}: ${issue?.message}`);
    }
    const q = parsed.data;
    if (q.period && (q.from || q.to)) throw new HttpError(400, 'invalid_query', 'give either period or from and to, not both');
    const range = q.period ? presetRange(q.period, now()) : dateRange({ from: q.from, to: q.to }, now());
    let siteId: string | undefined;
    if (q.site) {
      siteId = (await store.listSites()).find((s) => s.id === q.site || s.key === q.site)?.id;
      if (!siteId) throw new HttpError(404, 'unknown_site', `no site has the id or key ${JSON.stringify(q.site.slice(0, 64))}`);
    }
    return c.json(await identificationReport(store, { range, siteId }));
  });
  return app;
}
