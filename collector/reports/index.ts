/**
 * The reports room: what the JSON API and the dashboard show, composed from the store and the
 * accounts and attribution rooms as plain async functions over an already resolved period. The
 * HTTP routes parse, call and reply; the dashboard calls the same functions, so the numbers agree.
 */
export type { ReportRange } from './range.js';
export { kpiReport, type KpiQuery, type KpiReport, type KpiReportOptions, type KpiStore, type KpiUplift } from './kpis.js';
export { accountReport, scoreHistory, type AccountReport, type AccountStore, type SessionRead } from './account.js';
export { contentReport, type ContentItem, type ContentReport, type ContentReportQuery, type ContentReportSource } from './content.js';
export { attributionReport, campaignReport, type AttributionReport, type CampaignReport, type SessionSource } from './attribution.js';
export { accountsReading, LIST_DEPTH, type AccountReading, type ReadItem, type ReadingSource } from './account-reading.js';
export { intentOf, INTENT_LABELS, type IntentKind, type IntentRules } from './intent.js';
export { liveEvents, byEventTime, LIVE_LIMIT, QUIET_TYPES, LATE_WRITE_MS, type LiveQuery, type LiveRead } from './live.js';
export { identificationReport, identificationClass, previousRange, IDENTIFICATION_CLASSES, DAILY_TREND_MAX_DAYS, type IdentificationClass, type IdentificationReport, type IdentificationSource, type IdentificationTotals } from './identification.js';
