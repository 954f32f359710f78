import type { Kysely } from 'kysely';
import type { Database } from './types.js';
import type { Writer } from './write-tx.js';

/** Where alerts go (the notify room's Destination, as stored). */
export interface AlertDestinationRow {
  id: string;
  kind: string;
  target: string;
  secret: string | null;
  owner: string | null;
  digest: boolean;
  createdAt: number;
}

export type OutboxStatus = 'pending' | 'sent' | 'dead' | 'digest' | 'digested';

/** One alert (or digest) for one destination, and where its delivery stands. */
export interface OutboxRow {
  id: string;
  key: string;
  destinationId: string;
  rule: string;
  accountId: string | null;
  /** The alert or digest as JSON (the notify room's Alert / Digest). */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export type NewOutboxRow = Pick<OutboxRow, 'id' | 'destinationId' | 'payload' | 'nextAttemptAt'> & { status: 'pending' | 'digest' };

/** One reason for an alert: a rule that fired, keyed by what it is about, so it is recorded once, ever. */
export interface TriggerReason {
  key: string;
  rule: string;
  at: number;
}

/** A trigger, its throttle, and the outbox rows it makes, written together or not at all. */
export interface TriggerRecord extends TriggerReason {
  accountId: string;
  /** At most one trigger per account and rule within this many ms (0: no throttle). */
  windowMs: number;
  outbox: NewOutboxRow[];
}

/**
 * One alert about one account for several reasons (a visit that was a first visit, read pricing
 * and sent a form), recorded like a trigger: every reason once, each rule throttled on its own.
 */
export interface AlertRecord {
  accountId: string;
  windowMs: number;
  /** Most important first: the first reason that passes leads (its key and rule name the outbox rows). */
  reasons: TriggerReason[];
  /**
   * The outbox rows for the reasons that passed (new and not throttled), built inside the
   * transaction; `earlier` are this alert's reasons that an earlier alert carried already.
   */
  outbox: (passed: TriggerReason[], earlier: TriggerReason[]) => NewOutboxRow[];
}

export type TriggerOutcome = 'queued' | 'duplicate' | 'throttled';

export interface AlertOutcome {
  /** queued: some reasons passed; duplicate: every reason was recorded before; throttled: the new ones were all held back. */
  outcome: TriggerOutcome;
  passed: TriggerReason[];
}

const toOutbox = (r: Record<string, unknown>): OutboxRow => ({
  id: String(r.id),
  key: String(r.key),
  destinationId: String(r.destination_id),
  rule: String(r.rule),
  accountId: (r.account_id as string | null) ?? null,
  payload: String(r.payload),
  status: r.status as OutboxStatus,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  lastError: (r.last_error as string | null) ?? null,
  createdAt: Number(r.created_at),
  sentAt: r.sent_at === null || r.sent_at === undefined ? null : Number(r.sent_at),
});

/**
 * Records an alert's reasons once each (keys are unique: a second process or a rescan finds them
 * and leaves them out), applies each rule's throttle (a conditional upsert, so two processes
 * cannot both pass it), and queues the outbox rows for what passed, all in one transaction.
 * Keys and rules are written in sorted order, so two processes never wait on each other in a cycle.
 */
export async function recordAlert(writer: Writer, a: AlertRecord): Promise<AlertOutcome> {
  return writer(async (tx) => {
    const reasons = [...new Map(a.reasons.map((r) => [r.key, r])).values()];
    const sorted = [...reasons].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    const stored = await tx.insertNew('alert_triggers', ['key', 'rule', 'account_id', 'at', 'outcome'], ['key'], sorted.map((r) => ({ key: r.key, rule: r.rule, account_id: a.accountId, at: r.at, outcome: 'queued' })));
    const fresh = new Set(sorted.filter((_, i) => stored[i]).map((r) => r.key));
    const old = reasons.filter((r) => !fresh.has(r.key));
    const sent = old.length
      ? new Set((await tx.all<{ key: string }>(`SELECT key FROM alert_triggers WHERE outcome = 'queued' AND key IN (${old.map(() => '?').join(', ')})`, old.map((r) => r.key))).map((r) => r.key))
      : new Set<string>();
    const earlier = old.filter((r) => sent.has(r.key));
    if (!fresh.size) return { outcome: 'duplicate', passed: [] };
    const held = new Set<string>();
    if (a.windowMs > 0) {
      for (const r of sorted.filter((x) => fresh.has(x.key)).sort((x, y) => (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0))) {
        const passed = await tx.run(
          'INSERT INTO alert_throttle (account_id, rule, last_at) VALUES (?, ?, ?) ON CONFLICT (account_id, rule) DO UPDATE SET last_at = excluded.last_at WHERE alert_throttle.last_at <= ?',
          [a.accountId, r.rule, r.at, r.at - a.windowMs],
        );
        if (passed) continue;
        held.add(r.key);
        await tx.run("UPDATE alert_triggers SET outcome = 'throttled' WHERE key = ?", [r.key]);
      }
    }
    const passed = reasons.filter((r) => fresh.has(r.key) && !held.has(r.key));
    if (!passed.length) return { outcome: 'throttled', passed };
    const lead = passed[0]!;
    for (const o of a.outbox(passed, earlier)) {
      await tx.insertNew(
        'alert_outbox',
        ['id', 'key', 'destination_id', 'rule', 'account_id', 'payload', 'status', 'attempts', 'next_attempt_at', 'created_at'],
        ['key', 'destination_id'],
        [{ id: o.id, key: lead.key, destination_id: o.destinationId, rule: lead.rule, account_id: a.accountId, payload: o.payload, status: o.status, attempts: 0, next_attempt_at: o.nextAttemptAt, created_at: lead.at }],
      );
    }
    return { outcome: 'queued', passed };
  });
}

/** One trigger, one reason: recordAlert with a single reason and ready-made outbox rows. */
export async function recordTrigger(writer: Writer, t: TriggerRecord): Promise<TriggerOutcome> {
  const { key, rule, at } = t;
  return (await recordAlert(writer, { accountId: t.accountId, windowMs: t.windowMs, reasons: [{ key, rule, at }], outbox: () => t.outbox })).outcome;
}

/**
 * Takes up to `limit` due rows for delivery: locked until `lockUntil`, so another process (or
 * this one after a crash, once the lock runs out) does not take them meanwhile. PostgreSQL skips
 * rows another process is claiming; SQLite has one writer at a time.
 */
export async function claimDue(writer: Writer, kind: 'sqlite' | 'postgres', q: { now: number; lockUntil: number; limit: number }): Promise<OutboxRow[]> {
  return writer(async (tx) => {
    const pick =
      "SELECT id FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?) ORDER BY next_attempt_at, created_at, id LIMIT ?" +
      (kind === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '');
    const ids = (await tx.all<{ id: string }>(pick, [q.now, q.now, q.limit])).map((r) => r.id);
    if (!ids.length) return [];
    const marks = ids.map(() => '?').join(', ');
    await tx.run(`UPDATE alert_outbox SET locked_until = ? WHERE id IN (${marks})`, [q.lockUntil, ...ids]);
    return (await tx.all<Record<string, unknown>>(`SELECT * FROM alert_outbox WHERE id IN (${marks}) ORDER BY next_attempt_at, created_at, id`, ids)).map(toOutbox);
  });
}

/** After an attempt: sent, or failed (again later, or dead after the last attempt). */
export async function settleDelivery(writer: Writer, id: string, outcome: { sentAt: number } | { error: string; nextAttemptAt: number | null }): Promise<void> {
  await writer(async (tx) => {
    if ('sentAt' in outcome) {
      await tx.run("UPDATE alert_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, locked_until = NULL, last_error = NULL WHERE id = ?", [outcome.sentAt, id]);
    } else if (outcome.nextAttemptAt === null) {
      await tx.run("UPDATE alert_outbox SET status = 'dead', attempts = attempts + 1, locked_until = NULL, last_error = ? WHERE id = ?", [outcome.error.slice(0, 500), id]);
    } else {
      await tx.run('UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_at = ?, locked_until = NULL, last_error = ? WHERE id = ?', [outcome.nextAttemptAt, outcome.error.slice(0, 500), id]);
    }
  });
}

/** A dead alert back in the queue for another round of attempts; says whether it was dead. */
export async function retryDead(writer: Writer, id: string, now: number): Promise<boolean> {
  return writer(async (tx) => (await tx.run("UPDATE alert_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, locked_until = NULL WHERE id = ? AND status = 'dead'", [now, id])) > 0);
}

/**
 * Folds a destination's digest rows waiting since before `upTo` into one digest row (payload made by `build` from
 * theirs), keyed by `key` so that a second process or a rerun makes no second digest.
 */
export async function takeDigest(writer: Writer, q: { destinationId: string; key: string; id: string; now: number; upTo: number; build: (payloads: string[]) => string }): Promise<number> {
  return writer(async (tx) => {
    const rows = await tx.all<{ id: string; payload: string }>(
      "SELECT id, payload FROM alert_outbox WHERE destination_id = ? AND status = 'digest' AND created_at <= ? ORDER BY created_at, id",
      [q.destinationId, q.upTo],
    );
    if (!rows.length) return 0;
    const [fresh] = await tx.insertNew(
      'alert_outbox',
      ['id', 'key', 'destination_id', 'rule', 'account_id', 'payload', 'status', 'attempts', 'next_attempt_at', 'created_at'],
      ['key', 'destination_id'],
      [{ id: q.id, key: q.key, destination_id: q.destinationId, rule: 'digest', account_id: null, payload: q.build(rows.map((r) => r.payload)), status: 'pending', attempts: 0, next_attempt_at: q.now, created_at: q.now }],
    );
    if (!fresh) return 0;
    await tx.run(`UPDATE alert_outbox SET status = 'digested', sent_at = ? WHERE id IN (${rows.map(() => '?').join(', ')})`, [q.now, ...rows.map((r) => r.id)]);
    return rows.length;
  });
}

export async function listOutbox(db: Kysely<Database>, q: { status?: OutboxStatus | undefined; limit: number }): Promise<OutboxRow[]> {
  let query = db.selectFrom('alert_outbox').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit);
  if (q.status) query = query.where('status', '=', q.status);
  return (await query.execute()).map((r) => toOutbox(r as unknown as Record<string, unknown>));
}

export async function listDestinations(db: Kysely<Database>): Promise<AlertDestinationRow[]> {
  return (await db.selectFrom('alert_destinations').selectAll().orderBy('created_at').orderBy('id').execute()).map((r) => ({
    id: r.id, kind: r.kind, target: r.target, secret: r.secret, owner: r.owner, digest: Number(r.digest) === 1, createdAt: Number(r.created_at),
  }));
}

export async function addDestination(db: Kysely<Database>, d: AlertDestinationRow): Promise<void> {
  await db
    .insertInto('alert_destinations')
    .values({ id: d.id, kind: d.kind, target: d.target, secret: d.secret, owner: d.owner?.toLowerCase() ?? null, digest: d.digest ? 1 : 0, created_at: d.createdAt })
    .execute();
}

export async function removeDestination(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db.deleteFrom('alert_destinations').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function getSetting(db: Kysely<Database>, name: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst())?.value;
}

export async function putSetting(db: Kysely<Database>, name: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ name, value }).onConflict((oc) => oc.column('name').doUpdateSet({ value })).execute();
}
