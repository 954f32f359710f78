import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_SCORE_READING, DEFAULT_STAGE_RULES, funnel, isEngaged, stageProgression, uplift, type PeriodAccount, type ScoreReading, type StageRules } from '../accounts/index.js';
import type { Store } from '../store/index.js';
import { dateRange, type DateRange } from './date-range.js';
import { HttpError } from './errors.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const KpisQuery = z.object({ from: z.string().optional(), to: z.string().optional(), tier: z.string().max(50).optional(), owner: z.string().max(254).optional() });

export interface KpiOptions {
  rules?: StageRules;
  reading?: ScoreReading;
  /** When the ABM programme started (epoch ms): uplift is also measured against the same length of time before it. */
  programmeStart?: number | undefined;
}

/**
 * `GET /api/kpis?from=&to=&tier=&owner=`: the target list's funnel over the period (aware,
 * engaged, MQA and their rates), activity across all accounts, reach within target accounts,
 * uplift against the previous period (and the programme's start), stage progression, and
 * candidate accounts (not targets, but engaged as if they were). All from the rollups.
 */
export function kpiRoutes(store: Store, now: () => number, o: KpiOptions = {}): Hono {
  const rules = o.rules ?? DEFAULT_STAGE_RULES;
  const reading = o.reading ?? DEFAULT_SCORE_READING;
  const app = new Hono();

  type Segment = { tier?: string | undefined; owner?: string | undefined };
  /** Accounts' numbers over a period (every active account, or the segment's targets), with distinct visitors for the targets. */
  const period = async (range: Pick<DateRange, 'fromDay' | 'toDay'>, segment: Segment, target?: boolean) => {
    const { rows } = await store.accountMetrics({
      fromDay: range.fromDay, toDay: range.toDay, target, ...(target && { tier: segment.tier, owner: segment.owner }), sort: 'score', descending: true,
      limit: 10_000_000, offset: 0, weights: reading.weights, halfLifeDays: reading.halfLifeDays, countVisitors: false,
    });
    const inSegment = (r: (typeof rows)[number]) =>
      r.target && (!segment.tier || r.tier === segment.tier) && (!segment.owner || r.owner?.toLowerCase() === segment.owner.toLowerCase());
    const visitors = await store.accountVisitors({ fromDay: range.fromDay, toDay: range.toDay, ids: rows.filter((r) => inSegment(r) && r.visits > 0).map((r) => r.id) });
    return rows.map((r): PeriodAccount & { inSegment: boolean } => ({
      id: r.id, name: r.name, target: r.target, stage: r.stage, score: r.score, visits: r.visits, visitors: visitors.get(r.id) ?? 0, activeDays: r.activeDays, inSegment: inSegment(r),
    }));
  };

  app.get('/api/kpis', async (c) => {
    const parsed = KpisQuery.safeParse(c.req.query());
    if (!parsed.success) throw new HttpError(400, 'invalid_query', `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    const q = parsed.data;
    const range = dateRange(q, now());
    const segment = { tier: q.tier, owner: q.owner };
    const length = range.to - range.from;
    const previous = { fromDay: day(range.from - length), toDay: day(range.from - DAY) };

    // Every account active in the period (and every target) in one pass; the segment's targets are among them.
    const [everyone, before, fresh, contacts] = await Promise.all([
      period(range, segment),
      period(previous, segment, true),
      store.newAccounts({ from: range.from, to: range.to }),
      store.targetContacts(segment),
    ]);
    const targets = everyone.filter((a) => a.inSegment);
    const now_ = funnel(targets, rules);
    const then = funnel(before, rules);
    const baseline = o.programmeStart !== undefined ? funnel(await period({ fromDay: day(o.programmeStart - length), toDay: day(o.programmeStart - DAY) }, segment, true), rules) : null;
    const reached = new Set(targets.filter((a) => a.visits > 0).map((a) => a.id));
    const known = contacts.filter((x) => reached.has(x.accountId));
    const levels = new Set(known.map((x) => x.roleLevel ?? 'other'));
    const active = everyone.filter((a) => a.visits > 0);
    const candidates = active.filter((a) => !a.target && isEngaged(a, rules));
    const compare = (a: typeof now_) => ({
      aware: uplift(now_.aware, a.aware),
      engaged: uplift(now_.engaged, a.engaged),
      mqa: uplift(now_.mqa, a.mqa),
      visitors: uplift(now_.visitors, a.visitors),
    });

    return c.json({
      from: range.fromDay,
      to: range.toDay,
      ...now_,
      active_accounts: active.length,
      new_accounts: fresh.all,
      new_target_accounts: fresh.targets,
      reach: {
        visitors: now_.visitors,
        visitors_per_aware_account: now_.aware ? Math.round((now_.visitors / now_.aware) * 100) / 100 : 0,
        known_contacts: known.reduce((n, x) => n + x.contacts, 0),
        seniority_levels: [...levels].sort(),
      },
      uplift: {
        previous_period: { from: previous.fromDay, to: previous.toDay, ...compare(then) },
        programme: baseline ? { start: day(o.programmeStart!), ...compare(baseline) } : null,
      },
      stage_progression: stageProgression(targets.map((a) => a.stage)),
      candidate_accounts: candidates.length,
      candidates: candidates.slice(0, 10).map((a) => ({ id: a.id, name: a.name, score: a.score, visits: a.visits })),
    });
  });
  return app;
}
