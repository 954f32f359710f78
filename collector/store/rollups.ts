import type { AccountDaysTable, AccountDayKeysTable } from './types.js';
import type { WriteTx } from './write-tx.js';
import { forgetVisitors, noteVisitors, syncAccountTotals } from './account-totals.js';
import type { StoredEvent } from '../schema/domain.js';

/** An engagement event counts at most this much visible time (a tab left open all night is not reading). */
export const MAX_ENGAGED_MS = 30 * 60 * 1000;

export const utcDay = (ts: number) => new Date(ts).toISOString().slice(0, 10);

/**
 * Keeps the per-account-per-day rollups current as events are written: counts add up, and a
 * visitor or session is counted once per account and day (account_day_keys remembers which
 * were). Events of bots and events crediting no account are not counted.
 */
export async function addToRollups(tx: WriteTx, events: StoredEvent[]): Promise<void> {
  const { days, keys } = aggregate(events);
  if (!days.size) return;
  keys.sort((a, b) => compare(keyOf(a), keyOf(b)));
  const fresh = await tx.insertNew('account_day_keys', DAY_KEY_COLUMNS, DAY_KEY_COLUMNS, keys);
  keys.forEach((key, i) => {
    if (!fresh[i]) return;
    const r = days.get(dayKey(key))!;
    if (key.member.startsWith('v:')) r.visitors += 1;
    else r.sessions += 1;
  });
  // In key order: two processes upserting the same rows lock them in the same order.
  const rows = [...days.entries()].sort(([a], [b]) => compare(a, b)).map(([, r]) => r);
  await tx.upsert('account_days', DAY_COLUMNS, ['account_id', 'site_id', 'day'], DAY_MERGE, rows);
  const moved = await noteVisitors(tx, keys.filter((_, i) => fresh[i]));
  await syncAccountTotals(tx, [...rows, ...moved]);
}

/**
 * The opposite, for events that stop crediting an account (identity stitching moved them; the
 * events table must already say so): their counts come off, and their visitors and sessions stop
 * being counted for those days unless other events left there still have them. A day left with
 * no events goes.
 */
export async function removeFromRollups(tx: WriteTx, events: StoredEvent[]): Promise<void> {
  const { days, keys } = aggregate(events);
  keys.sort((a, b) => compare(keyOf(a), keyOf(b)));
  const removed: AccountDayKeysTable[] = [];
  for (const key of keys) {
    // A visitor or session still seen that day by events left on the account stays counted.
    const start = Date.parse(`${key.day}T00:00:00Z`);
    const column = key.member.startsWith('v:') ? 'visitor' : 'session';
    const left = await tx.first(
      `SELECT 1 AS one FROM events WHERE account_id = ? AND site_id = ? AND ${column} = ? AND ts >= ? AND ts < ? AND bot = 0 LIMIT 1`,
      [key.account_id, key.site_id, key.member.slice(2), start, start + 86_400_000],
    );
    if (left) continue;
    const gone = await tx.run('DELETE FROM account_day_keys WHERE account_id = ? AND site_id = ? AND day = ? AND member = ?', [key.account_id, key.site_id, key.day, key.member]);
    if (gone) removed.push(key);
    const r = days.get(dayKey(key))!;
    if (gone && key.member.startsWith('v:')) r.visitors += 1;
    else if (gone) r.sessions += 1;
  }
  for (const [, r] of [...days.entries()].sort(([a], [b]) => compare(a, b))) {
    const where = [r.account_id, r.site_id, r.day];
    await tx.run(
      'UPDATE account_days SET events = events - ?, page_views = page_views - ?, downloads = downloads - ?, forms = forms - ?, ' +
        'engaged_ms = engaged_ms - ?, visitors = visitors - ?, sessions = sessions - ?, ' +
        POINT_COLUMNS.map((c) => `${c} = ${c} - ?`).join(', ') +
        ' WHERE account_id = ? AND site_id = ? AND day = ?',
      [r.events, r.page_views, r.downloads, r.forms, r.engaged_ms, r.visitors, r.sessions, ...POINT_COLUMNS.map((c) => r[c]), ...where],
    );
    await tx.run('DELETE FROM account_days WHERE account_id = ? AND site_id = ? AND day = ? AND events <= 0', where);
  }
  const moved = await forgetVisitors(tx, removed);
  await syncAccountTotals(tx, [...days.values(), ...moved]);
}

/** Counts per account, site and day (visitors and sessions left at 0), and the members each day saw. */
function aggregate(events: StoredEvent[]): { days: Map<string, AccountDaysTable>; keys: AccountDayKeysTable[] } {
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
      r = {
        account_id: accountId, site_id: e.siteId, day, events: 0, page_views: 0, downloads: 0, forms: 0, engaged_ms: 0, visitors: 0, sessions: 0,
        first_ts: e.ts, last_ts: e.ts, points_c_level: 0, points_vp: 0, points_director: 0, points_manager: 0, points_other: 0,
      };
      days.set(k, r);
    }
    r.events += 1;
    r.page_views += e.type === 'page_view' ? 1 : 0;
    r.downloads += e.type === 'download' ? 1 : 0;
    r.forms += e.type === 'form' ? 1 : 0;
    r.engaged_ms += e.type === 'engagement' ? engagedMs(e.props) : 0;
    r[pointsColumn(e.roleLevel)] += e.points ?? 0;
    r.first_ts = Math.min(r.first_ts, e.ts);
    r.last_ts = Math.max(r.last_ts, e.ts);
    for (const member of [e.visitor && `v:${e.visitor}`, e.session && `s:${e.session}`]) {
      if (!member || seenKeys.has(`${k}\u0000${member}`)) continue;
      seenKeys.add(`${k}\u0000${member}`);
      keys.push({ account_id: accountId, site_id: e.siteId, day, member });
    }
  }
  return { days, keys };
}

const LEVELS = new Set(['c_level', 'vp', 'director', 'manager']);
type PointsColumn = 'points_c_level' | 'points_vp' | 'points_director' | 'points_manager' | 'points_other';
/** Unknown seniority counts as 'other'. */
const pointsColumn = (level: string | null | undefined): PointsColumn => (level && LEVELS.has(level) ? `points_${level}` : 'points_other') as PointsColumn;

const dayKey = (k: Pick<AccountDayKeysTable, 'account_id' | 'site_id' | 'day'>) => `${k.account_id}\u0000${k.site_id}\u0000${k.day}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (k: AccountDayKeysTable) => `${k.account_id}\u0000${k.site_id}\u0000${k.day}\u0000${k.member}`;

function engagedMs(props: Record<string, unknown> | null): number {
  const ms = props?.visible_ms;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.min(Math.round(ms), MAX_ENGAGED_MS) : 0;
}

const POINT_COLUMNS = ['points_c_level', 'points_vp', 'points_director', 'points_manager', 'points_other'] as const;

const DAY_KEY_COLUMNS = ['account_id', 'site_id', 'day', 'member'] as const satisfies readonly (keyof AccountDayKeysTable)[];

const DAY_COLUMNS = [
  'account_id', 'site_id', 'day', 'events', 'page_views', 'downloads', 'forms', 'engaged_ms', 'visitors', 'sessions', 'first_ts', 'last_ts',
  'points_c_level', 'points_vp', 'points_director', 'points_manager', 'points_other',
] as const satisfies readonly (keyof AccountDaysTable)[];

const DAY_MERGE = [
  ...['events', 'page_views', 'downloads', 'forms', 'engaged_ms', 'visitors', 'sessions', ...POINT_COLUMNS].map((c) => `${c} = account_days.${c} + excluded.${c}`),
  'first_ts = CASE WHEN excluded.first_ts < account_days.first_ts THEN excluded.first_ts ELSE account_days.first_ts END',
  'last_ts = CASE WHEN excluded.last_ts > account_days.last_ts THEN excluded.last_ts ELSE account_days.last_ts END',
].join(', ');
