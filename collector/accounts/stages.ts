/** The funnel, in order. The first four follow from engagement; the last two are set from the CRM. */
export const STAGES = ['unaware', 'aware', 'engaged', 'mqa', 'opportunity', 'customer'] as const;
export type Stage = (typeof STAGES)[number];
export type AutomaticStage = 'unaware' | 'aware' | 'engaged' | 'mqa';

export interface StageRules {
  /** Engaged: a score of at least this within the window… */
  engagedScore: number;
  /** …or visits on at least this many days within the window. */
  engagedDays: number;
  /** Marketing-qualified: a score of at least this within the window. */
  mqaScore: number;
  /** Days counted back from today. */
  windowDays: number;
}

export const DEFAULT_STAGE_RULES: StageRules = { engagedScore: 10, engagedDays: 3, mqaScore: 30, windowDays: 30 };

export interface Activity {
  /** Any visit ever (bots never count). */
  visited: boolean;
  /** The decayed, role-weighted score over the window. */
  score: number;
  /** Days with a visit within the window. */
  activeDays: number;
}

export const stageRank = (s: string) => STAGES.indexOf(s as Stage);
export const isStage = (s: string): s is Stage => stageRank(s) >= 0;

/** Where engagement puts an account now. */
export function automaticStage(a: Activity, rules: StageRules = DEFAULT_STAGE_RULES): AutomaticStage {
  if (a.score >= rules.mqaScore) return 'mqa';
  if (a.score >= rules.engagedScore || a.activeDays >= rules.engagedDays) return 'engaged';
  return a.visited ? 'aware' : 'unaware';
}

/**
 * The transitions engagement makes from `current`: every stage passed on the way up, in order
 * (an account that goes from unaware to MQA in one day was aware and engaged first). Engagement
 * never moves an account down, and never moves one the CRM has made an opportunity or customer.
 */
export function stepsUp(current: string, computed: AutomaticStage): Stage[] {
  const from = stageRank(current);
  if (from >= stageRank('opportunity')) return [];
  return STAGES.slice(Math.max(from, 0) + 1, stageRank(computed) + 1);
}
