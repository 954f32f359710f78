import type { Kysely } from 'kysely';
import type { Database } from './types.js';

export interface NetworkDecision {
  accountId: string;
  asn: number;
  organization: string;
  decision: 'confirm' | 'reject';
  decidedBy: string | null;
  decidedAt: number;
}

/** Every decision people made on targets' candidate networks. */
export async function listNetworkDecisions(db: Kysely<Database>, accountId?: string): Promise<NetworkDecision[]> {
  let q = db.selectFrom('network_decisions').selectAll();
  if (accountId) q = q.where('account_id', '=', accountId);
  const rows = await q.orderBy('account_id').orderBy('asn').execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    asn: Number(r.asn),
    organization: r.organization,
    decision: r.decision === 'confirm' ? 'confirm' : 'reject',
    decidedBy: r.decided_by,
    decidedAt: Number(r.decided_at),
  }));
}

/** Records (or changes) a decision; one per target and AS. */
export async function decideNetworks(db: Kysely<Database>, decisions: NetworkDecision[]): Promise<void> {
  if (!decisions.length) return;
  await db.transaction().execute(async (trx) => {
    for (const d of decisions) {
      const row = { account_id: d.accountId, asn: d.asn, organization: d.organization, decision: d.decision, decided_by: d.decidedBy, decided_at: d.decidedAt };
      await trx
        .insertInto('network_decisions')
        .values(row)
        .onConflict((oc) => oc.columns(['account_id', 'asn']).doUpdateSet({ organization: row.organization, decision: row.decision, decided_by: row.decided_by, decided_at: row.decided_at }))
        .execute();
    }
  });
}

/** Sessions and events seen so far from networks of these names (a candidate's "already seen"), bots left out. */
export async function seenFromOrganizations(db: Kysely<Database>, organizations: string[]): Promise<Map<string, { events: number; sessions: number; lastSeen: number | null }>> {
  const out = new Map<string, { events: number; sessions: number; lastSeen: number | null }>();
  for (let i = 0; i < organizations.length; i += 200) {
    const part = organizations.slice(i, i + 200);
    if (!part.length) continue;
    const rows = await db
      .selectFrom('events')
      .select((s) => ['organization', s.fn.countAll<number>().as('events'), s.fn.count<number>('session').distinct().as('sessions'), s.fn.max('ts').as('last')])
      .where('organization', 'in', part)
      .where('bot', '=', 0)
      .groupBy('organization')
      .execute();
    for (const r of rows) out.set(r.organization!, { events: Number(r.events), sessions: Number(r.sessions), lastSeen: r.last === null ? null : Number(r.last) });
  }
  return out;
}
