import type { AccountRangesTable, RangeEvidenceTable } from './types.js';
import type { WriteTx } from './write-tx.js';
import type { StoredEvent } from '../schema/domain.js';

/** A network credited to an account, as stored; learned ones carry their evidence. */
export interface AccountRange {
  cidr: string;
  domain: string;
  name: string | null;
  /** Listed by the user; learned from form fills; or found by reverse DNS (its evidence: Store.reverseDnsEvidence). */
  source: 'upload' | 'learned' | 'reverse-dns';
  createdAt: number;
  /** For learned ranges: how many distinct people of the domain filled forms from it, and when first and last. */
  evidence?: { people: number; firstSeen: number; lastSeen: number };
}

/** Keeps who filled a form with a business e-mail from which network (the evidence ranges are learned from). */
export async function addRangeEvidence(tx: WriteTx, events: StoredEvent[]): Promise<void> {
  const rows = new Map<string, RangeEvidenceTable>();
  for (const e of events) {
    const ev = e.evidence;
    if (!ev || e.bot) continue;
    const key = `${ev.network}\u0000${ev.domain}\u0000${ev.person}`;
    const known = rows.get(key);
    if (!known || e.ts < known.first_seen) rows.set(key, { network: ev.network, domain: ev.domain, person: ev.person, first_seen: e.ts });
  }
  if (!rows.size) return;
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  await tx.upsert('range_evidence', EVIDENCE_COLUMNS, ['network', 'domain', 'person'], EVIDENCE_MERGE, sorted);
}

const EVIDENCE_COLUMNS = ['network', 'domain', 'person', 'first_seen'] as const satisfies readonly (keyof RangeEvidenceTable)[];
const EVIDENCE_MERGE = 'first_seen = CASE WHEN excluded.first_seen < range_evidence.first_seen THEN excluded.first_seen ELSE range_evidence.first_seen END';

export const RANGE_COLUMNS = ['cidr', 'domain', 'name', 'source', 'created_at'] as const satisfies readonly (keyof AccountRangesTable)[];
