import type { AccountDaysTable, AccountDayKeysTable } from './types.js';
import type { StoredEvent } from './store.js';
import type { WriteTx } from './write-tx.js';

/** An engagement event counts at most this much visible time (a tab left open all night is not reading). */
export const MAX_ENGAGED_MS = 30 * 60 * 1000;

export const utcDay = (ts: number) => new Date(ts).toISOString().slice(0, 10);

/**
 * Keeps the per-account-per-day rollups current as events are written: counts add up, and a
 * visitor or session is counted once per account and day (account_day_keys remembers which
 * were). Events of bots and events crediting no account are not counted.
 */
export async function addToRollups(tx: WriteTx, events: StoredEvent[]): Promise<void> {
  const days = new Map<string, AccountDaysTable>();
  const keys: AccountDayKeysTable[] = [];
  const seenKeys = new Set<string>();
  for (const e of events) {
    const accountId = e.account?.id;
    if (!accountId || e.bot) continue;
    const day = utcDay(e.ts);
    const k = `${accountId}\u0000${e.siteId}\u0000${day}`;
    let r = days.get(k);
    if (!r) {
      r = { account_id: accountId, site_id: e.siteId, day, events: 0, page_views: 0, downloads: 0, forms: 0, engaged_ms: 0, visitors: 0, sessions: 0, first_ts: e.ts, last_ts: e.ts };
      days.set(k, r);
    }
    r.events += 1;
    r.page_views += e.type === 'page_view' ? 1 : 0;
    r.downloads += e.type === 'download' ? 1 : 0;
    r.forms += e.type === 'form' ? 1 : 0;
    r.engaged_ms += e.type === 'engagement' ? engagedMs(e.props) : 0;
    r.first_ts = Math.min(r.first_ts, e.ts);
    r.last_ts = Math.max(r.last_ts, e.ts);
    for (const member of [e.visitor && `v:${e.visitor}`, e.session && `s:${e.session}`]) {
      if (!member || seenKeys.has(`${k}\u0000${member}`)) continue;
      seenKeys.add(`${k}\u0000${member}`);
      keys.push({ account_id: accountId, site_id: e.siteId, day, member });
    }
  }
  if (!days.size) return;
  keys.sort((a, b) => compare(keyOf(a), keyOf(b)));
  const fresh = await tx.insertNew('account_day_keys', DAY_KEY_COLUMNS, DAY_KEY_COLUMNS, keys);
  keys.forEach((key, i) => {
    if (!fresh[i]) return;
    const r = days.get(`${key.account_id}\u0000${key.site_id}\u0000${key.day}`)!;
    if (key.member.startsWith('v:')) r.visitors += 1;
    else r.sessions += 1;
  });
  // In key order: two processes upserting the same rows lock them in the same order.
  const rows = [...days.entries()].sort(([a], [b]) => compare(a, b)).map(([, r]) => r);
  await tx.upsert('account_days', DAY_COLUMNS, ['account_id', 'site_id', 'day'], DAY_MERGE, rows);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (k: AccountDayKeysTable) => `${k.account_id}\u0000${k.site_id}\u0000${k.day}\u0000${k.member}`;

function engagedMs(props: Record<string, unknown> | null): number {
  const ms = props?.visible_ms;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.min(Math.round(ms), MAX_ENGAGED_MS) : 0;
}

const DAY_KEY_COLUMNS = ['account_id', 'site_id', 'day', 'member'] as const satisfies readonly (keyof AccountDayKeysTable)[];

const DAY_COLUMNS = [
  'account_id', 'site_id', 'day', 'events', 'page_views', 'downloads', 'forms', 'engaged_ms', 'visitors', 'sessions', 'first_ts', 'last_ts',
] as const satisfies readonly (keyof AccountDaysTable)[];

const DAY_MERGE = [
  ...['events', 'page_views', 'downloads', 'forms', 'engaged_ms', 'visitors', 'sessions'].map((c) => `${c} = account_days.${c} + excluded.${c}`),
  'first_ts = CASE WHEN excluded.first_ts < account_days.first_ts THEN excluded.first_ts ELSE account_days.first_ts END',
  'last_ts = CASE WHEN excluded.last_ts > account_days.last_ts THEN excluded.last_ts ELSE account_days.last_ts END',
].join(', ');
