/**
 * Stages from engagement, kept current: every minute (and at start) each account's score and
 * active days over the window are read from the rollups and the account moved up the funnel
 * where they say so, each step kept with its time. Opportunity and customer come from the CRM.
 */
import { automaticStage, DEFAULT_SCORE_READING, DEFAULT_STAGE_RULES, stepsUp, type ScoreReading, type StageRules } from './accounts/index.js';
import { utcDay, type StageChange, type Store } from './store/index.js';

const DAY = 86_400_000;

export interface StageEvaluationOptions {
  rules?: StageRules;
  reading?: ScoreReading;
  now?: () => number;
}

export async function evaluateStages(store: Store, o: StageEvaluationOptions = {}): Promise<StageChange[]> {
  const rules = o.rules ?? DEFAULT_STAGE_RULES;
  const reading = o.reading ?? DEFAULT_SCORE_READING;
  const now = (o.now ?? Date.now)();
  const { rows } = await store.accountMetrics({
    fromDay: utcDay(now - (rules.windowDays - 1) * DAY),
    toDay: utcDay(now),
    all: true,
    sort: 'name',
    descending: false,
    limit: 10_000_000,
    offset: 0,
    weights: reading.weights,
    halfLifeDays: reading.halfLifeDays,
  });
  const changes: StageChange[] = [];
  for (const r of rows) {
    const computed = automaticStage({ visited: r.lastSeen !== null, score: r.score, activeDays: r.activeDays }, rules);
    let from = r.stage;
    for (const to of stepsUp(r.stage, computed)) {
      changes.push({ accountId: r.id, from, to, at: now, source: 'auto', reason: `score ${r.score}, visits on ${r.activeDays} of the last ${rules.windowDays} days` });
      from = to;
    }
  }
  if (changes.length) await store.changeStages(changes);
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
