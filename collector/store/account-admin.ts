import type { Kysely } from 'kysely';
import type { Database } from './types.js';
import { accountId } from './accounts.js';
import type { AccountRange } from './ranges.js';

/** A row of the target list, checked at the edge. */
export interface TargetRow {
  domain: string | null;
  name: string;
  nameKey: string;
  tier: string | null;
  owner: string | null;
  aliases: string[];
  /** Absent: the country an account had stays. */
  country?: string | null;
}

export type TargetOutcome = { status: 'created' | 'updated'; id: string };

/**
 * Imports target accounts: a row matching an account already known (by domain, else by name
 * key) turns that account into a target, keeping its history; otherwise a new account is made.
 */
export async function importTargets(db: Kysely<Database>, rows: TargetRow[], now: number): Promise<TargetOutcome[]> {
  return db.transaction().execute(async (trx) => {
    const out: TargetOutcome[] = [];
    for (const r of rows) {
      const existing =
        (r.domain ? await trx.selectFrom('accounts').select('id').where('domain', '=', r.domain).executeTakeFirst() : undefined) ??
        (await trx
          .selectFrom('accounts')
          .select('id')
          .where('name_key', '=', r.nameKey)
          .where((w) => (r.domain ? w('domain', 'is', null) : w.lit(true)))
          .orderBy('target', 'desc')
          .executeTakeFirst());
      const values = { name: r.name, name_key: r.nameKey, tier: r.tier, owner: r.owner, aliases: JSON.stringify(r.aliases), target: 1, ...(r.country !== undefined && { country: r.country }) };
      if (existing) {
        await trx
          .updateTable('accounts')
          .set({ ...values, ...(r.domain ? { domain: r.domain } : {}) })
          .where('id', '=', existing.id)
          .execute();
        out.push({ status: 'updated', id: existing.id });
      } else {
        const id = accountId(r);
        await trx.insertInto('accounts').values({ id, domain: r.domain, stage: 'unaware', created_at: now, ...values }).execute();
        out.push({ status: 'created', id });
      }
    }
    return out;
  });
}

export async function addRanges(db: Kysely<Database>, ranges: { cidr: string; domain: string; name?: string | null }[], now: number): Promise<number> {
  if (!ranges.length) return 0;
  await db.transaction().execute(async (trx) => {
    for (const r of ranges) {
      await trx
        .insertInto('account_ranges')
        .values({ cidr: r.cidr, domain: r.domain, name: r.name ?? null, source: 'upload', created_at: now })
        .onConflict((oc) => oc.columns(['cidr', 'domain']).doUpdateSet({ name: r.name ?? null }))
        .execute();
    }
  });
  return ranges.length;
}

/** The listed ranges, and the ranges form fills taught: at least `minPeople` people of one domain from one network. */
export async function listRanges(db: Kysely<Database>, minPeople: number): Promise<AccountRange[]> {
  const listed = await db.selectFrom('account_ranges').selectAll().orderBy('cidr').execute();
  const learned = await db
    .selectFrom('range_evidence')
    .select((s) => ['network', 'domain', s.fn.countAll<number>().as('people'), s.fn.min('first_seen').as('first'), s.fn.max('first_seen').as('last')])
    .groupBy(['network', 'domain'])
    .having((h) => h.fn.countAll(), '>=', minPeople)
    // Fewest people first: where two domains claim one network, the better-evidenced one is inserted last and wins.
    .orderBy('people')
    .execute();
  return [
    ...listed.map((r) => ({ cidr: r.cidr, domain: r.domain, name: r.name, source: r.source === 'reverse-dns' ? ('reverse-dns' as const) : ('upload' as const), createdAt: Number(r.created_at) })),
    ...learned.map((r) => ({
      cidr: r.network,
      domain: r.domain,
      name: null,
      source: 'learned' as const,
      createdAt: Number(r.first),
      evidence: { people: Number(r.people), firstSeen: Number(r.first), lastSeen: Number(r.last) },
    })),
  ];
}
