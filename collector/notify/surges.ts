import type { ScoreReading } from '../accounts/index.js';
import type { Store } from '../store/index.js';
import { accountOf, type AccountTrigger } from './compose.js';
import { surgeTrigger } from './rules.js';
import type { AlertSettings } from './settings.js';

const DAY = 86_400_000;

/**
 * Score surges, week over week, of every target account or of `only` these: each account's
 * role-weighted points of the last seven days against the seven before, from the daily rollups.
 */
export async function surgeTriggers(store: Store, reading: ScoreReading, settings: AlertSettings, now: number, only?: Set<string>): Promise<AccountTrigger[]> {
  if (only && !only.size) return [];
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const weekStart = day(now - 6 * DAY);
  const targets = new Map((await store.listTargets()).filter((a) => !only || only.has(a.id)).map((a) => [a.id, a]));
  const range = { from: day(now - 13 * DAY), to: day(now) };
  const rows = only ? (await Promise.all([...targets.keys()].map((accountId) => store.accountDays({ ...range, accountId })))).flat() : await store.accountDays(range);
  const points = new Map<string, [number, number]>();
  const w = reading.weights;
  for (const d of rows) {
    if (!targets.has(d.accountId)) continue;
    const p = d.points.c_level * w.c_level + d.points.vp * w.vp + d.points.director * w.director + d.points.manager * w.manager + d.points.other * w.other;
    const pair = points.get(d.accountId) ?? [0, 0];
    pair[d.day >= weekStart ? 0 : 1] += p;
    points.set(d.accountId, pair);
  }
  const out: AccountTrigger[] = [];
  for (const [id, [thisWeek, lastWeek]] of points) {
    const a = targets.get(id)!;
    const t = surgeTrigger(a, thisWeek, lastWeek, now, settings);
    if (t) out.push({ account: accountOf(a), trigger: t });
  }
  return out;
}
