import { Hono } from 'hono';
import { z } from 'zod';
import { TOUCH_MODELS, touchCredit, type TouchPoint } from '../attribution/index.js';
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

const round = (n: number) => Math.round(n * 10_000) / 10_000;

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
    const sessions = await store.accountSessions({ from: range.from, to: range.to });
    const byAccount = new Map<string, { target: boolean; touches: TouchPoint[] }>();
    for (const s of sessions) {
      let a = byAccount.get(s.accountId);
      if (!a) byAccount.set(s.accountId, (a = { target: s.target, touches: [] }));
      a.touches.push({ channel: s.channel ?? 'Unassigned', at: s.startedAt });
    }
    const totals = new Map<string, { accounts: number; targetAccounts: number }>();
    for (const a of byAccount.values()) {
      for (const { channel, credit } of touchCredit(a.touches, q.model)) {
        const t = totals.get(channel) ?? { accounts: 0, targetAccounts: 0 };
        t.accounts += credit;
        if (a.target) t.targetAccounts += credit;
        totals.set(channel, t);
      }
    }
    const channels = [...totals]
      .map(([channel, t]) => ({ channel, credit: round(t.accounts), target_credit: round(t.targetAccounts) }))
      .sort((a, b) => b.credit - a.credit || a.channel.localeCompare(b.channel));
    if (wantsCsv(q.format)) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(['channel', 'credit', 'target_credit'], channels));
    }
    const targets = [...byAccount.values()].filter((a) => a.target).length;
    return c.json({ from: range.fromDay, to: range.toDay, model: q.model, accounts: byAccount.size, target_accounts: targets, channels });
  });

  app.get('/api/campaigns', async (c) => {
    const q = parse(CampaignsQuery, c.req.query());
    const range = dateRange(q, now());
    const sessions = await store.accountSessions({ from: range.from, to: range.to });
    const byCampaign = new Map<string, { sessions: number; accounts: Set<string>; targets: Set<string> }>();
    for (const s of sessions) {
      if (!s.campaign) continue;
      let x = byCampaign.get(s.campaign);
      if (!x) byCampaign.set(s.campaign, (x = { sessions: 0, accounts: new Set(), targets: new Set() }));
      x.sessions += 1;
      x.accounts.add(s.accountId);
      if (s.target) x.targets.add(s.accountId);
    }
    const campaigns = [...byCampaign]
      .map(([campaign, x]) => ({ campaign, sessions: x.sessions, accounts: x.accounts.size, target_accounts: x.targets.size }))
      .sort((a, b) => b.target_accounts - a.target_accounts || b.accounts - a.accounts || a.campaign.localeCompare(b.campaign));
    if (wantsCsv(q.format)) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(['campaign', 'sessions', 'accounts', 'target_accounts'], campaigns));
    }
    return c.json({ from: range.fromDay, to: range.toDay, campaigns });
  });
  return app;
}
