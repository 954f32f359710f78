/**
 * The store room: one `Store` interface, one implementation over Kysely, and an adapter per
 * database (SQLite embedded, PostgreSQL for several collector processes). Nothing is opened at
 * import time; `openStore` is called by main.ts with a parsed database target.
 */
export type { Store, Site, NewSite, StoredEvent, InsertResult, EventQuery, ErasureSubject, ErasureReport, NetworkInfo, Account, AccountDay, ChannelRow, LevelPoints, StageChange } from './store.js';
export type { SiteChange, SiteDeletionOptions, SiteDeletionReport } from './store.js';
export type { AccountRef } from '../schema/domain.js';
export type { AccountRange } from './ranges.js';
export type { ReverseDnsCredit, ReverseDnsEvidence } from './reverse-dns.js';
export type { ContentQuery, ContentRow } from './content.js';
export type { IdentificationCounts, IdentificationDay, IdentificationQuery } from './identification-report.js';
export { pageKey, type PageKey } from './page-titles.js';
export type { AccountDetailData, AccountDetailQuery } from './account-detail.js';
export type { AccountReadingQuery, AccountReadingResult, AccountReadRow } from './account-reading.js';
export { READING_MAX_ACCOUNTS, READING_MAX_PER_ACCOUNT } from './account-reading.js';
export type { AccountListQuery, AccountListRow, AccountSort } from './account-list.js';
export type { Reidentify, ReidentifyReport } from './reidentify.js';
export type { ReidentifyScope } from './reidentify-scope.js';
export type { NetworkDecision } from './network-decisions.js';
export type { AccountMerge } from './account-merge.js';
export type { RedactionReport, RedactStoredOptions, RedactedTable, StoredRedaction } from './redact-stored.js';
export { REDACTED_TABLES } from './redact-stored.js';
export type { TargetRow, TargetOutcome } from './account-admin.js';
export { accountId } from './accounts.js';
export { utcDay } from './rollups.js';
export { StoreUnavailableError } from './store.js';
export type { Session } from './sessions.js';
export type { Visitor } from './visitors.js';
export { SESSION_GAP_MS } from './sessions.js';
export { startRetention } from './retention.js';
export { openSqliteStore, type SqliteSynchronous } from './sqlite.js';
export { openPostgresStore } from './postgres.js';

import type { Store } from './store.js';
import { openSqliteStore, type SqliteSynchronous } from './sqlite.js';
import { openPostgresStore } from './postgres.js';

export type DatabaseTarget =
  | { kind: 'sqlite'; path: string; synchronous?: SqliteSynchronous }
  | { kind: 'postgres'; url: string; schema?: string };

/** Opens and migrates the store a database target names. */
export async function openStore(target: DatabaseTarget): Promise<Store> {
  const store =
    target.kind === 'sqlite' ? openSqliteStore(target.path, target.synchronous) : openPostgresStore(target.url, { schema: target.schema });
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
export type { User, DashboardSession, ApiToken } from './users.js';
export type { AlertDestinationRow, OutboxRow, OutboxStatus, NewOutboxRow, TriggerRecord, TriggerOutcome, TriggerReason, AlertRecord, AlertOutcome } from './alerts.js';
export type { AlertCandidate, AccountAction } from './alert-candidates.js';
