/**
 * Stages from engagement, kept current: every minute (and at start) each account's score and
 * active days over the window are read from the rollups and the account moved up the funnel
 * where they say so, each step kept with its time and what moved it (the pages read, the files
 * downloaded, the forms sent). Opportunity and customer come from the CRM.
 *
 * Evaluation can also be run as of a past moment (`at`): the scores and active days are then
 * those of the window ending on `at`'s day (the rollups are daily), and an account counts as
 * visited only when its first visit came before `at`. Stepping `at` through a period after its
 * events were loaded (evaluateStagesOver: a demo, an import of history) gives each change the day
 * it happened.
 */
import { automaticStage, DEFAULT_SCORE_READING, DEFAULT_STAGE_RULES, stageReason, stepsUp, type ScoreReading, type StageRules } from './accounts/index.js';
import { utcDay, type AccountAction, type AccountListRow, type StageChange, type Store } from './store/index.js';

const DAY = 86_400_000;
/** Actions read for a change's reason. */
const EVIDENCE = 50;

export interface StageEvaluationOptions {
  rules?: StageRules;
  reading?: ScoreReading;
  now?: () => number;
  /** Evaluate as of this moment (default: now()). */
  at?: number;
  /**
   * The previous evaluation's moment, when stepping through a period: a change is then stamped
   * when the account last did something in (since, at], rather than at `at`.
   */
  since?: number;
}

export async function evaluateStages(store: Store, o: StageEvaluationOptions = {}): Promise<StageChange[]> {
  const rules = o.rules ?? DEFAULT_STAGE_RULES;
  const reading = o.reading ?? DEFAULT_SCORE_READING;
  const at = o.at ?? (o.now ?? Date.now)();
  const windowStart = at - (rules.windowDays - 1) * DAY;
  const { rows } = await store.accountMetrics({
    fromDay: utcDay(windowStart),
    toDay: utcDay(at),
    all: true,
    sort: 'name',
    descending: false,
    limit: 10_000_000,
    offset: 0,
    weights: reading.weights,
    halfLifeDays: reading.halfLifeDays,
    countVisitors: false,
  });
  const visited = await visitedBy(store, rows, at);
  const changes: StageChange[] = [];
  for (const r of rows) {
    const steps = stepsUp(r.stage, automaticStage({ visited: visited(r), score: r.score, activeDays: r.activeDays }, rules));
    if (!steps.length) continue;
    const evidence = await evidenceOf(store, r.id, Date.parse(`${utcDay(windowStart)}T00:00:00Z`), at);
    const latest = evidence[0]?.ts;
    const when = o.since !== undefined && latest !== undefined && latest > o.since && latest <= at ? latest : at;
    const reason = stageReason(r, rules, evidence);
    let from = r.stage;
    for (const to of steps) {
      changes.push({ accountId: r.id, from, to, at: when, source: 'auto', reason });
      from = to;
    }
  }
  if (changes.length) await store.changeStages(changes);
  return changes;
}

/**
 * Whether an account had visited by `at`. Its last visit at or before `at`, or a visit within the
 * window, says yes; an account last seen after `at` with no visit in the window is asked for its
 * first visit (only then: evaluating now, no account is seen after now).
 */
async function visitedBy(store: Store, rows: readonly AccountListRow[], at: number): Promise<(r: AccountListRow) => boolean> {
  const unsure = rows.filter((r) => r.lastSeen !== null && r.lastSeen > at && r.activeDays === 0).map((r) => r.id);
  const first = new Map<string, number | null>();
  for (let i = 0; i < unsure.length; i += 500) {
    const ids = unsure.slice(i, i + 500);
    for (const a of await store.listAccounts({ limit: ids.length, ids })) first.set(a.id, a.firstSeen);
  }
  return (r) => {
    if (r.lastSeen === null) return false;
    if (r.lastSeen <= at || r.activeDays > 0) return true;
    const f = first.get(r.id);
    return f !== null && f !== undefined && f <= at;
  };
}

/** What the account did in the window, newest first; before it, when it did nothing there (a first visit long ago). */
async function evidenceOf(store: Store, accountId: string, since: number, until: number): Promise<AccountAction[]> {
  const recent = await store.accountActions({ accountId, since, until, limit: EVIDENCE });
  return recent.length ? recent : store.accountActions({ accountId, since: 0, until, limit: 10 });
}

/**
 * Stages as they moved over a past stretch whose events are stored (a demo's simulated days, an
 * import of history): evaluated as of the end of each UTC day in (from, to], then as of `to`,
 * each step since the one before, so every change has the day and time it happened.
 */
export async function evaluateStagesOver(store: Store, o: Omit<StageEvaluationOptions, 'at' | 'since' | 'now'> & { from: number; to: number }): Promise<StageChange[]> {
  const changes: StageChange[] = [];
  let since = o.from;
  let end = (Math.floor(o.from / DAY) + 1) * DAY - 1;
  if (end <= o.from) end += DAY;
  for (; since < o.to; end += DAY) {
    const at = Math.min(end, o.to);
    changes.push(...(await evaluateStages(store, { ...o, at, since })));
    since = at;
  }
  return changes;
}

/** Runs evaluateStages now and every `everyMs`; returns the stopper. Failures wait for the next round. */
export function startStageEvaluation(store: Store, o: StageEvaluationOptions & { everyMs?: number } = {}): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    void evaluateStages(store, o)
      .catch(() => {})
      .finally(() => (running = false));
  };
  tick();
  const timer = setInterval(tick, o.everyMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
