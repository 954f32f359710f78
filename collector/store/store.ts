import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';
import { EVENT_COLUMNS, toAccount, toAccountDay, toEventRow, toStoredEvent } from './rows.js';
import { dropDeletedSites, siteStore, type SiteStore } from './sites.js';
import { deleteSite, type SiteDeletionOptions, type SiteDeletionReport } from './site-delete.js';
import { eventKey, groupCommit } from './group-commit.js';
import { migrateToLatest } from './migrations.js';
import { assignSessions, toSession, upsertSessions, type Session } from './sessions.js';
import { toVisitor, upsertVisitors, type Visitor } from './visitors.js';
import type { Writer } from './write-tx.js';
import { resolveAccountIds, touchAccounts } from './accounts.js';
import { addToRollups } from './rollups.js';
import { channelBreakdown, forgetChannelVisitors, syncChannelRollups } from './channel-rollups.js';
import { forgetAccountVisitors, rebuildAccountTotals, totalsHalfLife } from './account-totals.js';
import { applyVisitorIdentity, settleVisitorAccounts } from './stitch.js';
import { addRangeEvidence, type AccountRange } from './ranges.js';
import { accountDetail, type AccountDetailData, type AccountDetailQuery } from './account-detail.js';
import { accountReading, type AccountReadingQuery, type AccountReadingResult } from './account-reading.js';
import { contentReport, type ContentQuery, type ContentRow } from './content.js';
import { identificationDays, identificationTotals, type IdentificationCounts, type IdentificationQuery } from './identification-report.js';
import { pageTitles, type PageKey } from './page-titles.js';
import { accountCountries, accountVisitors, activeAccounts, listAccountMetrics, targetsAndCandidates, type AccountListQuery, type AccountListRow } from './account-list.js';
import { reidentifyEvents, type Reidentify, type ReidentifyReport } from './reidentify.js';
import { reidentifyScope, type ReidentifyScope } from './reidentify-scope.js';
import { decideNetworks, listNetworkDecisions, seenFromOrganizations, type NetworkDecision } from './network-decisions.js';
import { mergeDuplicateAccounts, type AccountMerge } from './account-merge.js';
import { redactStored, type RedactionReport, type RedactStoredOptions, type StoredRedaction } from './redact-stored.js';
import { addRanges, importTargets, listRanges, type TargetOutcome, type TargetRow } from './account-admin.js';
import { accountsByDomain, creditReverseDns, reverseDnsEvidence, type ReverseDnsCredit, type ReverseDnsEvidence } from './reverse-dns.js';
import { addDestination, claimDue, getSetting, listDestinations, listOutbox, putSetting, recordAlert, recordTrigger, removeDestination, retryDead, settleDelivery, takeDigest, type AlertDestinationRow, type AlertOutcome, type AlertRecord, type OutboxRow, type OutboxStatus, type TriggerOutcome, type TriggerRecord } from './alerts.js';
import { accountActions, alertCandidates, type AccountAction, type AlertCandidate } from './alert-candidates.js';
import { createApiToken, createDashboardSession, createUser, deleteApiToken, deleteDashboardSession, deleteUser, findDashboardSession, findUser, listApiTokens, listUsers, userOfApiToken, type ApiToken, type DashboardSession, type User } from './users.js';

export type { SiteChange } from './sites.js';
export type { AccountRef, NetworkInfo, NewSite, Site, StoredEvent } from '../schema/domain.js';
import type { AccountRef, NetworkInfo, NewSite, Site, StoredEvent } from '../schema/domain.js';
export type { SiteDeletionOptions, SiteDeletionReport } from './site-delete.js';

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

export interface EventQuery {
  limit: number;
  siteId?: string;
  /** Only events received at or after this moment (epoch ms): the live view's poll. */
  receivedSince?: number;
  /** Leave out events of these types (the live view hides engagement and vitals by default). */
  excludeTypes?: readonly string[];
}

export interface Store extends SiteStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<string[]>;
  /** Resolves when the database answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * Deletes a site with its events, sessions, visitors and their place in every rollup, a page per
   * transaction (site-delete.ts); from its first step on the site takes no events. Re-run to finish
   * one that was interrupted. Undefined when there is no such site.
   */
  deleteSite(id: string, options?: SiteDeletionOptions): Promise<SiteDeletionReport | undefined>;
  /** Inserts new events; an event whose (site, id) is already stored counts as a duplicate. */
  insertEvents(events: StoredEvent[]): Promise<InsertResult>;
  /** Newest first, by receive time. */
  newestEvents(query: EventQuery): Promise<StoredEvent[]>;
  /** Each page's title from the visitor's own page views of it (page-titles.ts): the events on a page carry none. */
  pageTitles(keys: readonly PageKey[]): Promise<Map<string, string>>;
  /**
   * The salt for hashing IPs on a UTC day (`2026-11-23`): created at random the first time any
   * process asks, the same for every process after; salts of earlier days are deleted.
   */
  dailySalt(day: string): Promise<string>;
  /** Visitors, most recently seen first. */
  listVisitors(query: { siteId?: string; limit: number }): Promise<Visitor[]>;
  /** Retention: deletes raw events received before `before` (epoch ms); sessions and visitors stay. */
  deleteEventsBefore(before: number): Promise<number>;
  /** Sessions, newest first by start. */
  listSessions(query: { siteId?: string; visitor?: string; limit: number }): Promise<Session[]>;
  /**
   * A data subject's erasure: everything stored for a visitor id, or for an email hash (the
   * events that carried it, and everything of the visitors who sent them), in one transaction.
   */
  erase(subject: ErasureSubject): Promise<ErasureReport>;
  /** Accounts, most recently seen first; or those with the given ids. */
  listAccounts(query: { limit: number; ids?: string[] }): Promise<Account[]>;
  /** Target list import: each row becomes a target account (an account already seen is upgraded, keeping its history). */
  importTargets(rows: TargetRow[]): Promise<TargetOutcome[]>;
  /** Target accounts, for matching. */
  listTargets(): Promise<Account[]>;
  /** People's decisions on targets' candidate networks (network-decisions.ts). */
  listNetworkDecisions(accountId?: string): Promise<NetworkDecision[]>;
  decideNetworks(decisions: NetworkDecision[]): Promise<void>;
  /** Events and sessions seen so far from networks of these organization names. */
  seenFromOrganizations(organizations: string[]): Promise<Map<string, { events: number; sessions: number; lastSeen: number | null }>>;
  /** Adds (or renames) account ranges the user listed. */
  addRanges(ranges: { cidr: string; domain: string; name?: string | null }[]): Promise<number>;
  /** Listed ranges and learned ones (at least `minPeople` distinct people of one domain filled forms from the network), with evidence. */
  listRanges(query: { minPeople: number }): Promise<AccountRange[]>;
  /** Reverse DNS (reverse-dns.ts): credits a network to an account with its evidence; the evidence of an account; accounts that may go by a domain. */
  creditReverseDns(credit: ReverseDnsCredit): Promise<void>;
  reverseDnsEvidence(accountId: string): Promise<ReverseDnsEvidence[]>;
  accountsByDomain(domain: string): Promise<Account[]>;
  /**
   * Backfill: identification run again over every stored event, the rollups rebuilt (reidentify.ts);
   * or, with a scope, over one network's or organization's events only, their rollups moved (reidentify-scope.ts).
   */
  reidentify(identify: Reidentify, onProgress: (done: number, total: number, phase: 'events' | 'rollups') => void, scope?: ReidentifyScope): Promise<ReidentifyReport>;
  /** One company, one account: each non-target account without a domain that another account is (by name or domain label) merged into it with its history (account-merge.ts). */
  mergeDuplicateAccounts(): Promise<AccountMerge[]>;
  /** Stored URLs, titles and the text that copies them redacted with today's rules, a page per transaction (redact-stored.ts). */
  redactStored(redaction: StoredRedaction, options?: RedactStoredOptions): Promise<RedactionReport>;
  /** Moves accounts to new stages, each change kept with its time; `from` must still be the account's stage (else skipped). */
  changeStages(changes: StageChange[]): Promise<number>;
  /** Stage transitions, newest first; for one account or all, since a time. */
  stageChanges(query: { accountId?: string; since?: number; limit: number }): Promise<StageChange[]>;
  /** One account's identification, days, events, sessions and people over a period (account-detail.ts). */
  accountDetail(query: AccountDetailQuery): Promise<AccountDetailData>;
  /** Sessions that credit an account, started in [from, to), bots left out: for touch models and campaigns. */
  accountSessions(query: { from: number; to: number; accountId?: string }): Promise<{ accountId: string; target: boolean; channel: string | null; campaign: string | null; startedAt: number }[]>;
  /** Accounts first seen in [from, to): all, and targets. */
  newAccounts(query: { from: number; to: number }): Promise<{ all: number; targets: number }>;
  /** Known contacts (visitors who gave an e-mail) of target accounts, by account and seniority level. */
  targetContacts(query: { tier?: string | undefined; owner?: string | undefined }): Promise<{ accountId: string; roleLevel: string | null; contacts: number }[]>;
  /** Pages and downloaded assets by visitors, accounts and target accounts reached, bots left out (content.ts). */
  contentReport(query: ContentQuery): Promise<{ rows: ContentRow[]; targetAccounts: number }>;
  /** What each of a few accounts read over a period: pages and downloads, bots left out (account-reading.ts). */
  accountReading(query: AccountReadingQuery): Promise<AccountReadingResult>;
  /** Accounts with visits, visitors and engagement score over a range of days (account-list.ts). */
  accountMetrics(query: AccountListQuery): Promise<{ rows: AccountListRow[]; total: number }>;
  /** The countries accounts are in (account-list.ts). */
  accountCountries(): Promise<string[]>;
  /**
   * The half-life the running account totals are decayed with (account-totals.ts): when it is not
   * the one they were built with, they are built again (reads with another half-life still work,
   * over account_days, more slowly). Says whether it rebuilt.
   */
  useHalfLife(halfLifeDays: number): Promise<boolean>;
  /**
   * For the KPIs: every target account's numbers over a range of days, and the best `top` accounts
   * that are not targets but were engaged by these rules, with how many there are (account-list.ts).
   */
  targetsAndCandidates(
    query: Pick<AccountListQuery, 'fromDay' | 'toDay' | 'weights' | 'halfLifeDays'>,
    engaged: { score: number; activeDays: number },
    top: number,
  ): Promise<{ targets: AccountListRow[]; candidates: AccountListRow[]; candidateCount: number }>;
  /** How many accounts had a visit over a range of days: all, and targets. */
  activeAccounts(query: { fromDay: string; toDay: string }): Promise<{ all: number; targets: number }>;
  /** Distinct visitors of each of these accounts over a range of days (accounts with none left out). */
  accountVisitors(query: { fromDay: string; toDay: string; ids: string[] }): Promise<Map<string, number>>;
  /** Takes an account off the target list (it stays an account, without tier or owner); says whether it was a target. */
  removeTarget(id: string): Promise<boolean>;
  /** Dashboard users (users.ts). */
  createUser(user: User): Promise<User>;
  findUser(by: { email?: string; id?: string }): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  deleteUser(id: string): Promise<boolean>;
  /** Signed-in dashboard browsers, by the SHA-256 of their cookie id. */
  createDashboardSession(session: DashboardSession): Promise<void>;
  findDashboardSession(idHash: string, now: number): Promise<DashboardSession | undefined>;
  deleteDashboardSession(idHash: string): Promise<void>;
  /** Admin API tokens made for users, by the SHA-256 of the token. */
  createApiToken(token: ApiToken): Promise<void>;
  listApiTokens(): Promise<ApiToken[]>;
  userOfApiToken(tokenHash: string, now: number): Promise<User | undefined>;
  deleteApiToken(id: string): Promise<boolean>;
  /** Settings changed at run time, as JSON text by name. */
  getSetting(name: string): Promise<string | undefined>;
  putSetting(name: string, value: string): Promise<void>;
  /** Alerts (alerts.ts): destinations, triggers with their throttle, and the outbox. */
  listAlertDestinations(): Promise<AlertDestinationRow[]>;
  addAlertDestination(destination: AlertDestinationRow): Promise<void>;
  removeAlertDestination(id: string): Promise<boolean>;
  recordAlertTrigger(trigger: TriggerRecord): Promise<TriggerOutcome>;
  /** One alert for several reasons, each recorded once and throttled by its rule (alerts.ts). */
  recordAlert(alert: AlertRecord): Promise<AlertOutcome>;
  claimAlerts(query: { now: number; lockUntil: number; limit: number }): Promise<OutboxRow[]>;
  settleAlert(id: string, outcome: { sentAt: number } | { error: string; nextAttemptAt: number | null }): Promise<void>;
  retryAlert(id: string, now: number): Promise<boolean>;
  takeAlertDigest(query: { destinationId: string; key: string; id: string; now: number; upTo: number; build: (payloads: string[]) => string }): Promise<number>;
  listAlerts(query: { status?: OutboxStatus | undefined; limit: number }): Promise<OutboxRow[]>;
  /** Target accounts' visits active in [since, until), with their pages and previous visit (alert-candidates.ts). */
  alertCandidates(query: { since: number; until: number; limit: number }): Promise<AlertCandidate[]>;
  /** An account's page views, forms and downloads in [since, until], newest first (alert-candidates.ts). */
  accountActions(query: { accountId: string; since: number; until: number; limit: number }): Promise<AccountAction[]>;
  /** Sessions started in [from, to) by channel, bots left out: sessions, visitors, accounts and target accounts reached. */
  channelBreakdown(query: { from: number; to: number; siteId?: string }): Promise<ChannelRow[]>;
  /** Human sessions per UTC day by network class and the account they credit, and the bots left out (identification-report.ts). */
  identificationDays(query: IdentificationQuery): Promise<IdentificationCounts>;
  /** The same sessions' total and those crediting an account, ungrouped (identification-report.ts). */
  identificationTotals(query: IdentificationQuery): Promise<{ sessions: number; identified: number }>;
  /** Rollup rows between two UTC days (inclusive), for one account or all. */
  accountDays(query: { from: string; to: string; accountId?: string }): Promise<AccountDay[]>;
}

export interface Account {
  id: string;
  name: string;
  domain: string | null;
  nameKey: string;
  aliases: string[];
  target: boolean;
  tier: string | null;
  owner: string | null;
  stage: string;
  stageChangedAt: number | null;
  firstSeen: number | null;
  lastSeen: number | null;
  createdAt: number;
  /** ISO-3166 alpha-2, when known. */
  country: string | null;
}

export interface StageChange {
  accountId: string;
  from: string;
  to: string;
  at: number;
  source: 'auto' | 'api' | 'csv';
  reason: string | null;
}

/** Points per seniority level: role weights are applied when read. */
export interface LevelPoints {
  c_level: number;
  vp: number;
  director: number;
  manager: number;
  other: number;
}

export interface ChannelRow {
  channel: string;
  sessions: number;
  visitors: number;
  accounts: number;
  targetAccounts: number;
}

export interface AccountDay {
  accountId: string;
  siteId: string;
  day: string;
  events: number;
  pageViews: number;
  downloads: number;
  forms: number;
  engagedMs: number;
  visitors: number;
  sessions: number;
  firstTs: number;
  lastTs: number;
  points: LevelPoints;
}

export type ErasureSubject = { visitor: string } | { emailHash: string };

export interface ErasureReport {
  /** The visitor ids whose data was removed. */
  visitors: string[];
  /** Raw events removed. */
  events: number;
  /** Sessions removed. */
  sessions: number;
}

/** The database could not be reached; the HTTP layer answers 503 and the sender retries. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    const detail = (cause as { message?: string } | null)?.message;
    super(`the store is unreachable${detail ? ` (${detail})` : ''}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

type Hooks = {
  kind: Store['kind'];
  /** Turns a driver error into StoreUnavailableError when it means "cannot reach the database". */
  classify: (err: unknown) => unknown;
  close: () => Promise<void>;
  /** The transaction the hot write path runs in (write-tx.ts). */
  writer: Writer;
};

/** The one Store implementation; adapters differ only in how they connect and classify errors. */
export function kyselyStore(db: Kysely<Database>, hooks: Hooks): Store {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      throw hooks.classify(err);
    }
  };

  /** Account ids by domain or name key, as resolveAccountIds found or made them (committed only). */
  const knownAccounts = new Map<string, string>();
  const sites = siteStore(db, guard);
  const { bump: _bump, ...sitesFace } = sites;

  return {
    kind: hooks.kind,
    migrate: () => guard(() => migrateToLatest(db)),
    ping: () => guard(async () => void (await db.selectFrom('sites').select('id').limit(1).execute())),
    close: hooks.close,

    ...sitesFace,
    deleteSite: (id, options) =>
      guard(async () => {
        try {
          return await deleteSite(db, hooks.writer, id, options);
        } finally {
          sites.bump();
        }
      }),

    // Group commit: concurrent requests share one transaction (see group-commit.ts).
    insertEvents: groupCommit(async (events) => {
      // One transaction: the events, the sessions, visitors and accounts they extend and the
      // rollups they add to, or nothing.
      const { fresh, learned } = await guard(() =>
        hooks.writer(async (tx) => {
          const withSessions = await assignSessions(tx, await dropDeletedSites(tx, events));
          const { events: resolved, learned } = await resolveAccountIds(tx, withSessions, knownAccounts, Date.now());
          const credited = await applyVisitorIdentity(tx, resolved);
          const stored = await tx.insertNew('events', EVENT_COLUMNS, ['site_id', 'id'], credited.map(toEventRow));
          const inserted = credited.filter((_, i) => stored[i]);
          await upsertSessions(tx, inserted);
          await syncChannelRollups(tx, inserted.flatMap((e) => (e.session ? [{ siteId: e.siteId, id: e.session }] : [])));
          await upsertVisitors(tx, inserted);
          await touchAccounts(tx, inserted);
          await addToRollups(tx, inserted);
          // After the batch is counted as stored: stitching may move its events (and earlier ones).
          await settleVisitorAccounts(tx, inserted);
          await addRangeEvidence(tx, inserted);
          return { fresh: new Set(inserted.map(eventKey)), learned };
        }),
      );
      for (const [key, id] of learned) knownAccounts.set(key, id);
      return fresh;
    }),

    dailySalt: (day) =>
      guard(async () => {
        await db
          .insertInto('ip_salts')
          .values({ day, salt: randomBytes(32).toString('base64url') })
          .onConflict((oc) => oc.column('day').doNothing())
          .execute();
        await db.deleteFrom('ip_salts').where('day', '<', day).execute();
        const row = await db.selectFrom('ip_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
        return row.salt;
      }),

    listVisitors: ({ siteId, limit }) =>
      guard(async () => {
        let q = db.selectFrom('visitors').selectAll();
        if (siteId) q = q.where('site_id', '=', siteId);
        return (await q.orderBy('last_seen', 'desc').limit(limit).execute()).map(toVisitor);
      }),

    deleteEventsBefore: (before) =>
      guard(async () => Number((await db.deleteFrom('events').where('received_at', '<', before).executeTakeFirst()).numDeletedRows)),

    listSessions: ({ siteId, visitor, limit }) =>
      guard(async () => {
        let q = db.selectFrom('sessions').selectAll();
        if (siteId) q = q.where('site_id', '=', siteId);
        if (visitor) q = q.where('visitor', '=', visitor);
        return (await q.orderBy('started_at', 'desc').limit(limit).execute()).map(toSession);
      }),

    erase: (subject) =>
      guard(async () => {
        // Their place in the running totals first (a transaction of the write path's), then the rest in one transaction.
        const forget = async (visitors: string[]) => {
          if (visitors.length) await hooks.writer((tx) => forgetAccountVisitors(tx, visitors));
        };
        const before = await visitorsOf(db, subject);
        await forget(before);
        const report = await db.transaction().execute(async (trx) => {
          const visitors = await visitorsOf(trx, subject);
          let events = 0;
          if ('emailHash' in subject) {
            const r = await trx.deleteFrom('events').where('props', 'like', `%"email_hash":"${subject.emailHash}"%`).executeTakeFirst();
            events += Number(r.numDeletedRows);
          }
          let sessions = 0;
          if (visitors.length) {
            const r = await trx.deleteFrom('events').where('visitor', 'in', visitors).executeTakeFirst();
            events += Number(r.numDeletedRows);
            // The rollups' counts are anonymous and stay; which visitor and session they counted goes.
            const theirSessions = trx.selectFrom('sessions').select(sql<string>`'s:' || id`.as('m')).where('visitor', 'in', visitors);
            await trx
              .deleteFrom('account_day_keys')
              .where((w) => w.or([w('member', 'in', visitors.map((v) => `v:${v}`)), w('member', 'in', theirSessions)]))
              .execute();
            await forgetChannelVisitors(trx, visitors);
            const s = await trx.deleteFrom('sessions').where('visitor', 'in', visitors).executeTakeFirst();
            sessions = Number(s.numDeletedRows);
            await trx.deleteFrom('visitors').where('id', 'in', visitors).execute();
          }
          return { visitors: visitors.sort(), events, sessions };
        });
        // Visitors who sent the hash between the two steps.
        await forget(report.visitors.filter((v) => !before.includes(v)));
        return report;
      }),

    listAccounts: ({ limit, ids }) =>
      guard(async () => {
        let q = db.selectFrom('accounts').selectAll();
        if (ids) q = ids.length ? q.where('id', 'in', ids) : q.where(sql<boolean>`1 = 0`);
        return (await q.orderBy('last_seen', 'desc').orderBy('name').limit(limit).execute()).map(toAccount);
      }),

    importTargets: (rows) =>
      guard(async () => {
        const out = await importTargets(db, rows, Date.now());
        knownAccounts.clear();
        return out;
      }),
    listNetworkDecisions: (accountId) => guard(() => listNetworkDecisions(db, accountId)),
    decideNetworks: (decisions) => guard(() => decideNetworks(db, decisions)),
    seenFromOrganizations: (organizations) => guard(() => seenFromOrganizations(db, organizations)),
    listTargets: () => guard(async () => (await db.selectFrom('accounts').selectAll().where('target', '=', 1).orderBy('name').execute()).map(toAccount)),
    redactStored: (redaction, options) => guard(() => redactStored(db, hooks.writer, redaction, options)),
    reidentify: async (identify, onProgress, scope) => {
      const report = await guard(async () => {
        if (!scope) return reidentifyEvents(db, hooks.writer, identify, onProgress);
        const r = await reidentifyScope(db, hooks.writer, identify, scope);
        return { events: r.events, changed: r.changed, accounts: r.accounts.length, rollupDays: 0 };
      });
      knownAccounts.clear();
      return report;
    },
    mergeDuplicateAccounts: async () => {
      const merged = await guard(() => mergeDuplicateAccounts(db, hooks.writer));
      knownAccounts.clear();
      return merged;
    },
    addRanges: (ranges) => guard(() => addRanges(db, ranges, Date.now())),
    listRanges: ({ minPeople }) => guard(() => listRanges(db, minPeople)),
    creditReverseDns: (credit) => guard(() => creditReverseDns(db, credit)),
    reverseDnsEvidence: (accountId) => guard(() => reverseDnsEvidence(db, accountId)),
    accountsByDomain: (domain) => guard(() => accountsByDomain(db, domain)),

    accountMetrics: (query) => guard(() => listAccountMetrics(db, query)),
    accountCountries: () => guard(() => accountCountries(db)),
    useHalfLife: (halfLifeDays) =>
      guard(async () => {
        const stored = await totalsHalfLife(db);
        if (stored === halfLifeDays) return false;
        await rebuildAccountTotals(db, halfLifeDays);
        return true;
      }),
    accountVisitors: ({ fromDay, toDay, ids }) => guard(() => accountVisitors(db, { fromDay, toDay }, ids)),
    activeAccounts: (query) => guard(() => activeAccounts(db, query)),
    targetsAndCandidates: (query, engaged, top) => guard(() => targetsAndCandidates(db, query, engaged, top)),
    removeTarget: (id) =>
      guard(async () => {
        const r = await db.updateTable('accounts').set({ target: 0, tier: null, owner: null }).where('id', '=', id).where('target', '=', 1).executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      }),
    createUser: (user) => guard(() => createUser(db, user)),
    findUser: (by) => guard(() => findUser(db, by)),
    listUsers: () => guard(() => listUsers(db)),
    deleteUser: (id) => guard(() => deleteUser(db, id)),
    createDashboardSession: (session) => guard(() => createDashboardSession(db, session)),
    findDashboardSession: (idHash, now) => guard(() => findDashboardSession(db, idHash, now)),
    deleteDashboardSession: (idHash) => guard(() => deleteDashboardSession(db, idHash)),
    createApiToken: (t) => guard(() => createApiToken(db, t)),
    listApiTokens: () => guard(() => listApiTokens(db)),
    userOfApiToken: (hash, now) => guard(() => userOfApiToken(db, hash, now)),
    deleteApiToken: (id) => guard(() => deleteApiToken(db, id)),
    getSetting: (name) => guard(() => getSetting(db, name)),
    putSetting: (name, value) => guard(() => putSetting(db, name, value)),
    listAlertDestinations: () => guard(() => listDestinations(db)),
    addAlertDestination: (d) => guard(() => addDestination(db, d)),
    removeAlertDestination: (id) => guard(() => removeDestination(db, id)),
    recordAlertTrigger: (t) => guard(() => recordTrigger(hooks.writer, t)),
    recordAlert: (a) => guard(() => recordAlert(hooks.writer, a)),
    claimAlerts: (q) => guard(() => claimDue(hooks.writer, hooks.kind, q)),
    settleAlert: (id, outcome) => guard(() => settleDelivery(hooks.writer, id, outcome)),
    retryAlert: (id, now) => guard(() => retryDead(hooks.writer, id, now)),
    takeAlertDigest: (q) => guard(() => takeDigest(hooks.writer, q)),
    listAlerts: (q) => guard(() => listOutbox(db, q)),
    alertCandidates: (q) => guard(() => alertCandidates(db, q)),
    accountActions: (q) => guard(() => accountActions(db, q)),
    contentReport: (query) => guard(() => contentReport(db, query)),
    identificationDays: (query) => guard(() => identificationDays(db, query)),
    identificationTotals: (query) => guard(() => identificationTotals(db, query)),
    accountReading: (query) => guard(() => accountReading(db, query)),
    accountDetail: (query) => guard(() => accountDetail(db, query)),

    accountSessions: ({ from, to, accountId }) =>
      guard(async () => {
        let q = db
          .selectFrom('sessions as s')
          .innerJoin('accounts as a', 'a.id', 's.account_id')
          .select(['s.account_id', 'a.target', 's.channel', 's.utm_campaign', 's.started_at'])
          .where('s.started_at', '>=', from)
          .where('s.started_at', '<', to)
          .where('s.bot', '=', 0);
        if (accountId) q = q.where('s.account_id', '=', accountId);
        const rows = await q.execute();
        return rows.map((r) => ({ accountId: r.account_id!, target: Number(r.target) === 1, channel: r.channel, campaign: r.utm_campaign, startedAt: Number(r.started_at) }));
      }),

    newAccounts: ({ from, to }) =>
      guard(async () => {
        const r = await db
          .selectFrom('accounts')
          .select((e) => [e.fn.countAll<number>().as('all'), sql<number>`coalesce(sum(case when target = 1 then 1 else 0 end), 0)`.as('targets')])
          .where('first_seen', '>=', from)
          .where('first_seen', '<', to)
          .executeTakeFirstOrThrow();
        return { all: Number(r.all), targets: Number(r.targets) };
      }),

    targetContacts: ({ tier, owner }) =>
      guard(async () => {
        let q = db
          .selectFrom('visitors as v')
          .innerJoin('accounts as a', 'a.id', 'v.account_id')
          .select((e) => ['v.account_id', 'v.role_level', e.fn.countAll<number>().as('contacts')])
          .where('a.target', '=', 1)
          .where('v.email_hash', 'is not', null)
          .where('v.bot', '=', 0);
        if (tier) q = q.where('a.tier', '=', tier);
        if (owner) q = q.where(sql`lower(a.owner)`, '=', owner.toLowerCase());
        const rows = await q.groupBy(['v.account_id', 'v.role_level']).execute();
        return rows.map((r) => ({ accountId: r.account_id!, roleLevel: r.role_level, contacts: Number(r.contacts) }));
      }),

    changeStages: (changes) =>
      guard(() =>
        db.transaction().execute(async (trx) => {
          let applied = 0;
          for (const c of changes) {
            const r = await trx
              .updateTable('accounts')
              .set({ stage: c.to, stage_changed_at: c.at })
              .where('id', '=', c.accountId)
              .where('stage', '=', c.from)
              .executeTakeFirst();
            if (Number(r.numUpdatedRows) === 0) continue;
            await trx.insertInto('stage_changes').values({ account_id: c.accountId, from_stage: c.from, to_stage: c.to, at: c.at, source: c.source, reason: c.reason }).execute();
            applied++;
          }
          return applied;
        }),
      ),

    stageChanges: ({ accountId, since, limit }) =>
      guard(async () => {
        let q = db.selectFrom('stage_changes').selectAll();
        if (accountId) q = q.where('account_id', '=', accountId);
        if (since !== undefined) q = q.where('at', '>=', since);
        // Steps made at one time (unaware → aware → engaged) come newest first by their place in the funnel.
        const rank = sql`CASE to_stage WHEN 'customer' THEN 5 WHEN 'opportunity' THEN 4 WHEN 'mqa' THEN 3 WHEN 'engaged' THEN 2 WHEN 'aware' THEN 1 ELSE 0 END`;
        const rows = await q.orderBy('at', 'desc').orderBy(rank, 'desc').limit(limit).execute();
        return rows.map((r) => ({ accountId: r.account_id, from: r.from_stage, to: r.to_stage, at: Number(r.at), source: r.source as StageChange['source'], reason: r.reason }));
      }),

    channelBreakdown: (query) => guard(() => channelBreakdown(db, query)),

    accountDays: ({ from, to, accountId }) =>
      guard(async () => {
        let q = db.selectFrom('account_days').selectAll().where('day', '>=', from).where('day', '<=', to);
        if (accountId) q = q.where('account_id', '=', accountId);
        return (await q.orderBy('day').orderBy('account_id').orderBy('site_id').execute()).map(toAccountDay);
      }),

    pageTitles: (keys) => guard(() => pageTitles(db, keys)),

    newestEvents: ({ limit, siteId, receivedSince, excludeTypes }) =>
      guard(async () => {
        let q = db
          .selectFrom('events')
          .leftJoin('accounts', 'accounts.id', 'events.account_id')
          .leftJoin('sessions', (j) => j.onRef('sessions.site_id', '=', 'events.site_id').onRef('sessions.id', '=', 'events.session'))
          .selectAll('events')
          .select(['accounts.name as account_name', 'accounts.domain as account_domain', 'accounts.name_key as account_name_key', 'sessions.channel as session_channel']);
        if (siteId) q = q.where('events.site_id', '=', siteId);
        if (receivedSince !== undefined) q = q.where('events.received_at', '>=', receivedSince);
        if (excludeTypes?.length) q = q.where('events.type', 'not in', excludeTypes);
        const rows = await q.orderBy('events.received_at', 'desc').orderBy('events.id', 'desc').limit(limit).execute();
        return rows.map(toStoredEvent);
      }),
  };
}

/** The visitor ids an erasure covers: the visitor, or every visitor whose events or visitor row carry the e-mail hash. */
async function visitorsOf(db: Kysely<Database>, subject: ErasureSubject): Promise<string[]> {
  // Email hashes are 64 hex digits (checked at the edge), so this pattern is exact.
  const carrying =
    'emailHash' in subject
      ? db.selectFrom('events').where('props', 'like', `%"email_hash":"${subject.emailHash}"%`)
      : db.selectFrom('events').where('visitor', '=', subject.visitor);
  const found = (await carrying.select('visitor').distinct().execute()).map((r) => r.visitor);
  // Retention may have removed the events; the visitor row still remembers the hash.
  if ('emailHash' in subject) {
    const known = await db.selectFrom('visitors').select('id').where('email_hash', '=', subject.emailHash).execute();
    found.push(...known.map((r) => r.id));
  }
  return [...new Set(found.filter((v): v is string => v !== null))];
}
