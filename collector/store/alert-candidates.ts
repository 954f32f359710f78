import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';

/** A target account's visit, with what the alert rules look at. */
export interface AlertCandidate {
  session: { id: string; siteId: string; visitor: string | null; startedAt: number; lastSeen: number; channel: string | null; campaign: string | null };
  account: { id: string; name: string; domain: string | null; tier: string | null; owner: string | null; stage: string };
  /** When the account's latest earlier visit ended; null when this is its first. */
  previousVisitEnd: number | null;
  /** The visit's page views, forms and downloads, oldest first (at most 100). */
  events: { id: string; type: string; url: string | null; title: string | null; ts: number; formId: string | null }[];
}

/** How long a visit may have lasted before it shows up as active: older starts are not looked at. */
const LONGEST_VISIT_MS = 12 * 60 * 60 * 1000;

/**
 * Target accounts' visits with activity in [since, until), bots left out, for the alert rules.
 * Rescanning a range is harmless: every trigger has a key and is recorded once.
 */
export async function alertCandidates(db: Kysely<Database>, q: { since: number; until: number; limit: number }): Promise<AlertCandidate[]> {
  const sessions = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select([
      's.id', 's.site_id', 's.visitor', 's.started_at', 's.last_seen', 's.channel', 's.utm_campaign',
      'a.id as account_id', 'a.name', 'a.domain', 'a.tier', 'a.owner', 'a.stage',
    ])
    .where('s.started_at', '>=', q.since - LONGEST_VISIT_MS)
    .where('s.started_at', '<', q.until)
    .where('s.last_seen', '>=', q.since)
    .where('s.bot', '=', 0)
    .where('a.target', '=', 1)
    .orderBy('s.started_at')
    .limit(q.limit)
    .execute();
  const out: AlertCandidate[] = [];
  for (const s of sessions) {
    const previous = await db
      .selectFrom('sessions')
      .select(sql<number | null>`max(last_seen)`.as('end'))
      .where('account_id', '=', s.account_id)
      .where('started_at', '<', Number(s.started_at))
      .where('bot', '=', 0)
      .executeTakeFirst();
    const events = await db
      .selectFrom('events')
      .select(['id', 'type', 'url', 'title', 'ts', 'props'])
      .where('account_id', '=', s.account_id)
      .where('ts', '>=', Number(s.started_at))
      .where('ts', '<=', Number(s.last_seen))
      .where('site_id', '=', s.site_id)
      .where('session', '=', s.id)
      .where('bot', '=', 0)
      .where('type', 'in', ['page_view', 'form', 'download'])
      .orderBy('ts')
      .limit(100)
      .execute();
    out.push({
      session: { id: s.id, siteId: s.site_id, visitor: s.visitor, startedAt: Number(s.started_at), lastSeen: Number(s.last_seen), channel: s.channel, campaign: s.utm_campaign },
      account: { id: s.account_id, name: s.name, domain: s.domain, tier: s.tier, owner: s.owner, stage: s.stage },
      previousVisitEnd: previous?.end === null || previous?.end === undefined ? null : Number(previous.end),
      events: events.map((e) => ({ id: e.id, type: e.type, url: e.url, title: e.title, ts: Number(e.ts), formId: formIdOf(e.props) })),
    });
  }
  return out;
}

function formIdOf(props: unknown): string | null {
  try {
    const p = typeof props === 'string' ? JSON.parse(props) : props;
    return p && typeof p === 'object' && typeof (p as { form_id?: unknown }).form_id === 'string' ? (p as { form_id: string }).form_id : null;
  } catch {
    return null;
  }
}
