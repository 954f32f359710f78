import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, EventsTable, SitesTable } from './types.js';
import { eventKey, groupCommit } from './group-commit.js';
import { migrateToLatest } from './migrations.js';
import { assignSessions, toSession, upsertSessions, type Session } from './sessions.js';
import { toVisitor, upsertVisitors, type Visitor } from './visitors.js';
import type { Writer } from './write-tx.js';

export interface Site {
  id: string;
  key: string;
  name: string;
  /** Allowed page origins (`https://www.example.com`); empty means any origin. */
  origins: string[];
  /** Accept senders without an Origin header (servers, not browsers). */
  serverSide: boolean;
  createdAt: number;
}

export type NewSite = Omit<Site, 'createdAt' | 'serverSide'> & { createdAt?: number; serverSide?: boolean };

/** An event as kept: what the browser sent, plus what the collector learned on receipt. */
export interface StoredEvent {
  siteId: string;
  id: string;
  type: string;
  name: string | null;
  ts: number;
  receivedAt: number;
  visitor: string | null;
  /** The SDK's session (30 minutes of inactivity); null from senders that keep none. */
  session: string | null;
  url: string;
  title: string | null;
  referrer: string | null;
  props: Record<string, unknown> | null;
  /** Truncated (IPv4 /24, IPv6 /48): the raw address is never stored. */
  ip: string | null;
  userAgent: string | null;
  bot: boolean;
  /** The campaign a page view's URL carries, for its session's landing (not kept on the event). */
  campaign?: {
    source: string | null;
    medium: string | null;
    name: string | null;
    term: string | null;
    content: string | null;
    clickId: string | null;
    network: string | null;
  } | null;
}

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

export interface EventQuery {
  limit: number;
  siteId?: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<string[]>;
  /** Resolves when the database answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  createSite(site: NewSite): Promise<Site>;
  listSites(): Promise<Site[]>;
  siteByKey(key: string): Promise<Site | undefined>;
  /** Inserts new events; an event whose (site, id) is already stored counts as a duplicate. */
  insertEvents(events: StoredEvent[]): Promise<InsertResult>;
  /** Newest first, by receive time. */
  newestEvents(query: EventQuery): Promise<StoredEvent[]>;
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

  return {
    kind: hooks.kind,
    migrate: () => guard(() => migrateToLatest(db)),
    ping: () => guard(async () => void (await db.selectFrom('sites').select('id').limit(1).execute())),
    close: hooks.close,

    createSite: (site) =>
      guard(async () => {
        const row: SitesTable = {
          id: site.id,
          key: site.key,
          name: site.name,
          origins: JSON.stringify(site.origins),
          server_side: site.serverSide ? 1 : 0,
          created_at: site.createdAt ?? Date.now(),
        };
        await db.insertInto('sites').values(row).execute();
        return toSite(row);
      }),

    listSites: () =>
      guard(async () => (await db.selectFrom('sites').selectAll().orderBy('created_at').execute()).map(toSite)),

    siteByKey: (key) =>
      guard(async () => {
        const row = await db.selectFrom('sites').selectAll().where('key', '=', key).executeTakeFirst();
        return row && toSite(row);
      }),

    // Group commit: concurrent requests share one transaction (see group-commit.ts).
    insertEvents: groupCommit((events) =>
      guard(() =>
        // One transaction: the events, and the sessions and visitors they extend, or nothing.
        hooks.writer(async (tx) => {
          const withSessions = await assignSessions(tx, events);
          const stored = await tx.insertNew('events', EVENT_COLUMNS, ['site_id', 'id'], withSessions.map(toEventRow));
          const inserted = withSessions.filter((_, i) => stored[i]);
          await upsertSessions(tx, inserted);
          await upsertVisitors(tx, inserted);
          return new Set(inserted.map(eventKey));
        }),
      ),
    ),

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
      guard(() =>
        db.transaction().execute(async (trx) => {
          // Email hashes are 64 hex digits (checked at the edge), so this pattern is exact.
          const carrying = (q: typeof trx) =>
            'emailHash' in subject
              ? q.selectFrom('events').where('props', 'like', `%"email_hash":"${subject.emailHash}"%`)
              : q.selectFrom('events').where('visitor', '=', subject.visitor);
          const found = (await carrying(trx).select('visitor').distinct().execute()).map((r) => r.visitor);
          // Retention may have removed the events; the visitor row still remembers the hash.
          if ('emailHash' in subject) {
            const known = await trx.selectFrom('visitors').select('id').where('email_hash', '=', subject.emailHash).execute();
            found.push(...known.map((r) => r.id));
          }
          const visitors = [...new Set(found.filter((v): v is string => v !== null))];
          let events = 0;
          if ('emailHash' in subject) {
            const r = await trx.deleteFrom('events').where('props', 'like', `%"email_hash":"${subject.emailHash}"%`).executeTakeFirst();
            events += Number(r.numDeletedRows);
          }
          let sessions = 0;
          if (visitors.length) {
            const r = await trx.deleteFrom('events').where('visitor', 'in', visitors).executeTakeFirst();
            events += Number(r.numDeletedRows);
            const s = await trx.deleteFrom('sessions').where('visitor', 'in', visitors).executeTakeFirst();
            sessions = Number(s.numDeletedRows);
            await trx.deleteFrom('visitors').where('id', 'in', visitors).execute();
          }
          return { visitors: visitors.sort(), events, sessions };
        }),
      ),

    newestEvents: ({ limit, siteId }) =>
      guard(async () => {
        let q = db.selectFrom('events').selectAll();
        if (siteId) q = q.where('site_id', '=', siteId);
        const rows = await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
        return rows.map(toStoredEvent);
      }),
  };
}

function toSite(row: Selectable<SitesTable>): Site {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    origins: JSON.parse(row.origins),
    serverSide: Number(row.server_side) === 1,
    createdAt: Number(row.created_at),
  };
}

const EVENT_COLUMNS = [
  'site_id', 'id', 'type', 'name', 'ts', 'received_at', 'visitor', 'session', 'url', 'title', 'referrer', 'props', 'ip',
  'user_agent', 'bot',
] as const satisfies readonly (keyof EventsTable)[];

function toEventRow(e: StoredEvent): EventsTable {
  return {
    site_id: e.siteId,
    id: e.id,
    type: e.type,
    name: e.name,
    ts: e.ts,
    received_at: e.receivedAt,
    visitor: e.visitor,
    session: e.session,
    url: e.url,
    title: e.title,
    referrer: e.referrer,
    props: e.props === null ? null : JSON.stringify(e.props),
    ip: e.ip,
    user_agent: e.userAgent,
    bot: e.bot ? 1 : 0,
  };
}

function toStoredEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    siteId: row.site_id,
    id: row.id,
    type: row.type,
    name: row.name,
    ts: Number(row.ts),
    receivedAt: Number(row.received_at),
    visitor: row.visitor,
    session: row.session,
    url: row.url,
    title: row.title,
    referrer: row.referrer,
    props: row.props === null ? null : JSON.parse(row.props),
    ip: row.ip,
    userAgent: row.user_agent,
    bot: Number(row.bot) === 1,
  };
}
