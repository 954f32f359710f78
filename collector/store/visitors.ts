import type { Selectable } from 'kysely';
import type { VisitorsTable } from './types.js';
import type { WriteTx } from './write-tx.js';
import type { StoredEvent } from '../schema/domain.js';

export interface Visitor {
  siteId: string;
  id: string;
  firstSeen: number;
  lastSeen: number;
  events: number;
  /** From the newest form fill or identify that carried them. */
  emailDomain: string | null;
  emailHash: string | null;
  jobTitle: string | null;
  company: string | null;
  bot: boolean;
}

const text = (v: unknown, max: number) => (typeof v === 'string' && v ? v.slice(0, max) : null);

/** Folds newly stored events into their visitors (one row each, one statement per batch): seen times, counts, and who they said they are. */
export async function upsertVisitors(tx: WriteTx, events: StoredEvent[]): Promise<void> {
  const rows = new Map<string, VisitorsTable>();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (!e.visitor) continue;
    const key = `${e.siteId}\u0000${e.visitor}`;
    const p = e.props ?? {};
    const said = {
      email_domain: text(p.email_domain, 253),
      email_hash: typeof p.email_hash === 'string' && /^[0-9a-f]{64}$/.test(p.email_hash) ? p.email_hash : null,
      job_title: text(p.job_title, 100),
      company: text(p.company, 100),
      // A business e-mail ties the visitor to its account (identity stitching).
      account_id: e.account?.via === 'email' ? e.account.id : null,
      // The seniority of a title the event itself gave (a form), not one inherited from the visitor.
      role_level: text(p.job_title, 100) ? (e.roleLevel ?? null) : null,
    };
    const r = rows.get(key);
    if (!r) {
      rows.set(key, { site_id: e.siteId, id: e.visitor, first_seen: e.ts, last_seen: e.ts, events: 1, ...said, bot: e.bot ? 1 : 0 });
      continue;
    }
    // Sorted by time: what a later event says replaces what an earlier one said.
    for (const [k, v] of Object.entries(said) as [keyof typeof said, string | null][]) if (v !== null) r[k] = v;
    r.last_seen = e.ts;
    r.events += 1;
    r.bot = Math.max(r.bot, e.bot ? 1 : 0);
  }
  if (!rows.size) return;
  // In key order: two processes upserting the same visitors lock them in the same order.
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  await tx.upsert('visitors', VISITOR_COLUMNS, ['site_id', 'id'], VISITOR_MERGE, sorted);
}

const VISITOR_COLUMNS = [
  'site_id', 'id', 'first_seen', 'last_seen', 'events', 'email_domain', 'email_hash', 'job_title', 'company', 'bot', 'account_id', 'role_level',
] as const satisfies readonly (keyof VisitorsTable)[];

/** What the newest event said replaces what an older one said; times widen; counts add up. */
const newer = (col: string) =>
  `${col} = CASE WHEN excluded.${col} IS NOT NULL AND excluded.last_seen >= visitors.last_seen THEN excluded.${col} ELSE COALESCE(visitors.${col}, excluded.${col}) END`;
const VISITOR_MERGE = [
  ...['email_domain', 'email_hash', 'job_title', 'company', 'account_id', 'role_level'].map(newer),
  'first_seen = CASE WHEN excluded.first_seen < visitors.first_seen THEN excluded.first_seen ELSE visitors.first_seen END',
  'last_seen = CASE WHEN excluded.last_seen > visitors.last_seen THEN excluded.last_seen ELSE visitors.last_seen END',
  'events = visitors.events + excluded.events',
  'bot = CASE WHEN excluded.bot > visitors.bot THEN excluded.bot ELSE visitors.bot END',
].join(', ');

export function toVisitor(r: Selectable<VisitorsTable>): Visitor {
  return {
    siteId: r.site_id,
    id: r.id,
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
    events: Number(r.events),
    emailDomain: r.email_domain,
    emailHash: r.email_hash,
    jobTitle: r.job_title,
    company: r.company,
    bot: Number(r.bot) === 1,
  };
}
