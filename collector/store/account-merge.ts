import type { Kysely } from 'kysely';
import type { AccountDayKeysTable, AccountDaysTable, Database } from './types.js';
import type { Writer, WriteTx } from './write-tx.js';
import { domainLabelKey, MIN_LABEL_KEY } from './accounts.js';
import { forgetVisitors, noteVisitors, syncAccountTotals } from './account-totals.js';
import { syncChannelRollups, type SessionKey } from './channel-rollups.js';
import { stageRank } from '../accounts/stages.js';

/** What one merge moved. */
export interface AccountMerge {
  from: { id: string; name: string };
  into: { id: string; name: string };
  events: number;
  sessions: number;
  /** Account-days (per site) moved. */
  days: number;
}

/** How much one transaction moves (smaller in tests, to see pages meet). */
export interface MergeOptions {
  /** Account-days: as many as count about this many visitors and sessions (their keys), at most 500. */
  keysPerPage?: number;
  /** Sessions, visitors, and events of no counted day. */
  rowsPerPage?: number;
}

const DEFAULTS: Required<MergeOptions> = { keysPerPage: 2000, rowsPerPage: 1000 };

const DAY_COLUMNS = [
  'account_id', 'site_id', 'day', 'events', 'page_views', 'downloads', 'forms', 'engaged_ms', 'visitors', 'sessions', 'first_ts', 'last_ts',
  'points_c_level', 'points_vp', 'points_director', 'points_manager', 'points_other',
] as const satisfies readonly (keyof AccountDaysTable)[];
const SUMMED = ['events', 'page_views', 'downloads', 'forms', 'engaged_ms', 'visitors', 'sessions', 'points_c_level', 'points_vp', 'points_director', 'points_manager', 'points_other'] as const;
const DAY_MERGE = [
  ...SUMMED.map((c) => `${c} = account_days.${c} + excluded.${c}`),
  'first_ts = CASE WHEN excluded.first_ts < account_days.first_ts THEN excluded.first_ts ELSE account_days.first_ts END',
  'last_ts = CASE WHEN excluded.last_ts > account_days.last_ts THEN excluded.last_ts ELSE account_days.last_ts END',
].join(', ');
const KEY_COLUMNS = ['account_id', 'site_id', 'day', 'member'] as const satisfies readonly (keyof AccountDayKeysTable)[];

const DAY_MS = 86_400_000;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const marks = (n: number, each = '?') => Array.from({ length: n }, () => each).join(', ');

/**
 * Two accounts that turned out to be one company become one: every row of `from` (its events,
 * sessions, visitors, rollups, running totals, channel counts, stage history and alerts) moves to
 * `into`, and `from` is deleted. The rollups end as if the events had credited `into` all along:
 * an account-day's counts add up, and a visitor or session both accounts saw that day counts once.
 * A page of days per transaction (with their events, so what the rollups count and the events
 * say never part), then sessions and visitors; the account row goes in the transaction that
 * finds nothing left. A target account is never merged away (only into).
 */
export async function mergeAccounts(
  _db: Kysely<Database>,
  writer: Writer,
  { from, into }: { from: string; into: string },
  options: MergeOptions = {},
): Promise<AccountMerge> {
  const pages = { ...DEFAULTS, ...options };
  if (from === into) throw new Error('mergeAccounts: an account cannot be merged into itself');
  const names = await writer(async (tx) => {
    const a = await tx.first<{ name: string; target: number }>('SELECT name, target FROM accounts WHERE id = ?', [from]);
    const b = await tx.first<{ name: string }>('SELECT name FROM accounts WHERE id = ?', [into]);
    if (!b) throw new Error(`mergeAccounts: no account ${into}`);
    if (a && Number(a.target) === 1) throw new Error('mergeAccounts: a target account is never merged away');
    return { from: a?.name ?? '', into: b.name };
  });
  const report: AccountMerge = { from: { id: from, name: names.from }, into: { id: into, name: names.into }, events: 0, sessions: 0, days: 0 };
  await drain(writer, from, into, report, pages);
  // A batch of another process that took `from` from its memory just before it went may commit after: once more.
  await drain(writer, from, into, report, pages);
  return report;
}

async function drain(writer: Writer, from: string, into: string, report: AccountMerge, pages: Required<MergeOptions>): Promise<void> {
  for (;;) {
    const finished = await writer(async (tx) => {
      const days = await moveDays(tx, from, into, pages.keysPerPage);
      const sessions = await moveRows(tx, 'sessions', from, into, pages.rowsPerPage);
      // Events of no counted day (bots', or days whose rollups were never kept) once the days are gone.
      const events = days.days ? 0 : await moveRows(tx, 'events', from, into, pages.rowsPerPage);
      const visitors = await moveRows(tx, 'visitors', from, into, pages.rowsPerPage);
      report.days += days.days;
      report.events += days.events + events;
      report.sessions += sessions;
      if (days.days || sessions || events || visitors) return false;
      await finish(tx, from, into);
      return true;
    });
    if (finished) return;
  }
}

/** A page of `from`'s account-days, with their events and keys, onto `into`'s; the running totals of both follow. */
async function moveDays(tx: WriteTx, from: string, into: string, keysPerPage: number): Promise<{ days: number; events: number }> {
  const rows = await tx.all<Record<string, unknown>>(`SELECT ${DAY_COLUMNS.join(', ')} FROM account_days WHERE account_id = ? ORDER BY site_id, day LIMIT 500`, [from]);
  const page: AccountDaysTable[] = [];
  let keys = 0;
  for (const r of rows) {
    const day = Object.fromEntries(DAY_COLUMNS.map((c) => [c, c === 'account_id' || c === 'site_id' || c === 'day' ? String(r[c]) : Number(r[c])])) as unknown as AccountDaysTable;
    page.push(day);
    keys += day.visitors + day.sessions;
    if (keys >= keysPerPage) break;
  }
  if (!page.length) return { days: 0, events: 0 };
  let events = 0;
  for (const d of page) {
    const start = Date.parse(`${d.day}T00:00:00Z`);
    events += await tx.run('UPDATE events SET account_id = ? WHERE account_id = ? AND site_id = ? AND ts >= ? AND ts < ?', [into, from, d.site_id, start, start + DAY_MS]);
  }
  const theirs: AccountDayKeysTable[] = [];
  for (let i = 0; i < page.length; i += 200) {
    const part = page.slice(i, i + 200);
    theirs.push(
      ...(await tx.all<AccountDayKeysTable>(
        `SELECT account_id, site_id, day, member FROM account_day_keys WHERE account_id = ? AND (site_id, day) IN (VALUES ${marks(part.length, '(?, ?)')})`,
        [from, ...part.flatMap((d) => [d.site_id, d.day])],
      )),
    );
  }
  const moved = theirs.map((k) => ({ ...k, account_id: into })).sort((a, b) => compare(a.site_id + a.day + a.member, b.site_id + b.day + b.member));
  const fresh = await tx.insertNew('account_day_keys', KEY_COLUMNS, KEY_COLUMNS, moved);
  // A visitor or session `into` already counted that day is not counted again.
  const seen = new Map<string, { visitors: number; sessions: number }>();
  moved.forEach((k, i) => {
    if (fresh[i]) return;
    const s = seen.get(`${k.site_id}\u0000${k.day}`) ?? { visitors: 0, sessions: 0 };
    if (k.member.startsWith('v:')) s.visitors += 1;
    else s.sessions += 1;
    seen.set(`${k.site_id}\u0000${k.day}`, s);
  });
  const onto = page.map((d) => {
    const s = seen.get(`${d.site_id}\u0000${d.day}`);
    return { ...d, account_id: into, visitors: Math.max(0, d.visitors - (s?.visitors ?? 0)), sessions: Math.max(0, d.sessions - (s?.sessions ?? 0)) };
  });
  await tx.upsert('account_days', DAY_COLUMNS, ['account_id', 'site_id', 'day'], DAY_MERGE, onto);
  for (let i = 0; i < page.length; i += 200) {
    const part = page.slice(i, i + 200);
    const where = `account_id = ? AND (site_id, day) IN (VALUES ${marks(part.length, '(?, ?)')})`;
    const params = [from, ...part.flatMap((d) => [d.site_id, d.day])];
    await tx.run(`DELETE FROM account_day_keys WHERE ${where}`, params);
    await tx.run(`DELETE FROM account_days WHERE ${where}`, params);
  }
  const earlier = await noteVisitors(tx, moved.filter((_, i) => fresh[i]));
  const forgotten = await forgetVisitors(tx, theirs);
  await syncAccountTotals(tx, [...page.map((d) => ({ account_id: from, day: d.day })), ...onto, ...earlier, ...forgotten]);
  return { days: page.length, events };
}

/** A page of `from`'s sessions, events or visitors; for sessions, the channel rollups count them for `into` then (syncChannelRollups). */
async function moveRows(tx: WriteTx, table: 'sessions' | 'events' | 'visitors', from: string, into: string, limit: number): Promise<number> {
  const rows = await tx.all<{ site_id: string; id: string }>(`SELECT site_id, id FROM ${table} WHERE account_id = ? ORDER BY site_id, id LIMIT ?`, [from, limit]);
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    await tx.run(`UPDATE ${table} SET account_id = ? WHERE (site_id, id) IN (VALUES ${marks(part.length, '(?, ?)')})`, [into, ...part.flatMap((r) => [r.site_id, r.id])]);
  }
  if (table === 'sessions') await syncChannelRollups(tx, rows.map((r): SessionKey => ({ siteId: r.site_id, id: r.id })));
  return rows.length;
}

interface AccountRow {
  name: string;
  domain: string | null;
  aliases: string;
  stage: string;
  stage_changed_at: number | null;
  first_seen: number | null;
  last_seen: number | null;
}

/** The small tables (stage history, alerts, reverse-DNS evidence, network decisions), then the account row: `into` keeps the widest span, the furthest stage, and `from`'s name and domain among its own. */
async function finish(tx: WriteTx, from: string, into: string): Promise<void> {
  for (const table of ['stage_changes', 'alert_triggers', 'alert_outbox', 'reverse_dns']) await tx.run(`UPDATE ${table} SET account_id = ? WHERE account_id = ?`, [into, from]);
  // A person's word on a network: `into`'s own stands where both have one.
  await tx.run(
    'INSERT INTO network_decisions (account_id, asn, organization, decision, decided_by, decided_at) ' +
      'SELECT CAST(? AS TEXT), asn, organization, decision, decided_by, decided_at FROM network_decisions WHERE account_id = ? ON CONFLICT (account_id, asn) DO NOTHING',
    [into, from],
  );
  await tx.run('DELETE FROM network_decisions WHERE account_id = ?', [from]);
  await tx.run(
    'INSERT INTO alert_throttle (account_id, rule, last_at) SELECT CAST(? AS TEXT), rule, last_at FROM alert_throttle WHERE account_id = ? ' +
      'ON CONFLICT (account_id, rule) DO UPDATE SET last_at = CASE WHEN excluded.last_at > alert_throttle.last_at THEN excluded.last_at ELSE alert_throttle.last_at END',
    [into, from],
  );
  await tx.run('DELETE FROM alert_throttle WHERE account_id = ?', [from]);
  // Moved with their keys already; whatever is left (an erasure's) has no day to count on.
  await tx.run('DELETE FROM account_visitors WHERE account_id = ?', [from]);
  await tx.run('DELETE FROM account_totals WHERE account_id = ?', [from]);
  const columns = 'name, domain, aliases, stage, stage_changed_at, first_seen, last_seen';
  const a = await tx.first<AccountRow>(`SELECT ${columns} FROM accounts WHERE id = ?`, [from]);
  const b = await tx.first<AccountRow>(`SELECT ${columns} FROM accounts WHERE id = ?`, [into]);
  if (!a || !b) return;
  await tx.run('DELETE FROM accounts WHERE id = ?', [from]);
  const aliases: string[] = JSON.parse(b.aliases);
  const known = new Set([b.name, b.domain, ...aliases].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
  for (const other of [a.name, b.domain ? a.domain : null, ...(JSON.parse(a.aliases) as string[])]) {
    if (other && !known.has(other.toLowerCase())) {
      aliases.push(other);
      known.add(other.toLowerCase());
    }
  }
  const further = stageRank(a.stage) > stageRank(b.stage);
  const num = (v: number | null) => (v === null ? null : Number(v));
  const min = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.min(x, y));
  const max = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  await tx.run('UPDATE accounts SET domain = ?, aliases = ?, stage = ?, stage_changed_at = ?, first_seen = ?, last_seen = ? WHERE id = ?', [
    b.domain ?? a.domain,
    JSON.stringify(aliases),
    further ? a.stage : b.stage,
    further ? num(a.stage_changed_at) : num(b.stage_changed_at),
    min(num(a.first_seen), num(b.first_seen)),
    max(num(a.last_seen), num(b.last_seen)),
    into,
  ]);
}

interface Candidate {
  id: string;
  name: string;
  name_key: string;
  domain: string | null;
}

/**
 * Accounts made before one company had one account: each non-target account without a domain
 * goes into the account its name is, by the rules arrival now follows (namedAccount in
 * accounts.ts): a non-target account with a domain and that name key (a name that is only the
 * domain does not count), oldest first; else the one whose domain's label reads as it; else the
 * oldest non-target account without a domain of the same name key. Targets are matched by
 * enrichment, never by name here.
 */
export async function mergeDuplicateAccounts(db: Kysely<Database>, writer: Writer, options: MergeOptions = {}): Promise<AccountMerge[]> {
  const named = new Map<string, Candidate>();
  const labelled = new Map<string, Candidate | null>();
  const domainless: Candidate[] = [];
  let after: { created: number; id: string } | undefined;
  for (;;) {
    let q = db.selectFrom('accounts').select(['id', 'name', 'name_key', 'domain', 'created_at']).where('target', '=', 0);
    if (after) {
      const { created, id } = after;
      q = q.where((w) => w.or([w('created_at', '>', created), w.and([w('created_at', '=', created), w('id', '>', id)])]));
    }
    const rows = await q.orderBy('created_at').orderBy('id').limit(5000).execute();
    if (!rows.length) break;
    after = { created: Number(rows[rows.length - 1]!.created_at), id: rows[rows.length - 1]!.id };
    for (const r of rows) {
      const c: Candidate = { id: r.id, name: r.name, name_key: r.name_key, domain: r.domain };
      if (!c.domain) {
        domainless.push(c);
        continue;
      }
      if (c.name !== c.domain && c.name_key && !named.has(c.name_key)) named.set(c.name_key, c);
      const label = domainLabelKey(c.domain);
      // Two domains reading as one name: no telling which it is.
      if (label) labelled.set(label, labelled.has(label) ? null : c);
    }
  }
  const firstNamed = new Map<string, Candidate>();
  const merges: { from: Candidate; into: Candidate }[] = [];
  for (const c of domainless) {
    if (!c.name_key) continue;
    const into = named.get(c.name_key) ?? (c.name_key.length >= MIN_LABEL_KEY ? labelled.get(c.name_key) : undefined) ?? firstNamed.get(c.name_key);
    if (into) merges.push({ from: c, into });
    else firstNamed.set(c.name_key, c);
  }
  const out: AccountMerge[] = [];
  for (const m of merges) out.push(await mergeAccounts(db, writer, { from: m.from.id, into: m.into.id }, options));
  return out;
}
