import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';

/** A target account's visit, with what the alert rules look at. */
export interface AlertCandidate {
  session: { id: string; siteId: string; visitor: string | null; startedAt: number; lastSeen: number; channel: string | null; campaign: string | null };
  account: { id: string; name: string; domain: string | null; tier: string | null; owner: string | null; stage: string };
  /** When the account's latest earlier visit ended; null when this is its first. */
  previousVisitEnd: number | null;
  /** The visit's page views, forms and downloads, oldest first (at most 100). */
  events: AccountAction[];
}

/**
 * A page view, form or download of an account's people. A form carries its id and what the
 * person gave of their role (job title, company) and nothing else of what they typed.
 */
export interface AccountAction {
  id: string;
  type: string;
  url: string | null;
  title: string | null;
  ts: number;
  formId: string | null;
  jobTitle?: string | null;
  company?: string | null;
  /** A download's file URL. */
  href?: string | null;
}

const ACTIONS = ['page_view', 'form', 'download'];

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
      .where('type', 'in', ACTIONS)
      .orderBy('ts')
      .limit(100)
      .execute();
    out.push({
      session: { id: s.id, siteId: s.site_id, visitor: s.visitor, startedAt: Number(s.started_at), lastSeen: Number(s.last_seen), channel: s.channel, campaign: s.utm_campaign },
      account: { id: s.account_id, name: s.name, domain: s.domain, tier: s.tier, owner: s.owner, stage: s.stage },
      previousVisitEnd: previous?.end === null || previous?.end === undefined ? null : Number(previous.end),
      events: events.map(toAction),
    });
  }
  return out;
}

/**
 * An account's page views, forms and downloads in [since, until], newest first, bots left out:
 * what moved it up the funnel, and what a stand-alone alert (became MQA) shows as pages read.
 */
export async function accountActions(db: Kysely<Database>, q: { accountId: string; since: number; until: number; limit: number }): Promise<AccountAction[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'type', 'url', 'title', 'ts', 'props'])
    .where('account_id', '=', q.accountId)
    .where('ts', '>=', q.since)
    .where('ts', '<=', q.until)
    .where('bot', '=', 0)
    .where('type', 'in', ACTIONS)
    .orderBy('ts', 'desc')
    .orderBy('id')
    .limit(q.limit)
    .execute();
  return rows.map(toAction);
}

function toAction(e: { id: string; type: string; url: string | null; title: string | null; ts: number | string | bigint; props: unknown }): AccountAction {
  const action: AccountAction = { id: e.id, type: e.type, url: e.url, title: e.title, ts: Number(e.ts), formId: null };
  if (e.type === 'form') {
    const p = propsOf(e.props);
    return { ...action, formId: textOf(p.form_id), jobTitle: textOf(p.job_title), company: textOf(p.company) };
  }
  return e.type === 'download' ? { ...action, href: textOf(propsOf(e.props).href, 2000) } : action;
}

function propsOf(props: unknown): Record<string, unknown> {
  try {
    const p = typeof props === 'string' ? JSON.parse(props) : props;
    return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A non-empty string prop, trimmed and capped: event text is the sender's, of any length. */
const textOf = (v: unknown, max = 200): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);
