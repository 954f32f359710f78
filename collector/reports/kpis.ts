import { funnel, stageProgression, uplift, type FunnelCounts, type PeriodAccount, type ScoreReading, type StageRules } from '../accounts/index.js';
import type { AccountListRow, Store } from '../store/index.js';
import type { ReportRange } from './range.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What the KPI report reads. */
export type KpiStore = Pick<Store, 'accountMetrics' | 'accountVisitors' | 'activeAccounts' | 'targetsAndCandidates' | 'newAccounts' | 'targetContacts'>;

/** The target list's segment the funnel is counted over (every target when both are absent). */
export interface KpiQuery {
  range: ReportRange;
  tier?: string | undefined;
  owner?: string | undefined;
}

export interface KpiReportOptions {
  rules: StageRules;
  reading: ScoreReading;
  /** When the ABM programme started (epoch ms): uplift is also measured against the same length of time before it. */
  programmeStart?: number | undefined;
}

/**
 * Relative change of the funnel's counts against an earlier period (null where there was nothing
 * then), and the rates as they were then: a rate's change is told in percentage points, not as a
 * relative change.
 */
export interface KpiUplift {
  aware: number | null;
  engaged: number | null;
  mqa: number | null;
  visitors: number | null;
  before: { awareness_rate: number; penetration_rate: number; mqa_rate: number };
}

/** `GET /api/kpis`'s body: the funnel's counts, then activity, reach, uplift, progression and candidates. */
export type KpiReport = { from: string; to: string } & FunnelCounts & {
    active_accounts: number;
    new_accounts: number;
    new_target_accounts: number;
    reach: { visitors: number; visitors_per_aware_account: number; known_contacts: number; seniority_levels: string[] };
    uplift: {
      previous_period: { from: string; to: string } & KpiUplift;
      programme: ({ start: string } & KpiUplift) | null;
    };
    stage_progression: { from: string; to: string; rate: number }[];
    candidate_accounts: number;
    candidates: { id: string; name: string; score: number; visits: number }[];
  };

type Segment = { tier?: string | undefined; owner?: string | undefined };

const inSegment = (segment: Segment) => (r: Pick<AccountListRow, 'tier' | 'owner'>) =>
  (!segment.tier || r.tier === segment.tier) && (!segment.owner || r.owner?.toLowerCase() === segment.owner.toLowerCase());

/** The segment's target accounts' numbers, with their distinct visitors over the period. */
async function withVisitors(store: KpiStore, range: Pick<ReportRange, 'fromDay' | 'toDay'>, rows: AccountListRow[], segment: Segment): Promise<PeriodAccount[]> {
  const targets = rows.filter((r) => r.target && inSegment(segment)(r));
  const visitors = await store.accountVisitors({ fromDay: range.fromDay, toDay: range.toDay, ids: targets.filter((r) => r.visits > 0).map((r) => r.id) });
  return targets.map((r) => ({ id: r.id, name: r.name, target: r.target, stage: r.stage, score: r.score, visits: r.visits, visitors: visitors.get(r.id) ?? 0, activeDays: r.activeDays }));
}

/** The segment's target accounts over an earlier period. */
async function targetsOver(store: KpiStore, reading: ScoreReading, range: Pick<ReportRange, 'fromDay' | 'toDay'>, segment: Segment): Promise<PeriodAccount[]> {
  const { rows } = await store.accountMetrics({
    fromDay: range.fromDay, toDay: range.toDay, target: true, tier: segment.tier, owner: segment.owner, sort: 'score', descending: true,
    limit: 10_000_000, offset: 0, weights: reading.weights, halfLifeDays: reading.halfLifeDays, countVisitors: false,
  });
  return withVisitors(store, range, rows, segment);
}

/**
 * The target list's funnel over the period (aware, engaged, MQA and their rates), activity across
 * all accounts, reach within target accounts, uplift against the previous period (and the
 * programme's start), stage progression, and candidate accounts (not targets, but engaged as if
 * they were). All from the rollups.
 */
export async function kpiReport(store: KpiStore, q: KpiQuery, o: KpiReportOptions): Promise<KpiReport> {
  const { range } = q;
  const { rules, reading } = o;
  const segment = { tier: q.tier, owner: q.owner };
  const length = range.to - range.from;
  const previous = { fromDay: day(range.from - length), toDay: day(range.from - DAY) };

  // Every target and the best candidates in one pass (candidates: not targets, but engaged by the
  // target list's rules, their scores compared as shown, to two decimals).
  const [period, active, before, fresh, contacts] = await Promise.all([
    store.targetsAndCandidates(
      { fromDay: range.fromDay, toDay: range.toDay, weights: reading.weights, halfLifeDays: reading.halfLifeDays },
      { score: rules.engagedScore - 0.005, activeDays: rules.engagedDays },
      10,
    ),
    store.activeAccounts(range),
    targetsOver(store, reading, previous, segment),
    store.newAccounts({ from: range.from, to: range.to }),
    store.targetContacts(segment),
  ]);
  const targets = await withVisitors(store, range, period.targets, segment);
  const now = funnel(targets, rules);
  const then = funnel(before, rules);
  const start = o.programmeStart;
  const baseline = start !== undefined ? funnel(await targetsOver(store, reading, { fromDay: day(start - length), toDay: day(start - DAY) }, segment), rules) : null;
  const reached = new Set(targets.filter((a) => a.visits > 0).map((a) => a.id));
  const known = contacts.filter((x) => reached.has(x.accountId));
  const levels = new Set(known.map((x) => x.roleLevel ?? 'other'));
  const compare = (a: FunnelCounts): KpiUplift => ({
    aware: uplift(now.aware, a.aware),
    engaged: uplift(now.engaged, a.engaged),
    mqa: uplift(now.mqa, a.mqa),
    visitors: uplift(now.visitors, a.visitors),
    before: { awareness_rate: a.awareness_rate, penetration_rate: a.penetration_rate, mqa_rate: a.mqa_rate },
  });

  return {
    from: range.fromDay,
    to: range.toDay,
    ...now,
    active_accounts: active.all,
    new_accounts: fresh.all,
    new_target_accounts: fresh.targets,
    reach: {
      visitors: now.visitors,
      visitors_per_aware_account: now.aware ? Math.round((now.visitors / now.aware) * 100) / 100 : 0,
      known_contacts: known.reduce((n, x) => n + x.contacts, 0),
      seniority_levels: [...levels].sort(),
    },
    uplift: {
      previous_period: { from: previous.fromDay, to: previous.toDay, ...compare(then) },
      programme: baseline && start !== undefined ? { start: day(start), ...compare(baseline) } : null,
    },
    stage_progression: stageProgression(targets.map((a) => a.stage)),
    candidate_accounts: period.candidateCount,
    candidates: period.candidates.map((a) => ({ id: a.id, name: a.name, score: a.score, visits: a.visits })),
  };
}
