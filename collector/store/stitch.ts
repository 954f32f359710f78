import type { StoredEvent } from './store.js';
import type { WriteTx } from './write-tx.js';
import { addToRollups, removeFromRollups } from './rollups.js';

const visitorKey = (e: Pick<StoredEvent, 'siteId' | 'visitor'>) => `${e.siteId}\u0000${e.visitor}`;

/**
 * Email wins over network: an event whose visitor gave a business e-mail (in this batch, or
 * earlier) credits that e-mail's account, whatever its network says. Events carrying the e-mail
 * themselves keep their own account. Needs account ids resolved (resolveAccountIds) first.
 */
export async function applyVisitorAccounts(tx: WriteTx, events: StoredEvent[]): Promise<StoredEvent[]> {
  const fromBatch = new Map<string, { id: string; ts: number }>();
  for (const e of events) {
    if (e.visitor && e.account?.via === 'email' && e.account.id) {
      const known = fromBatch.get(visitorKey(e));
      if (!known || e.ts >= known.ts) fromBatch.set(visitorKey(e), { id: e.account.id, ts: e.ts });
    }
  }
  const ask = new Map<string, { siteId: string; visitor: string }>();
  for (const e of events) if (e.visitor && !fromBatch.has(visitorKey(e))) ask.set(visitorKey(e), { siteId: e.siteId, visitor: e.visitor });
  const fromStore = new Map<string, string>();
  for (const [siteId, visitors] of groupBySite([...ask.values()])) {
    for (let i = 0; i < visitors.length; i += 200) {
      const part = visitors.slice(i, i + 200);
      const rows = await tx.all<{ id: string; account_id: string }>(
        `SELECT id, account_id FROM visitors WHERE site_id = ? AND account_id IS NOT NULL AND id IN (${part.map(() => '?').join(', ')})`,
        [siteId, ...part],
      );
      for (const r of rows) fromStore.set(`${siteId}\u0000${r.id}`, r.account_id);
    }
  }
  return events.map((e) => {
    if (!e.visitor || e.account?.via === 'email') return e;
    const id = fromBatch.get(visitorKey(e))?.id ?? fromStore.get(visitorKey(e));
    if (!id || id === e.account?.id) return e;
    return { ...e, account: { id, name: '', domain: null, nameKey: '', via: 'visitor' } };
  });
}

function groupBySite(list: { siteId: string; visitor: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { siteId, visitor } of list) out.set(siteId, [...(out.get(siteId) ?? []), visitor]);
  return out;
}

type Recredited = Pick<StoredEvent, 'siteId' | 'id' | 'type' | 'ts' | 'visitor' | 'session' | 'props' | 'bot'> & { accountId: string | null };

/**
 * Identity stitching: when a visitor gives a business e-mail, the events they sent before (on
 * any network, or none) are re-credited to that e-mail's account, and the rollups follow: what
 * those events added to their old accounts' days is taken away and added to the new one's.
 */
export async function recreditEarlierEvents(tx: WriteTx, stored: StoredEvent[]): Promise<number> {
  const newest = new Map<string, StoredEvent>();
  for (const e of stored) {
    if (!e.visitor || e.account?.via !== 'email' || !e.account.id) continue;
    const k = visitorKey(e);
    if (!newest.has(k) || e.ts >= newest.get(k)!.ts) newest.set(k, e);
  }
  let moved = 0;
  for (const e of [...newest.values()].sort((a, b) => (visitorKey(a) < visitorKey(b) ? -1 : 1))) {
    const to = e.account!.id!;
    const rows = await tx.all<{ id: string; type: string; ts: number; session: string | null; props: string | null; bot: number; account_id: string | null }>(
      "SELECT id, type, ts, session, props, bot, account_id FROM events WHERE site_id = ? AND visitor = ? AND (account_id IS NULL OR account_id <> ?) AND (account_via IS NULL OR account_via <> 'email')",
      [e.siteId, e.visitor, to],
    );
    if (!rows.length) continue;
    const before: Recredited[] = rows.map((r) => ({
      siteId: e.siteId,
      id: r.id,
      type: r.type,
      ts: Number(r.ts),
      visitor: e.visitor,
      session: r.session,
      props: r.props === null ? null : JSON.parse(r.props),
      bot: Number(r.bot) === 1,
      accountId: r.account_id,
    }));
    await tx.run(
      "UPDATE events SET account_id = ?, account_via = 'visitor' WHERE site_id = ? AND visitor = ? AND (account_id IS NULL OR account_id <> ?) AND (account_via IS NULL OR account_via <> 'email')",
      [to, e.siteId, e.visitor, to],
    );
    await tx.run('UPDATE sessions SET account_id = ? WHERE site_id = ? AND visitor = ?', [to, e.siteId, e.visitor]);
    await removeFromRollups(tx, before.map((b) => asEvent(b, b.accountId)));
    await addToRollups(
      tx,
      before.map((b) => asEvent(b, to)),
    );
    moved += rows.length;
  }
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
  account: accountId ? { id: accountId, name: '', domain: null, nameKey: '', via: 'visitor' } : null,
});
