/**
 * The commands room: each change a user can make, written once and called by both the admin API
 * and the dashboard's forms. A command checks its input (as the API takes it), does the change
 * through the store, and returns what it made or throws a CommandError saying what to fix.
 */
export { CommandError } from './errors.js';
export { createSite, deleteSite, rotateSiteKey, siteView, updateSite, type SiteView } from './sites.js';
export { decideTargetNetworks, isStrong, MAX_SUMMARIES, networkSummaries, parseDecision, targetNetworkDeps, targetNetworks, type NetworkSummary, type NetworkDecisionReport, type TargetNetwork, type TargetNetworkDeps, type TargetNetworks } from './target-networks.js';
export { importTargetList, MAX_TARGET_ROWS, type TargetImport, type TargetImportRow } from './target-list.js';
