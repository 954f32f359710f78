import type { Selectable } from 'kysely';
import type { SessionsTable } from './types.js';
import type { WriteTx } from './write-tx.js';
import type { StoredEvent } from '../schema/domain.js';

export const SESSION_GAP_MS = 30 * 60 * 1000;

export type Session = {
  siteId: string;
  id: string;
  visitor: string | null;
  startedAt: number;
  lastSeen: number;
  landingUrl: string | null;
  referrer: string | null;
  campaign: { source: string | null; medium: string | null; name: string | null; term: string | null; content: string | null };
  clickId: string | null;
  adNetwork: string | null;
  pageViews: number;
  events: number;
  bot: boolean;
  /** GA4's channel group of the landing, and its source and medium. */
  channel: string | null;
  source: string | null;
  medium: string | null;
  accountId: string | null;
};

/**
 * Gives every event with a visitor a session. The SDK's own session id is kept; a sender that
 * has none (a server, an old tag) gets the visitor's session that was active in the last 30
 * minutes before the event, or a new one.
 */
export async function assignSessions(tx: WriteTx, events: StoredEvent[]): Promise<StoredEvent[]> {
  const open = new Map<string, { id: string; lastSeen: number }>();
  const out: StoredEvent[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.session || !e.visitor) {
      out.push(e);
      continue;
    }
    const key = `${e.siteId}\u0000${e.visitor}`;
    let current = open.get(key);
    if (!current || e.ts - current.lastSeen > SESSION_GAP_MS) {
      const row = await tx.first<{ id: string; last_seen: number }>(OPEN_SESSION, [
        e.siteId,
        e.visitor,
        e.ts - SESSION_GAP_MS,
        e.ts + SESSION_GAP_MS,
      ]);
      current = row ? { id: row.id, lastSeen: Number(row.last_seen) } : { id: `s-${e.visitor.slice(0, 40)}-${e.ts.toString(36)}`, lastSeen: e.ts };
    }
    current.lastSeen = Math.max(current.lastSeen, e.ts);
    open.set(key, current);
    out.push({ ...e, session: current.id });
  }
  return out;
}

/**
 * Folds newly stored events into their sessions: one row per session, one statement per batch.
 * The earliest event decides the landing page, referrer and campaign, whatever order events
 * arrive in (an offline queue replays late).
 */
export async function upsertSessions(tx: WriteTx, events: StoredEvent[]): Promise<void> {
  const rows = new Map<string, SessionsTable>();
  for (const e of events) {
    if (!e.session) continue;
    const key = `${e.siteId}\u0000${e.session}`;
    const r = rows.get(key);
    if (!r) {
      rows.set(key, fromEvent(e));
      continue;
    }
    if (e.touch && (r.channel === null || e.ts < r.started_at)) Object.assign(r, { channel: e.touch.channel, source: e.touch.source, medium: e.touch.medium });
    if (e.account?.id && e.ts >= r.last_seen) r.account_id = e.account.id;
    if (e.ts < r.started_at) Object.assign(r, landing(e), { started_at: e.ts });
    r.last_seen = Math.max(r.last_seen, e.ts);
    r.page_views += e.type === 'page_view' ? 1 : 0;
    r.events += 1;
    r.bot = Math.max(r.bot, e.bot ? 1 : 0);
    r.visitor ??= e.visitor;
  }
  if (!rows.size) return;
  // In key order: two processes upserting the same sessions lock them in the same order.
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  await tx.upsert('sessions', SESSION_COLUMNS, ['site_id', 'id'], SESSION_MERGE, sorted);
}

const OPEN_SESSION =
  'SELECT id, last_seen FROM sessions WHERE site_id = ? AND visitor = ? AND last_seen >= ? AND started_at <= ? ORDER BY last_seen DESC LIMIT 1';

const SESSION_COLUMNS = [
  'site_id', 'id', 'visitor', 'started_at', 'last_seen', 'landing_url', 'referrer', 'utm_source', 'utm_medium',
  'utm_campaign', 'utm_term', 'utm_content', 'click_id', 'ad_network', 'page_views', 'events', 'bot', 'channel', 'source', 'medium',
  'account_id', 'network_class',
] as const satisfies readonly (keyof SessionsTable)[];

/** The earliest event decides where a session landed (and through which kind of network); counts add up; the newest time wins. */
const earlier = (col: string) => `${col} = CASE WHEN excluded.started_at < sessions.started_at THEN excluded.${col} ELSE sessions.${col} END`;
const SESSION_MERGE = [
  ...['landing_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'click_id', 'ad_network', 'network_class'].map(earlier),
  'started_at = CASE WHEN excluded.started_at < sessions.started_at THEN excluded.started_at ELSE sessions.started_at END',
  'last_seen = CASE WHEN excluded.last_seen > sessions.last_seen THEN excluded.last_seen ELSE sessions.last_seen END',
  'page_views = sessions.page_views + excluded.page_views',
  'events = sessions.events + excluded.events',
  'bot = CASE WHEN excluded.bot > sessions.bot THEN excluded.bot ELSE sessions.bot END',
  'visitor = COALESCE(sessions.visitor, excluded.visitor)',
  // Only page views carry a channel: the earliest one that has it decides.
  ...['channel', 'source', 'medium'].map(
    (c) => `${c} = CASE WHEN excluded.${c} IS NOT NULL AND (sessions.${c} IS NULL OR excluded.started_at < sessions.started_at) THEN excluded.${c} ELSE sessions.${c} END`,
  ),
  // The newest account the session's events credit.
  'account_id = COALESCE(excluded.account_id, sessions.account_id)',
].join(', ');

function landing(e: StoredEvent) {
  const c = e.campaign;
  return {
    landing_url: e.url,
    referrer: e.referrer,
    utm_source: c?.source ?? null,
    utm_medium: c?.medium ?? null,
    utm_campaign: c?.name ?? null,
    utm_term: c?.term ?? null,
    utm_content: c?.content ?? null,
    click_id: c?.clickId ?? null,
    ad_network: c?.network ?? null,
    // The identification report's class of the session (business, isp, mobile …): its first event's.
    network_class: e.network?.class ?? null,
  };
}

function fromEvent(e: StoredEvent): SessionsTable {
  return {
    site_id: e.siteId,
    id: e.session!,
    visitor: e.visitor,
    started_at: e.ts,
    last_seen: e.ts,
    ...landing(e),
    page_views: e.type === 'page_view' ? 1 : 0,
    events: 1,
    bot: e.bot ? 1 : 0,
    channel: e.touch?.channel ?? null,
    source: e.touch?.source ?? null,
    medium: e.touch?.medium ?? null,
    account_id: e.account?.id ?? null,
  };
}

export function toSession(r: Selectable<SessionsTable>): Session {
  return {
    siteId: r.site_id,
    id: r.id,
    visitor: r.visitor,
    startedAt: Number(r.started_at),
    lastSeen: Number(r.last_seen),
    landingUrl: r.landing_url,
    referrer: r.referrer,
    campaign: { source: r.utm_source, medium: r.utm_medium, name: r.utm_campaign, term: r.utm_term, content: r.utm_content },
    clickId: r.click_id,
    adNetwork: r.ad_network,
    pageViews: Number(r.page_views),
    events: Number(r.events),
    bot: Number(r.bot) === 1,
    channel: r.channel,
    source: r.source,
    medium: r.medium,
    accountId: r.account_id,
  };
}
