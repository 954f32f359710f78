import { createHash } from 'node:crypto';
import type { AccountsTable } from './types.js';
import type { StoredEvent } from './store.js';
import type { WriteTx } from './write-tx.js';

/** The account an event credits, as enrichment named it; `id` is set when it matched a known account. */
export interface AccountRef {
  id: string | null;
  name: string;
  /** Registrable domain, when known. */
  domain: string | null;
  /** normaliseName(name): what names are matched on. */
  nameKey: string;
  /** How it was found: the event's own business e-mail, its network, or its visitor's earlier e-mail. */
  via: 'email' | 'network' | 'visitor';
}

/**
 * An account's id follows from what identifies it (its domain, else its name key), so two
 * processes meeting the same new company at once create one account, not two.
 */
export function accountId(ref: Pick<AccountRef, 'domain' | 'nameKey'>): string {
  const key = ref.domain ? `d:${ref.domain}` : `n:${ref.nameKey}`;
  return `acc_${createHash('sha256').update(key).digest('base64url').slice(0, 16)}`;
}

const refKey = (ref: AccountRef) => (ref.domain ? `d:${ref.domain}` : `n:${ref.nameKey}`);

/**
 * Gives every event that credits an account the account's id: a stored account with the same
 * domain, else one with the same name key (when either side has no domain), else a new
 * (non-target) account, so marketers see every company that came. `known` remembers answers
 * across batches; what this call adds to it is returned, to be kept only once the transaction
 * commits.
 */
export async function resolveAccountIds(
  tx: WriteTx,
  events: StoredEvent[],
  known: ReadonlyMap<string, string>,
  now: number,
): Promise<{ events: StoredEvent[]; learned: Map<string, string> }> {
  const learned = new Map<string, string>();
  const out: StoredEvent[] = [];
  for (const e of events) {
    const ref = e.account;
    if (!ref || ref.id) {
      out.push(e);
      continue;
    }
    const key = refKey(ref);
    let id = known.get(key) ?? learned.get(key);
    if (!id) {
      id = await findOrCreate(tx, ref, now);
      learned.set(key, id);
    }
    out.push({ ...e, account: { ...ref, id } });
  }
  return { events: out, learned };
}

async function findOrCreate(tx: WriteTx, ref: AccountRef, now: number): Promise<string> {
  const byDomain = ref.domain ? await tx.first<{ id: string }>('SELECT id FROM accounts WHERE domain = ?', [ref.domain]) : undefined;
  if (byDomain) return byDomain.id;
  const byName = ref.nameKey
    ? await tx.first<{ id: string }>(
        // A name matches an account without a domain, or any account when the event has none.
        'SELECT id FROM accounts WHERE name_key = ? AND (domain IS NULL OR ? = 1) ORDER BY target DESC, created_at LIMIT 1',
        [ref.nameKey, ref.domain ? 0 : 1],
      )
    : undefined;
  if (byName) return byName.id;
  const row: AccountsTable = {
    id: accountId(ref),
    name: ref.name,
    domain: ref.domain,
    name_key: ref.nameKey,
    aliases: '[]',
    target: 0,
    tier: null,
    owner: null,
    stage: 'unaware',
    stage_changed_at: null,
    first_seen: null,
    last_seen: null,
    created_at: now,
  };
  await tx.insertNew('accounts', ACCOUNT_COLUMNS, ['id'], [row]);
  return row.id;
}

export const ACCOUNT_COLUMNS = [
  'id', 'name', 'domain', 'name_key', 'aliases', 'target', 'tier', 'owner', 'stage', 'stage_changed_at', 'first_seen', 'last_seen', 'created_at',
] as const satisfies readonly (keyof AccountsTable)[];

/** Widens each credited account's first and last seen to the events just stored (bots excluded). */
export async function touchAccounts(tx: WriteTx, events: StoredEvent[]): Promise<void> {
  const span = new Map<string, { first: number; last: number }>();
  for (const e of events) {
    const id = e.account?.id;
    if (!id || e.bot) continue;
    const s = span.get(id);
    if (!s) span.set(id, { first: e.ts, last: e.ts });
    else {
      s.first = Math.min(s.first, e.ts);
      s.last = Math.max(s.last, e.ts);
    }
  }
  // In id order: two processes updating the same accounts lock them in the same order.
  for (const [id, s] of [...span.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx.run(
      'UPDATE accounts SET first_seen = CASE WHEN first_seen IS NULL OR first_seen > ? THEN ? ELSE first_seen END, ' +
        'last_seen = CASE WHEN last_seen IS NULL OR last_seen < ? THEN ? ELSE last_seen END WHERE id = ?',
      [s.first, s.first, s.last, s.last, id],
    );
  }
}
