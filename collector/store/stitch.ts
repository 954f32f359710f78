
import type { WriteTx } from './write-tx.js';
import { addToRollups, removeFromRollups } from './rollups.js';
import { syncChannelRollups, type SessionKey } from './channel-rollups.js';
import type { StoredEvent } from '../schema/domain.js';

const visitorKey = (e: Pick<StoredEvent, 'siteId' | 'visitor'>) => `${e.siteId}\u0000${e.visitor}`;

/**
 * What a visitor told us applies to all they do. Email wins over network: an event whose visitor
 * gave a business e-mail (in this batch, or earlier) credits that e-mail's account, whatever its
 * network says; events carrying the e-mail themselves keep their own account. And a visitor's
 * seniority (from the newest job title they gave) goes with every event that gives none.
 * Needs account ids resolved (resolveAccountIds) first.
 */
export async function applyVisitorIdentity(tx: WriteTx, events: StoredEvent[]): Promise<StoredEvent[]> {
  const account = new Map<string, { id: string; ts: number }>();
  const level = new Map<string, { level: string; ts: number }>();
  for (const e of events) {
    if (!e.visitor) continue;
    const k = visitorKey(e);
    const newest = (m: Map<string, { ts: number }>) => (m.get(k)?.ts ?? -Infinity) <= e.ts;
    if (e.account?.via === 'email' && e.account.id && newest(account)) account.set(k, { id: e.account.id, ts: e.ts });
    if (e.roleLevel && newest(level)) level.set(k, { level: e.roleLevel, ts: e.ts });
  }
  const ask = new Map<string, { siteId: string; visitor: string }>();
  for (const e of events) {
    const k = e.visitor ? visitorKey(e) : null;
    if (k && !(account.has(k) && level.has(k))) ask.set(k, { siteId: e.siteId, visitor: e.visitor! });
  }
  for (const [siteId, visitors] of groupBySite([...ask.values()])) {
    for (let i = 0; i < visitors.length; i += 200) {
      const part = visitors.slice(i, i + 200);
      const rows = await tx.all<{ id: string; account_id: string | null; role_level: string | null }>(
        `SELECT id, account_id, role_level FROM visitors WHERE site_id = ? AND (account_id IS NOT NULL OR role_level IS NOT NULL) AND id IN (${part.map(() => '?').join(', ')})`,
        [siteId, ...part],
      );
      for (const r of rows) {
        const k = `${siteId}\u0000${r.id}`;
        if (r.account_id && !account.has(k)) account.set(k, { id: r.account_id, ts: -Infinity });
        if (r.role_level && !level.has(k)) level.set(k, { level: r.role_level, ts: -Infinity });
      }
    }
  }
  return events.map((e) => {
    if (!e.visitor) return e;
    const k = visitorKey(e);
    let out = e;
    const id = account.get(k)?.id;
    if (id && e.account?.via !== 'email' && id !== e.account?.id) out = { ...out, account: { id, name: '', domain: null, nameKey: '', via: 'visitor' } };
    const known = level.get(k)?.level;
    if (known && !e.roleLevel) out = { ...out, roleLevel: known };
    return out;
  });
}

function groupBySite(list: { siteId: string; visitor: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { siteId, visitor } of list) out.set(siteId, [...(out.get(siteId) ?? []), visitor]);
  return out;
}

type Recredited = Pick<StoredEvent, 'siteId' | 'id' | 'type' | 'ts' | 'visitor' | 'session' | 'props' | 'bot' | 'points' | 'roleLevel'> & { accountId: string | null };

/**
 * Identity stitching, settled after a batch is stored and counted: a visitor who gave a business
 * e-mail belongs to the account of the newest e-mail they gave (whatever order the events came
 * in); every other event of theirs, earlier or in this batch, on any network or none, is
 * re-credited to it, and the rollups follow: what those events added to their old accounts' days
 * is taken away and added to the new one's. Events carrying an e-mail keep their own account.
 */
export async function settleVisitorAccounts(tx: WriteTx, stored: StoredEvent[]): Promise<number> {
  const visitors = new Map<string, { siteId: string; visitor: string }>();
  for (const e of stored) if (e.visitor && e.account?.via === 'email' && e.account.id) visitors.set(visitorKey(e), { siteId: e.siteId, visitor: e.visitor });
  let moved = 0;
  const resessioned: SessionKey[] = [];
  for (const [, v] of [...visitors.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const newest = await tx.first<{ account_id: string }>(
      "SELECT account_id FROM events WHERE site_id = ? AND visitor = ? AND account_via = 'email' AND account_id IS NOT NULL ORDER BY ts DESC, id DESC LIMIT 1",
      [v.siteId, v.visitor],
    );
    if (!newest) continue;
    const to = newest.account_id;
    await tx.run('UPDATE visitors SET account_id = ? WHERE site_id = ? AND id = ?', [to, v.siteId, v.visitor]);
    const sessions = await tx.all<{ id: string }>('UPDATE sessions SET account_id = ? WHERE site_id = ? AND visitor = ? RETURNING id', [to, v.siteId, v.visitor]);
    resessioned.push(...sessions.map((s) => ({ siteId: v.siteId, id: s.id })));
    const rows = await tx.all<{ id: string; type: string; ts: number; session: string | null; props: string | null; bot: number; account_id: string | null; points: number | null; role_level: string | null }>(
      "SELECT id, type, ts, session, props, bot, account_id, points, role_level FROM events WHERE site_id = ? AND visitor = ? AND (account_id IS NULL OR account_id <> ?) AND (account_via IS NULL OR account_via <> 'email')",
      [v.siteId, v.visitor, to],
    );
    if (!rows.length) continue;
    const before: Recredited[] = rows.map((r) => ({
      siteId: v.siteId,
      id: r.id,
      type: r.type,
      ts: Number(r.ts),
      visitor: v.visitor,
      session: r.session,
      props: r.props === null ? null : JSON.parse(r.props),
      bot: Number(r.bot) === 1,
      points: r.points === null ? 0 : Number(r.points),
      roleLevel: r.role_level,
      accountId: r.account_id,
    }));
    await tx.run(
      "UPDATE events SET account_id = ?, account_via = 'visitor' WHERE site_id = ? AND visitor = ? AND (account_id IS NULL OR account_id <> ?) AND (account_via IS NULL OR account_via <> 'email')",
      [to, v.siteId, v.visitor, to],
    );
    // The moved events no longer credit their old accounts (updated above), so what is left there is counted right.
    await removeFromRollups(tx, before.map((b) => asEvent(b, b.accountId)));
    await addToRollups(tx, before.map((b) => asEvent(b, to)));
    moved += rows.length;
  }
  await syncChannelRollups(tx, resessioned);
  return moved;
}

const asEvent = (b: Recredited, accountId: string | null): StoredEvent => ({
  siteId: b.siteId,
  id: b.id,
  type: b.type,
  name: null,
  ts: b.ts,
  receivedAt: b.ts,
  visitor: b.visitor,
  session: b.session,
  url: '',
  title: null,
  referrer: null,
  props: b.props,
  ip: null,
  userAgent: null,
  bot: b.bot,
  points: b.points ?? 0,
  roleLevel: b.roleLevel ?? null,
  account: accountId ? { id: accountId, name: '', domain: null, nameKey: '', via: 'visitor' } : null,
});
