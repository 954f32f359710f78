import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_SCORE_READING, parseCountry, type ScoreReading } from '../accounts/index.js';
import type { AccountSort, Store } from '../store/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { dateRange } from './date-range.js';
import { HttpError } from './errors.js';

const SORTS = ['score', 'name', 'last_seen', 'visits', 'visitors'] as const;

export const AccountsQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  target: z.enum(['true', 'false', '1', '0']).optional(),
  tier: z.string().max(50).optional(),
  country: z
    .string()
    .max(60)
    .transform((v, ctx) => {
      const c = parseCountry(v);
      if ('problem' in c) ctx.addIssue({ code: 'custom', message: c.problem });
      return 'country' in c ? (c.country ?? undefined) : undefined;
    })
    .optional(),
  owner: z.string().max(254).optional(),
  stage: z.string().max(30).optional(),
  q: z.string().max(100).optional(),
  sort: z
    .string()
    .regex(new RegExp(`^[-+]?(${SORTS.join('|')})$`), `must be one of ${SORTS.join(', ')}, with - for descending or + for ascending`)
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  format: z.enum(['json', 'csv']).optional(),
});

const CSV_COLUMNS = ['id', 'name', 'domain', 'target', 'tier', 'owner', 'country', 'stage', 'score', 'visits', 'visitors', 'page_views', 'last_seen'];

/** `GET /api/accounts`: the contract's list, with filters, search, sort and pagination (CSV too). */
export function accountsRoutes(store: Store, now: () => number, reading: ScoreReading = DEFAULT_SCORE_READING): Hono {
  const app = new Hono();
  app.get('/api/accounts', async (c) => {
    const parsed = AccountsQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, 'invalid_query', `${issue?.path.join('.')}: ${issue?.message}`);
    }
    const q = parsed.data;
    const range = dateRange({ from: q.from, to: q.to }, now());
    const sortText = q.sort ?? '-score';
    const sort = sortText.replace(/^[-+]/, '') as AccountSort;
    // Numbers sort high to low and names A to Z unless the sign says otherwise.
    const descending = sortText.startsWith('-') || (!sortText.startsWith('+') && sort !== 'name');
    const { rows, total } = await store.accountMetrics({
      fromDay: range.fromDay,
      toDay: range.toDay,
      target: q.target === undefined ? undefined : q.target === 'true' || q.target === '1',
      tier: q.tier,
      country: q.country,
      owner: q.owner,
      stage: q.stage,
      search: q.q,
      sort,
      descending,
      limit: q.limit,
      offset: q.offset,
      weights: reading.weights,
      halfLifeDays: reading.halfLifeDays,
    });
    const accounts = rows.map((r) => ({
      id: r.id,
      name: r.name,
      domain: r.domain,
      target: r.target,
      tier: r.tier,
      owner: r.owner,
      country: r.country,
      stage: r.stage,
      score: r.score,
      visits: r.visits,
      visitors: r.visitors,
      page_views: r.pageViews,
      last_seen: r.lastSeen === null ? null : new Date(r.lastSeen).toISOString(),
    }));
    if (wantsCsv(q.format)) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(CSV_COLUMNS, accounts));
    }
    return c.json({ from: range.fromDay, to: range.toDay, accounts, total, limit: q.limit, offset: q.offset });
  });
  return app;
}
