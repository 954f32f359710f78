import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';
import { toAccount } from './rows.js';
import type { Account } from './store.js';

/** A network credited to an account because an address of it has a forward-confirmed PTR name in the account's domain. */
export interface ReverseDnsCredit {
  /** The /24 or /48. */
  network: string;
  ptr: string;
  /** The account's domain: what the range credits. */
  domain: string;
  /** The account's name, for the range. */
  name: string | null;
  accountId: string;
  checkedAt: number;
}

/** What the account page shows of a reverse-DNS credit. */
export interface ReverseDnsEvidence {
  network: string;
  ptr: string;
  domain: string;
  checkedAt: number;
}

/**
 * The range (account_ranges, source 'reverse-dns') and its evidence, in one transaction. A range
 * the user listed for the same network and domain stays theirs; a later check of the network
 * replaces its evidence.
 */
export async function creditReverseDns(db: Kysely<Database>, c: ReverseDnsCredit): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('account_ranges')
      .values({ cidr: c.network, domain: c.domain, name: c.name, source: 'reverse-dns', created_at: c.checkedAt })
      .onConflict((oc) => oc.columns(['cidr', 'domain']).doNothing())
      .execute();
    const evidence = { ptr: c.ptr, domain: c.domain, account_id: c.accountId, checked_at: c.checkedAt };
    await trx
      .insertInto('reverse_dns')
      .values({ network: c.network, ...evidence })
      .onConflict((oc) => oc.column('network').doUpdateSet(evidence))
      .execute();
  });
}

export async function reverseDnsEvidence(db: Kysely<Database>, accountId: string): Promise<ReverseDnsEvidence[]> {
  const rows = await db.selectFrom('reverse_dns').selectAll().where('account_id', '=', accountId).orderBy('checked_at', 'desc').limit(50).execute();
  return rows.map((r) => ({ network: r.network, ptr: r.ptr, domain: r.domain, checkedAt: Number(r.checked_at) }));
}

/**
 * Accounts that may go by a domain: theirs, a subdomain of it, or an alias containing it. A
 * superset (the caller matches registrable domains exactly); accounts are few beside events and
 * this runs once per confirmed PTR name, so a scan of the aliases text is fine.
 */
export async function accountsByDomain(db: Kysely<Database>, domain: string): Promise<Account[]> {
  // A registrable domain has no '%'; an '_' matching any one character only widens the superset.
  const like = `%${domain}%`;
  const rows = await db
    .selectFrom('accounts')
    .selectAll()
    .where((w) => w.or([w(sql`lower(domain)`, '=', domain), w(sql`lower(domain)`, 'like', `%.${domain}`), w(sql`lower(aliases)`, 'like', like)]))
    .orderBy('target', 'desc')
    .orderBy('created_at')
    .limit(20)
    .execute();
  return rows.map(toAccount);
}
