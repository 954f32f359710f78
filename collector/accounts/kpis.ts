import { stageRank, STAGES, type StageRules } from './stages.js';

/** One account's numbers over a period, as the rollups give them. */
export interface PeriodAccount {
  id: string;
  name: string;
  target: boolean;
  stage: string;
  score: number;
  visits: number;
  visitors: number;
  activeDays: number;
}

export interface FunnelCounts {
  target_accounts: number;
  aware: number;
  awareness_rate: number;
  engaged: number;
  penetration_rate: number;
  mqa: number;
  mqa_rate: number;
  /** Engaged among the aware. */
  engagement_rate: number;
  /** Target accounts' distinct visitors, summed over accounts. */
  visitors: number;
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : 0);
export const isEngaged = (a: PeriodAccount, r: StageRules) => a.score >= r.engagedScore || a.activeDays >= r.engagedDays;

/** The target list's funnel over one period: aware (any visit), engaged, MQA, and their rates. */
export function funnel(targets: readonly PeriodAccount[], rules: StageRules): FunnelCounts {
  const aware = targets.filter((a) => a.visits > 0);
  const engaged = aware.filter((a) => isEngaged(a, rules));
  const mqa = aware.filter((a) => a.score >= rules.mqaScore);
  return {
    target_accounts: targets.length,
    aware: aware.length,
    awareness_rate: rate(aware.length, targets.length),
    engaged: engaged.length,
    penetration_rate: rate(engaged.length, targets.length),
    mqa: mqa.length,
    mqa_rate: rate(mqa.length, targets.length),
    engagement_rate: rate(engaged.length, aware.length),
    visitors: aware.reduce((n, a) => n + a.visitors, 0),
  };
}

/** Relative change, this against then (null when there was nothing then). */
export const uplift = (now: number, then: number) => (then ? Math.round(((now - then) / then) * 10_000) / 10_000 : null);

/** From each stage to the next: of the target accounts that reached a stage, the share that reached the next (current stages). */
export function stageProgression(stages: readonly string[]): { from: string; to: string; rate: number }[] {
  const reached = (s: string) => stages.filter((x) => stageRank(x) >= stageRank(s)).length;
  return STAGES.slice(0, -1).map((from, i) => ({ from, to: STAGES[i + 1]!, rate: rate(reached(STAGES[i + 1]!), reached(from)) }));
}
