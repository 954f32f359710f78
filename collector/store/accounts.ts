import { createHash } from 'node:crypto';
import { parse } from 'tldts';
import { normaliseName } from '../accounts/normalise.js';
import type { AccountsTable } from './types.js';
import type { WriteTx } from './write-tx.js';
import type { AccountRef, StoredEvent } from '../schema/domain.js';

/**
 * A new account's id follows from what identified it first (its domain, else its name key), so two
 * processes meeting the same new company at once create one account, not two. It is only a
 * starting point: an account may adopt a domain later, or be merged away (account-merge.ts), so
 * nothing may find an account by deriving its id again.
 */
export function accountId(ref: Pick<AccountRef, 'domain' | 'nameKey'>, attempt = 0): string {
  const key = refKey(ref) + (attempt ? `#${attempt}` : '');
  return `acc_${createHash('sha256').update(key).digest('base64url').slice(0, 16)}`;
}

const refKey = (ref: Pick<AccountRef, 'domain' | 'nameKey'>) => (ref.domain ? `d:${ref.domain}` : `n:${ref.nameKey}`);

/** Shorter keys ('hp', 'abc') are too often someone else's: a domain's label is matched to a name only from this length. */
export const MIN_LABEL_KEY = 4;

/**
 * The name key a domain's label reads as ('acme-corp.co.uk' → 'acme'), when it is long enough
 * to tell a company by (MIN_LABEL_KEY, with a letter in it); null otherwise.
 */
export function domainLabelKey(domain: string): string | null {
  const label = parse(domain).domainWithoutSuffix;
  const key = label ? normaliseName(label) : '';
  return key.length >= MIN_LABEL_KEY && /\p{L}/u.test(key) ? key : null;
}

/**
 * Gives every event that credits an account the account's id (findOrCreate), so marketers see
 * every company that came. `known` remembers answers across batches; what this call adds to it
 * (or corrects: an account merged away since) is returned, to be kept only once the transaction
 * commits.
 */
export async function resolveAccountIds(
  tx: WriteTx,
  events: StoredEvent[],
  known: ReadonlyMap<string, string>,
  now: number,
): Promise<{ events: StoredEvent[]; learned: Map<string, string> }> {
  const learned = new Map<string, string>();
  // Another process may have merged a remembered account away: one look at the ids this batch takes from memory.
  const remembered = new Set<string>();
  for (const e of events) {
    const ref = e.account;
    const id = ref && !ref.id ? known.get(refKey(ref)) : undefined;
    if (id) remembered.add(id);
  }
  const alive = await existingAccounts(tx, [...remembered]);
  const out: StoredEvent[] = [];
  for (const e of events) {
    const ref = e.account;
    if (!ref || ref.id) {
      out.push(e);
      continue;
    }
    const key = refKey(ref);
    const cached = known.get(key);
    let id = learned.get(key) ?? (cached && alive.has(cached) ? cached : undefined);
    if (!id) {
      id = await findOrCreate(tx, ref, now);
      learned.set(key, id);
    }
    out.push({ ...e, account: { ...ref, id } });
  }
  return { events: out, learned };
}

async function existingAccounts(tx: WriteTx, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    for (const r of await tx.all<{ id: string }>(`SELECT id FROM accounts WHERE id IN (${part.map(() => '?').join(', ')})`, part)) out.add(r.id);
  }
  return out;
}

/**
 * One company, one account. A ref with a domain takes the account with that domain; else a target
 * without a domain its form named (a person's own word for their company; never a network's name:
 * targets are matched by enrichment); else a non-target account without a domain that is the
 * same company (its name key is the form's company or the domain's label) adopts the domain. A ref
 * with only a name takes the non-target account that name is (namedAccount). Otherwise a new
 * non-target account. The rules are the ones mergeDuplicateAccounts (account-merge.ts) applies to
 * accounts made before them.
 */
async function findOrCreate(tx: WriteTx, ref: AccountRef, now: number): Promise<string> {
  const id = await findOrInsert(tx, ref, now);
  // An account met before without a country learns it (once per process and company: the caller remembers the id).
  if (ref.country) await tx.run('UPDATE accounts SET country = ? WHERE id = ? AND country IS NULL AND target = 0', [ref.country, id]);
  return id;
}

async function findOrInsert(tx: WriteTx, ref: AccountRef, now: number): Promise<string> {
  if (ref.domain) {
    const owner = await byDomain(tx, ref.domain);
    if (owner) return owner;
    const company = companyKey(ref);
    if (company && ref.via !== 'network') {
      const target = await tx.first<{ id: string }>('SELECT id FROM accounts WHERE name_key = ? AND domain IS NULL AND target = 1 ORDER BY created_at, id LIMIT 1', [company]);
      if (target) return target.id;
    }
    const twin = await domainlessTwin(tx, company, domainLabelKey(ref.domain));
    // `domain IS NULL`: another process may have given it a domain since it was read.
    if (twin && (await tx.run('UPDATE accounts SET domain = ? WHERE id = ? AND domain IS NULL', [ref.domain, twin]))) return twin;
    const meanwhile = twin && (await byDomain(tx, ref.domain));
    if (meanwhile) return meanwhile;
  } else if (ref.nameKey) {
    const named = await namedAccount(tx, ref.nameKey);
    if (named) return named;
  }
  return insertAccount(tx, ref, now);
}

const byDomain = async (tx: WriteTx, domain: string) => (await tx.first<{ id: string }>('SELECT id FROM accounts WHERE domain = ?', [domain]))?.id;

/** The name key a form gave for its company; none when the ref's name is only its domain (its label is matched instead). */
const companyKey = (ref: AccountRef) => (ref.nameKey && ref.name !== ref.domain ? ref.nameKey : null);

/** The non-target account without a domain named `company` (first), else `label`: the oldest. */
async function domainlessTwin(tx: WriteTx, company: string | null, label: string | null): Promise<string | undefined> {
  const keys = [...new Set([company, label].filter((k): k is string => !!k))];
  if (!keys.length) return undefined;
  const rows = await tx.all<{ id: string; name_key: string }>(
    `SELECT id, name_key FROM accounts WHERE name_key IN (${keys.map(() => '?').join(', ')}) AND domain IS NULL AND target = 0 ORDER BY created_at, id`,
    keys,
  );
  return (rows.find((r) => r.name_key === company) ?? rows[0])?.id;
}

/**
 * The non-target account a name alone (a network's organization) is: one with a domain whose name
 * key it is (a name that is only the domain does not count: its label does), oldest first; else
 * the one account whose domain's label reads as it (several: no telling which); else one without
 * a domain of that name key.
 */
async function namedAccount(tx: WriteTx, nameKey: string): Promise<string | undefined> {
  const named = await tx.first<{ id: string }>(
    'SELECT id FROM accounts WHERE name_key = ? AND target = 0 AND domain IS NOT NULL AND name <> domain ORDER BY created_at, id LIMIT 1',
    [nameKey],
  );
  if (named) return named.id;
  const labelled = await labelAccount(tx, nameKey);
  if (labelled) return labelled;
  return (await tx.first<{ id: string }>('SELECT id FROM accounts WHERE name_key = ? AND target = 0 AND domain IS NULL ORDER BY created_at, id LIMIT 1', [nameKey]))?.id;
}

async function labelAccount(tx: WriteTx, nameKey: string): Promise<string | undefined> {
  if (nameKey.length < MIN_LABEL_KEY) return undefined;
  // A label reading as the key starts with its first word ('acme widgets' ← acmewidgets.com, acme-widgets.co.uk): a range of the domain index.
  const prefix = nameKey.split(' ')[0]!;
  const rows = await tx.all<{ id: string; domain: string }>(
    'SELECT id, domain FROM accounts WHERE domain >= ? AND domain < ? AND target = 0 ORDER BY domain LIMIT 200',
    [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)],
  );
  const hits = rows.filter((r) => domainLabelKey(r.domain) === nameKey);
  return hits.length === 1 ? hits[0]!.id : undefined;
}

/**
 * A new account. Its id is derived (accountId), but a row may hold that id already: the same
 * company just made by another process (taken), or an account that has been renamed or is a
 * target since (then the next derived id is tried).
 */
async function insertAccount(tx: WriteTx, ref: AccountRef, now: number): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const row: AccountsTable = {
      id: accountId(ref, attempt),
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
      country: ref.country ?? null,
    };
    // No conflict target: a domain another process just took (the unique index) is skipped too, not an error.
    const inserted = await tx.run(
      `INSERT INTO accounts (${ACCOUNT_COLUMNS.join(', ')}) VALUES (${ACCOUNT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
      ACCOUNT_COLUMNS.map((c) => row[c]),
    );
    if (inserted) return row.id;
    const owner = ref.domain ? await byDomain(tx, ref.domain) : undefined;
    if (owner) return owner;
    const held = await tx.first<{ domain: string | null; name_key: string; target: number }>('SELECT domain, name_key, target FROM accounts WHERE id = ?', [row.id]);
    if (held && !ref.domain && held.name_key === ref.nameKey && Number(held.target) === 0) return row.id;
  }
  throw new Error(`no free account id for ${refKey(ref)}`);
}

export const ACCOUNT_COLUMNS = [
  'id', 'name', 'domain', 'name_key', 'aliases', 'target', 'tier', 'owner', 'stage', 'stage_changed_at', 'first_seen', 'last_seen', 'created_at', 'country',
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
