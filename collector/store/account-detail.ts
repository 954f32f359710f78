import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';
import type { AccountDay } from './store.js';
import { toAccountDay, toStoredEvent } from './rows.js';
import { SESSION_GAP_MS } from './sessions.js';
import type { StoredEvent } from '../schema/domain.js';

/** One account over a period; its sessions a page at a time, newest first. */
export interface AccountDetailQuery {
  accountId: string;
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  fromDay: string;
  toDay: string;
  /** The most events read for the listed sessions. */
  limit: number;
  /** Sessions skipped, newest first (0). */
  sessionOffset?: number;
  /** Sessions listed (200, at most 200). */
  sessionLimit?: number;
}

/** Everything about one account over a period, for its page and `GET /api/accounts/:id`. */
export interface AccountDetailData {
  /** How its events were credited: by which source, class and organization, and how (network, e-mail, visitor). */
  identification: { via: string | null; source: string | null; networkClass: string | null; organization: string | null; events: number; confidence: number | null }[];
  days: AccountDay[];
  /** The listed sessions' events, oldest first (bots left out), at most `limit`. */
  events: StoredEvent[];
  /** Sessions that started in the period, newest first, `sessionLimit` of them from `sessionOffset`, with their channel. */
  sessions: { id: string; siteId: string; visitor: string | null; startedAt: number; lastSeen: number; channel: string | null; source: string | null; medium: string | null; campaign: string | null; landingUrl: string | null; pageViews: number }[];
  /** People who said who they are (forms, identify), and how many did not. */
  people: { visitor: string; emailDomain: string | null; jobTitle: string | null; roleLevel: string | null; firstSeen: number; lastSeen: number }[];
  anonymousVisitors: number;
  /** Sessions that started in the period, all of them (bots left out). */
  sessionCount: number;
  /** Forms sent in the period, newest first (at most 50), whichever sessions are listed. */
  forms: { formId: string | null; url: string; ts: number }[];
}

/** Forms listed at most. */
const FORMS = 50;

/** The most sessions listed at once. */
const SESSIONS = 200;

export async function accountDetail(db: Kysely<Database>, q: AccountDetailQuery): Promise<AccountDetailData> {
  const offset = Math.max(0, Math.floor(q.sessionOffset ?? 0));
  const listed = Math.min(SESSIONS, Math.max(1, Math.floor(q.sessionLimit ?? SESSIONS)));
  const identification = await db
    .selectFrom('events')
    .select((e) => ['account_via', 'network_source', 'network_class', 'organization', e.fn.countAll<number>().as('n'), e.fn.max('network_confidence').as('confidence')])
    .where('account_id', '=', q.accountId)
    .groupBy(['account_via', 'network_source', 'network_class', 'organization'])
    .orderBy(sql`count(*)`, 'desc')
    .limit(20)
    .execute();
  const days = await db.selectFrom('account_days').selectAll().where('account_id', '=', q.accountId).where('day', '>=', q.fromDay).where('day', '<=', q.toDay).orderBy('day').execute();
  const sessions = await db
    .selectFrom('sessions')
    .selectAll()
    .where('account_id', '=', q.accountId)
    .where('started_at', '>=', q.from)
    .where('started_at', '<', q.to)
    .where('bot', '=', 0)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(listed)
    .execute();
  // A full page (or one past the first) may not be all: count them; otherwise the page says how many.
  const sessionCount =
    sessions.length === listed || offset > 0
      ? Number(
          (
            await db
              .selectFrom('sessions')
              .select((x) => x.fn.countAll<number>().as('n'))
              .where('account_id', '=', q.accountId)
              .where('started_at', '>=', q.from)
              .where('started_at', '<', q.to)
              .where('bot', '=', 0)
              .executeTakeFirst()
          )?.n ?? 0,
        )
      : sessions.length;
  // Only the listed sessions' events: from the oldest listed session's start (less the session gap,
  // for an event that arrived late with an earlier clock) to the newest one's last event.
  const since = Math.max(q.from, Math.min(...sessions.map((x) => Number(x.started_at))) - SESSION_GAP_MS);
  const until = Math.min(q.to, Math.max(...sessions.map((x) => Number(x.last_seen))) + 1);
  const events = sessions.length
    ? await db
        .selectFrom('events')
        .leftJoin('accounts', 'accounts.id', 'events.account_id')
        .selectAll('events')
        .select(['accounts.name as account_name', 'accounts.domain as account_domain', 'accounts.name_key as account_name_key'])
        .where('events.account_id', '=', q.accountId)
        .where('events.ts', '>=', since)
        .where('events.ts', '<', until)
        .where('events.session', 'in', [...new Set(sessions.map((x) => x.id))])
        .where('events.bot', '=', 0)
        .orderBy('events.ts')
        .limit(q.limit)
        .execute()
    : [];
  const forms = await db
    .selectFrom('events')
    .select(['url', 'props', 'ts'])
    .where('account_id', '=', q.accountId)
    .where('ts', '>=', q.from)
    .where('ts', '<', q.to)
    .where('type', '=', 'form')
    .where('bot', '=', 0)
    .orderBy('ts', 'desc')
    .limit(FORMS)
    .execute();
  const people = await db.selectFrom('visitors').selectAll().where('account_id', '=', q.accountId).where('bot', '=', 0).orderBy('last_seen', 'desc').limit(200).execute();
  const seen = await db
    .selectFrom('account_day_keys')
    .select('member')
    .distinct()
    .where('account_id', '=', q.accountId)
    .where('day', '>=', q.fromDay)
    .where('day', '<=', q.toDay)
    .where('member', 'like', 'v:%')
    .execute();
  const known = new Set(people.map((p) => `v:${p.id}`));
  return {
    identification: identification.map((r) => ({
      via: r.account_via,
      source: r.network_source,
      networkClass: r.network_class,
      organization: r.organization,
      events: Number(r.n),
      confidence: r.confidence === null ? null : Number(r.confidence),
    })),
    days: days.map(toAccountDay),
    events: events.map(toStoredEvent),
    sessions: sessions.map((s) => ({
      id: s.id,
      siteId: s.site_id,
      visitor: s.visitor,
      startedAt: Number(s.started_at),
      lastSeen: Number(s.last_seen),
      channel: s.channel,
      source: s.source,
      medium: s.medium,
      campaign: s.utm_campaign,
      landingUrl: s.landing_url,
      pageViews: Number(s.page_views),
    })),
    people: people.map((p) => ({
      visitor: p.id,
      emailDomain: p.email_domain,
      jobTitle: p.job_title,
      roleLevel: p.role_level,
      firstSeen: Number(p.first_seen),
      lastSeen: Number(p.last_seen),
    })),
    anonymousVisitors: seen.filter((m) => !known.has(m.member)).length,
    sessionCount,
    forms: forms.map((f) => ({ formId: formIdOf(f.props), url: f.url, ts: Number(f.ts) })),
  };
}

/** A form event's `form_id`, from its stored props (JSON written by the store). */
function formIdOf(props: string | null): string | null {
  try {
    const id = props ? (JSON.parse(props) as { form_id?: unknown }).form_id : null;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
