import { decay, type ScoreReading } from '../accounts/index.js';
import { TOUCH_MODELS, touchCredit, type TouchModel } from '../attribution/index.js';
import type { AccountDay, StageChange, Store } from '../store/index.js';
import type { ReportRange } from './range.js';
import type { StoredEvent } from '../schema/domain.js';

const DAY = 86_400_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** What the account report reads. */
export type AccountStore = Pick<Store, 'listAccounts' | 'accountDetail' | 'stageChanges' | 'accountSessions' | 'reverseDnsEvidence'>;

/** What was read in one session: pages (with time on page), downloads, forms. */
export interface SessionRead {
  pages: { url: string; title: string | null; at: string | null; time_ms: number | null }[];
  downloads: { href: string; text: string | null; at: string | null }[];
  forms: { form_id: string | null; url: string; at: string | null }[];
}

/** `GET /api/accounts/:id`'s body. */
export interface AccountReport {
  id: string;
  name: string;
  domain: string | null;
  aliases: string[];
  target: boolean;
  tier: string | null;
  owner: string | null;
  stage: string;
  stage_changed_at: string | null;
  first_seen: string | null;
  last_seen: string | null;
  from: string;
  to: string;
  score: number;
  totals: { visits: number; page_views: number; downloads: number; forms: number; engaged_ms: number };
  identification: { via: string | null; source: string | null; network_class: string | null; organization: string | null; events: number; confidence: number | null }[];
  /** Networks credited to the account by reverse DNS (REVERSE_DNS=on): the PTR name found, the /24 or /48, when it was checked. */
  reverse_dns: { ptr: string; network: string; checked_at: string | null }[];
  score_history: { day: string; points: number; score: number }[];
  stage_changes: { from: string; to: string; at: string | null; source: StageChange['source']; reason: string | null }[];
  /** Sessions that started in the period, all of them; `sessions` lists a page of them, newest first. */
  sessions_total: number;
  /** Forms sent in the period, newest first (at most 50), whether or not their session is listed. */
  forms: { form_id: string | null; url: string; at: string | null }[];
  sessions: ({
    id: string;
    started_at: string | null;
    last_seen: string | null;
    channel: string | null;
    source: string | null;
    medium: string | null;
    campaign: string | null;
    landing_url: string | null;
  } & SessionRead)[];
  people: {
    known: { email_domain: string | null; job_title: string | null; role_level: string | null; first_seen: string | null; last_seen: string | null }[];
    anonymous_visitors: number;
  };
  channels: { channel: string; sessions: number }[];
  attribution: Record<TouchModel, { channel: string; credit: number }[]>;
}

/** A day's points, each seniority level's times its weight. */
const weighted = (d: AccountDay, r: ScoreReading) =>
  d.points.c_level * r.weights.c_level + d.points.vp * r.weights.vp + d.points.director * r.weights.director + d.points.manager * r.weights.manager + d.points.other * r.weights.other;

/** The decayed score as it stood at the end of each day of the period. */
export function scoreHistory(days: readonly AccountDay[], fromDay: string, toDay: string, r: ScoreReading): { day: string; points: number; score: number }[] {
  const byDay = new Map<string, number>();
  for (const d of days) byDay.set(d.day, (byDay.get(d.day) ?? 0) + weighted(d, r));
  const out: { day: string; points: number; score: number }[] = [];
  const start = Date.parse(`${fromDay}T00:00:00Z`);
  const end = Date.parse(`${toDay}T00:00:00Z`);
  for (let t = start; t <= end; t += DAY) {
    let score = 0;
    for (const [day, points] of byDay) {
      const age = (t - Date.parse(`${day}T00:00:00Z`)) / DAY;
      if (age >= 0) score += points * decay(age, r.halfLifeDays);
    }
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, points: Math.round((byDay.get(day) ?? 0) * 100) / 100, score: Math.round(score * 100) / 100 });
  }
  return out;
}

/** Sessions with what was read in them, in order: pages (with time on page), downloads, forms. */
function sessionsRead(events: readonly StoredEvent[]): Map<string, SessionRead> {
  const timeOnView = new Map<string, number>();
  for (const e of events) {
    const view = text(e.props?.view);
    const ms = e.props?.visible_ms;
    if (e.type === 'engagement' && view && typeof ms === 'number' && Number.isFinite(ms)) timeOnView.set(view, Math.max(timeOnView.get(view) ?? 0, ms));
  }
  const bySession = new Map<string, SessionRead>();
  for (const e of events) {
    const key = `${e.siteId}\u0000${e.session ?? `single:${e.id}`}`;
    let s = bySession.get(key);
    if (!s) bySession.set(key, (s = { pages: [], downloads: [], forms: [] }));
    if (e.type === 'page_view') s.pages.push({ url: e.url, title: e.title, at: iso(e.ts), time_ms: timeOnView.get(e.id) ?? null });
    else if (e.type === 'download') s.downloads.push({ href: text(e.props?.href) ?? e.url, text: text(e.props?.text), at: iso(e.ts) });
    else if (e.type === 'form') s.forms.push({ form_id: text(e.props?.form_id), url: e.url, at: iso(e.ts) });
  }
  return bySession;
}

/** Which of the period's sessions to list, newest first: the API lists the newest 200, the dashboard pages 20 at a time. */
export interface SessionPage {
  offset: number;
  limit: number;
}

/**
 * One account, whole, over the period: who, how identified, score history, stage changes,
 * sessions read (a page of them), people, channels and touch credit. Null when no account has the id.
 */
export async function accountReport(store: AccountStore, id: string, range: ReportRange, reading: ScoreReading, page: SessionPage = { offset: 0, limit: 200 }): Promise<AccountReport | null> {
  const account = (await store.listAccounts({ limit: 1, ids: [id] }))[0];
  if (!account) return null;
  const [detail, changes, touches, reverseDns] = await Promise.all([
    store.accountDetail({ accountId: id, from: range.from, to: range.to, fromDay: range.fromDay, toDay: range.toDay, limit: 5000, sessionOffset: page.offset, sessionLimit: page.limit }),
    store.stageChanges({ accountId: id, limit: 100 }),
    store.accountSessions({ from: range.from, to: range.to, accountId: id }),
    store.reverseDnsEvidence(id),
  ]);
  const points = touches.map((s) => ({ channel: s.channel ?? 'Unassigned', at: s.startedAt }));
  const history = scoreHistory(detail.days, range.fromDay, range.toDay, reading);
  const read = sessionsRead(detail.events);
  // Channels over every session of the period, not only the listed page of them.
  const channels = new Map<string, number>();
  for (const p of points) channels.set(p.channel, (channels.get(p.channel) ?? 0) + 1);
  const sum = (f: (d: AccountDay) => number) => detail.days.reduce((n, d) => n + f(d), 0);
  return {
    id: account.id,
    name: account.name,
    domain: account.domain,
    aliases: account.aliases,
    target: account.target,
    tier: account.tier,
    owner: account.owner,
    stage: account.stage,
    stage_changed_at: iso(account.stageChangedAt),
    first_seen: iso(account.firstSeen),
    last_seen: iso(account.lastSeen),
    from: range.fromDay,
    to: range.toDay,
    score: history.at(-1)?.score ?? 0,
    totals: { visits: sum((d) => d.sessions), page_views: sum((d) => d.pageViews), downloads: sum((d) => d.downloads), forms: sum((d) => d.forms), engaged_ms: sum((d) => d.engagedMs) },
    identification: detail.identification.map((i) => ({ via: i.via, source: i.source, network_class: i.networkClass, organization: i.organization, events: i.events, confidence: i.confidence })),
    reverse_dns: reverseDns.map((r) => ({ ptr: r.ptr, network: r.network, checked_at: iso(r.checkedAt) })),
    score_history: history,
    stage_changes: changes.map((s) => ({ from: s.from, to: s.to, at: iso(s.at), source: s.source, reason: s.reason })),
    sessions_total: detail.sessionCount,
    forms: detail.forms.map((f) => ({ form_id: f.formId, url: f.url, at: iso(f.ts) })),
    sessions: detail.sessions.map((s) => ({
      id: s.id,
      started_at: iso(s.startedAt),
      last_seen: iso(s.lastSeen),
      channel: s.channel,
      source: s.source,
      medium: s.medium,
      campaign: s.campaign,
      landing_url: s.landingUrl,
      ...(read.get(`${s.siteId}\u0000${s.id}`) ?? { pages: [], downloads: [], forms: [] }),
    })),
    people: {
      known: detail.people.map((p) => ({ email_domain: p.emailDomain, job_title: p.jobTitle, role_level: p.roleLevel, first_seen: iso(p.firstSeen), last_seen: iso(p.lastSeen) })),
      anonymous_visitors: detail.anonymousVisitors,
    },
    channels: [...channels].map(([channel, sessions]) => ({ channel, sessions })).sort((a, b) => b.sessions - a.sessions),
    attribution: Object.fromEntries(TOUCH_MODELS.map((m) => [m, touchCredit(points, m)])) as AccountReport['attribution'],
  };
}
