/**
 * The accounts room: the target list, name and domain matching, e-mail domains. Pure functions
 * over rows; scoring, stages and KPIs arrive with the metrics issue.
 */
export { normaliseName, registrableDomain } from './normalise.js';
export { emailDomain, isPersonalEmailDomain } from './email-domains.js';
export { accountIndex, type AccountIndex, type AccountMatch, type MatchableAccount } from './match.js';
export {
  candidateNetworks, CANDIDATE, censusFromData, CREDIT, nameCensus, nameCensusData, nameForms, nameRulesFingerprint, networkDirectory, networkMatcher,
  type CensusData, type Decision, type NameCensus, type Evidence, type MatchTarget, type NetworkDirectory, type NetworkFacts, type NetworkMatch, type NetworkMatcher,
} from './network-match.js';
export { countryName, parseCountry } from './country.js';
export { EMAIL, parseTargetList, TARGET_COLUMNS, type TargetListRow, type TargetListReport, type TargetProblem } from './target-list.js';
export { parseTier, TIERS, type Tier } from './tables/tiers.js';
export { DEFAULT_SCORE_READING, DEFAULT_SCORING, decay, eventPoints, roleLevel, type ScoreReading, type ScoringRules } from './scoring.js';
export { DEFAULT_ROLE_WEIGHTS, ROLE_LEVELS, ROLE_RULES, type RoleLevel } from './tables/roles.js';
export { automaticStage, DEFAULT_STAGE_RULES, isStage, STAGES, stageRank, stageReason, stepsUp, type Activity, type AutomaticStage, type Stage, type StageEvidence, type StageRules } from './stages.js';
export { funnel, isEngaged, stageProgression, uplift, type FunnelCounts, type PeriodAccount } from './kpis.js';
