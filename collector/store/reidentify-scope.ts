import type { Kysely } from 'kysely';
import type { Database } from './types.js';
import type { Writer } from './write-tx.js';
import { resolveAccountIds, touchAccounts } from './accounts.js';
import { addToRollups, removeFromRollups } from './rollups.js';
import { syncChannelRollups, type SessionKey } from './channel-rollups.js';
import { toStoredEvent } from './rows.js';
import { eventsWithAccounts, rewriteIdentity, sameIdentity, type Reidentify } from './reidentify.js';
import type { StoredEvent } from '../schema/domain.js';

/**
 * Which stored events to identify again: those of one network (an IPv4 /24 or IPv6 /48 as stored,
 * '203.0.113.0/24'), or named after one organization (a network confirmed or rejected for a
 * target), since a moment. At least one of network and organization.
 */
export interface ReidentifyScope {
  network?: string;
  organization?: string;
  since?: number;
}

export interface ScopedReport {
  events: number;
  changed: number;
  /** Accounts that gained or lost events. */
  accounts: string[];
}

const PAGE = 1000;

/** '203.0.113.0/24' → '203.0.113.0', '2001:db8:1::/48' → '2001:db8:1::': how the address is stored (IP_STORAGE=truncate). */
const storedBase = (network: string) => network.replace(/\/\d+$/, '');

/**
 * Identification run again over a few events (a network just credited, confirmed or rejected),
 * without rebuilding every rollup as a full backfill does: each changed event is rewritten, then
 * taken off its old account's days and added to its new account's, in the same transaction, as
 * identity stitching does. A visitor's business e-mail still wins: events credited by an e-mail
 * (their own or their visitor's) are left alone.
 */
export async function reidentifyScope(db: Kysely<Database>, writer: Writer, identify: Reidentify, scope: ReidentifyScope): Promise<ScopedReport> {
  if (!scope.network && !scope.organization) throw new Error('reidentifyScope: a network or an organization is needed');
  const accounts = new Set<string>();
  let seen = 0;
  let changed = 0;
  const known = new Map<string, string>();
  let after: { site: string; id: string } | undefined;
  for (;;) {
    let q = eventsWithAccounts(db).where((w) => w.or([w('events.account_via', 'is', null), w('events.account_via', '=', 'network')]));
    if (scope.network) q = q.where('events.ip', '=', storedBase(scope.network));
    if (scope.organization) q = q.where('events.organization', '=', scope.organization);
    if (scope.since !== undefined) q = q.where('events.ts', '>=', scope.since);
    if (after) {
      const { site, id } = after;
      q = q.where((w) => w.or([w('events.site_id', '>', site), w.and([w('events.site_id', '=', site), w('events.id', '>', id)])]));
    }
    const rows = (await q.orderBy('events.site_id').orderBy('events.id').limit(PAGE).execute()).map(toStoredEvent);
    if (!rows.length) break;
    seen += rows.length;
    after = { site: rows[rows.length - 1]!.siteId, id: rows[rows.length - 1]!.id };
    changed += await writer(async (tx) => {
      const fresh = rows.map((e) => ({ ...e, ...identify(e) }));
      const { events: resolved, learned } = await resolveAccountIds(tx, fresh, known, Date.now());
      const before: StoredEvent[] = [];
      const now: StoredEvent[] = [];
      for (let i = 0; i < rows.length; i++) {
        const a = rows[i]!;
        const b = resolved[i]!;
        if (sameIdentity(a, b)) continue;
        before.push(a);
        now.push(b);
        await rewriteIdentity(tx, b);
      }
      for (const e of [...before, ...now]) if (e.account?.id) accounts.add(e.account.id);
      // The events table says the new account already, so what stays on the old days is counted right.
      await removeFromRollups(tx, before);
      await addToRollups(tx, now);
      await touchAccounts(tx, now);
      // A session credits the newest account its events credit (as sessions.ts keeps it on arrival),
      // and takes the network class of its first event when that one changed here.
      const sessions = new Map<string, SessionKey & { firstTs: number; firstClass: string | null }>();
      for (const e of now) {
        if (!e.session) continue;
        const k = `${e.siteId}\u0000${e.session}`;
        const known = sessions.get(k);
        if (!known || e.ts < known.firstTs) sessions.set(k, { siteId: e.siteId, id: e.session, firstTs: e.ts, firstClass: e.network?.class ?? null });
      }
      const keys = [...sessions.values()].sort((x, y) => (x.siteId + x.id < y.siteId + y.id ? -1 : 1));
      for (const s of keys) {
        const newest = await tx.first<{ account_id: string | null }>('SELECT account_id FROM events WHERE site_id = ? AND session = ? AND account_id IS NOT NULL ORDER BY ts DESC, id DESC LIMIT 1', [s.siteId, s.id]);
        await tx.run('UPDATE sessions SET account_id = ?, network_class = CASE WHEN started_at = ? THEN ? ELSE network_class END WHERE site_id = ? AND id = ?', [
          newest?.account_id ?? null,
          s.firstTs,
          s.firstClass,
          s.siteId,
          s.id,
        ]);
      }
      await syncChannelRollups(tx, keys);
      for (const [k, v] of learned) known.set(k, v);
      return now.length;
    });
  }
  return { events: seen, changed, accounts: [...accounts] };
}
