import type { Selectable } from 'kysely';
import type { AccountDaysTable, AccountsTable, EventsTable } from './types.js';
import type { Account, AccountDay } from './store.js';
import type { AccountRef, StoredEvent } from '../schema/domain.js';


/** Rows as stored ↔ values as the rest of the collector sees them. */

export const EVENT_COLUMNS = [
  'site_id', 'id', 'type', 'name', 'ts', 'received_at', 'visitor', 'session', 'url', 'title', 'referrer', 'props', 'ip',
  'user_agent', 'bot', 'network_class', 'organization', 'network_domain', 'network_source', 'network_confidence', 'account_id', 'account_via', 'points', 'role_level',
] as const satisfies readonly (keyof EventsTable)[];

export function toEventRow(e: StoredEvent): EventsTable {
  return {
    site_id: e.siteId,
    id: e.id,
    type: e.type,
    name: e.name,
    ts: e.ts,
    received_at: e.receivedAt,
    visitor: e.visitor,
    session: e.session,
    url: e.url,
    title: e.title,
    referrer: e.referrer,
    props: e.props === null ? null : JSON.stringify(e.props),
    ip: e.ip,
    user_agent: e.userAgent,
    bot: e.bot ? 1 : 0,
    network_class: e.network?.class ?? null,
    organization: e.network?.organization ?? null,
    network_domain: e.network?.domain ?? null,
    network_source: e.network?.source ?? null,
    network_confidence: e.network?.confidence ?? null,
    account_id: e.account?.id ?? null,
    account_via: e.account?.id ? e.account.via : null,
    points: e.points ?? null,
    role_level: e.roleLevel ?? null,
  };
}

export function toAccount(r: Selectable<AccountsTable>): Account {
  return {
    id: r.id,
    name: r.name,
    domain: r.domain,
    nameKey: r.name_key,
    aliases: JSON.parse(r.aliases),
    target: Number(r.target) === 1,
    tier: r.tier,
    owner: r.owner,
    stage: r.stage,
    stageChangedAt: r.stage_changed_at === null ? null : Number(r.stage_changed_at),
    firstSeen: r.first_seen === null ? null : Number(r.first_seen),
    lastSeen: r.last_seen === null ? null : Number(r.last_seen),
    createdAt: Number(r.created_at),
    country: r.country ?? null,
  };
}

export function toAccountDay(r: Selectable<AccountDaysTable>): AccountDay {
  return {
    accountId: r.account_id,
    siteId: r.site_id,
    day: r.day,
    events: Number(r.events),
    pageViews: Number(r.page_views),
    downloads: Number(r.downloads),
    forms: Number(r.forms),
    engagedMs: Number(r.engaged_ms),
    visitors: Number(r.visitors),
    sessions: Number(r.sessions),
    firstTs: Number(r.first_ts),
    lastTs: Number(r.last_ts),
    points: {
      c_level: Number(r.points_c_level),
      vp: Number(r.points_vp),
      director: Number(r.points_director),
      manager: Number(r.points_manager),
      other: Number(r.points_other),
    },
  };
}

type EventWithAccount = Selectable<EventsTable> & {
  session_channel?: string | null;
  account_name: string | null;
  account_domain: string | null;
  account_name_key: string | null;
};

export function toStoredEvent(row: EventWithAccount): StoredEvent {
  return {
    siteId: row.site_id,
    id: row.id,
    type: row.type,
    name: row.name,
    ts: Number(row.ts),
    receivedAt: Number(row.received_at),
    visitor: row.visitor,
    session: row.session,
    url: row.url,
    title: row.title,
    referrer: row.referrer,
    props: row.props === null ? null : JSON.parse(row.props),
    ip: row.ip,
    userAgent: row.user_agent,
    bot: Number(row.bot) === 1,
    ...(row.session_channel !== undefined && { channel: row.session_channel }),
    ...(row.points !== null && { points: Number(row.points) }),
    roleLevel: row.role_level,
    network:
      row.network_class === null
        ? null
        : {
            class: row.network_class,
            organization: row.organization,
            domain: row.network_domain,
            source: row.network_source,
            confidence: Number(row.network_confidence ?? 0),
          },
    account:
      row.account_id === null
        ? null
        : {
            id: row.account_id,
            name: row.account_name ?? '',
            domain: row.account_domain,
            nameKey: row.account_name_key ?? '',
            via: (row.account_via ?? 'network') as AccountRef['via'],
          },
  };
}
