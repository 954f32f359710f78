import { randomUUID } from 'node:crypto';
import type { ScoreReading } from '../accounts/index.js';
import type { AlertCandidate, AlertDestinationRow, NewOutboxRow, Store } from '../store/index.js';
import type { AlertsFace } from './face.js';
import { mqaTrigger, surgeTrigger, visitTriggers, type Trigger } from './rules.js';
import { readAlertSettings, SETTINGS_NAME, type AlertSettings } from './settings.js';
import { DEFAULT_BACKOFF, localDayHour, localMinutes, nextAttempt, quietUntil, type Backoff } from './timing.js';
import type { Alert, Deliver, Destination, Digest } from './types.js';

const DAY = 86_400_000;
const CURSOR = 'alerts_cursor';
const SURGE_HOUR = 'alerts_surge_hour';
/** Each scan looks this far back before the last one's end: visits committed late are still seen (keys keep it to one alert). */
const OVERLAP_MS = 5 * 60_000;
/** A first scan looks back this far: turning alerts on does not replay history. */
const FIRST_LOOK_BACK_MS = 15 * 60_000;

export interface NotifierOptions {
  store: Store;
  deliver: Deliver;
  now: () => number;
  /** Where the dashboard is, for links in alerts. */
  publicUrl: string;
  reading: ScoreReading;
  backoff?: Backoff;
  /** How long a claimed alert stays locked to its sender (a crashed sender's alerts are taken over after it). */
  lockMs?: number;
  scanEveryMs?: number;
  sendEveryMs?: number;
  random?: () => number;
  onError?: (err: unknown) => void;
}

export interface Notifier {
  /** Finds new triggers and queues their alerts; returns how many were queued. */
  scan(): Promise<number>;
  /** Sends what is due; returns how many were delivered. */
  send(): Promise<number>;
  /** Folds waiting digest alerts into today's digests when their hour has come; returns alerts folded. */
  digests(): Promise<number>;
  /** scan, digests, send. */
  tick(): Promise<void>;
  /** Runs the loops until the returned stop is called. */
  start(): () => Promise<void>;
  face: AlertsFace;
}

const toDestination = (d: AlertDestinationRow): Destination => ({ ...d, kind: d.kind as Destination['kind'] });

/** Owner's destinations when the owner has any, else the default ones (no owner). */
export function routeTo(owner: string | null, all: readonly Destination[]): Destination[] {
  const mine = owner ? all.filter((d) => d.owner === owner.toLowerCase()) : [];
  return mine.length ? mine : all.filter((d) => d.owner === null);
}

export function createNotifier(o: NotifierOptions): Notifier {
  const backoff = o.backoff ?? DEFAULT_BACKOFF;
  const lockMs = o.lockMs ?? 60_000;
  const random = o.random ?? Math.random;
  const accountUrl = (id: string) => `${o.publicUrl}/app/accounts/${encodeURIComponent(id)}`;

  const alertOf = (t: Trigger, account: Alert['account'], pages: Alert['pages']): Alert => ({
    key: t.key, rule: t.rule, summary: t.summary, account, occurredAt: t.at, pages, url: accountUrl(account.id), facts: t.facts,
  });

  const queue = async (t: Trigger, alert: Alert, settings: AlertSettings, destinations: readonly Destination[], now: number) => {
    const wait = quietUntil(now, settings.quietHours, settings.timeZone) ?? now;
    const outbox: NewOutboxRow[] = routeTo(alert.account.owner, destinations).map((d) => ({
      id: randomUUID(), destinationId: d.id, payload: JSON.stringify(alert), nextAttemptAt: wait, status: d.digest ? 'digest' : 'pending',
    }));
    const outcome = await o.store.recordAlertTrigger({ key: t.key, rule: t.rule, accountId: alert.account.id, at: t.at, windowMs: settings.windowHours * 3_600_000, outbox });
    return outcome === 'queued' && outbox.length > 0 ? 1 : 0;
  };

  const pagesOf = (c: AlertCandidate) => c.events.filter((e) => e.type === 'page_view' && e.url).slice(0, 20).map((e) => ({ url: e.url!, title: e.title, at: e.ts }));

  async function scan(): Promise<number> {
    const now = o.now();
    const settings = readAlertSettings(await o.store.getSetting(SETTINGS_NAME));
    const destinations = (await o.store.listAlertDestinations()).map(toDestination);
    const cursor = Number(await o.store.getSetting(CURSOR));
    const since = Number.isFinite(cursor) && cursor > 0 ? cursor - OVERLAP_MS : now - FIRST_LOOK_BACK_MS;
    let queued = 0;

    for (const c of await o.store.alertCandidates({ since, until: now, limit: 2000 })) {
      for (const t of visitTriggers(c, settings)) queued += await queue(t, alertOf(t, c.account, pagesOf(c)), settings, destinations, now);
    }

    if (settings.rules.mqa) {
      const changes = (await o.store.stageChanges({ since, limit: 1000 })).filter((s) => s.to === 'mqa' && s.at < now);
      const ids = [...new Set(changes.map((s) => s.accountId))];
      const accounts = new Map(ids.length ? (await o.store.listAccounts({ limit: 1000, ids })).map((a) => [a.id, a]) : []);
      for (const s of changes) {
        const a = accounts.get(s.accountId);
        if (!a?.target) continue;
        const t = mqaTrigger(s, a.name);
        queued += await queue(t, alertOf(t, { id: a.id, name: a.name, domain: a.domain, tier: a.tier, owner: a.owner, stage: a.stage }, []), settings, destinations, now);
      }
    }

    // Score surges: once an hour is plenty for a week-over-week comparison.
    const hour = String(Math.floor(now / 3_600_000));
    if (settings.rules.score_surge && (await o.store.getSetting(SURGE_HOUR)) !== hour) {
      await o.store.putSetting(SURGE_HOUR, hour);
      queued += await surges(settings, destinations, now);
    }
    await o.store.putSetting(CURSOR, String(now));
    return queued;
  }

  async function surges(settings: AlertSettings, destinations: readonly Destination[], now: number): Promise<number> {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const weekStart = day(now - 6 * DAY);
    const targets = new Map((await o.store.listTargets()).map((a) => [a.id, a]));
    const points = new Map<string, [number, number]>();
    const w = o.reading.weights;
    for (const d of await o.store.accountDays({ from: day(now - 13 * DAY), to: day(now) })) {
      if (!targets.has(d.accountId)) continue;
      const p = d.points.c_level * w.c_level + d.points.vp * w.vp + d.points.director * w.director + d.points.manager * w.manager + d.points.other * w.other;
      const pair = points.get(d.accountId) ?? [0, 0];
      pair[d.day >= weekStart ? 0 : 1] += p;
      points.set(d.accountId, pair);
    }
    let queued = 0;
    for (const [id, [thisWeek, lastWeek]] of points) {
      const a = targets.get(id)!;
      const t = surgeTrigger(a, thisWeek, lastWeek, now, settings);
      if (t) queued += await queue(t, alertOf(t, { id: a.id, name: a.name, domain: a.domain, tier: a.tier, owner: a.owner, stage: a.stage }, []), settings, destinations, now);
    }
    return queued;
  }

  async function send(): Promise<number> {
    const now = o.now();
    const rows = await o.store.claimAlerts({ now, lockUntil: now + lockMs, limit: 20 });
    if (!rows.length) return 0;
    const destinations = new Map((await o.store.listAlertDestinations()).map((d) => [d.id, toDestination(d)]));
    let sent = 0;
    for (const row of rows) {
      const destination = destinations.get(row.destinationId);
      if (!destination) {
        await o.store.settleAlert(row.id, { error: 'the destination was removed', nextAttemptAt: null });
        continue;
      }
      const payload = JSON.parse(row.payload) as Alert | Digest;
      const result = await o.deliver(destination, row.rule === 'digest' ? { digest: payload as Digest } : { alert: payload as Alert }).catch((err: unknown) => ({ ok: false as const, error: err instanceof Error ? err.message : String(err), retry: true }));
      const at = o.now();
      if (result.ok) {
        await o.store.settleAlert(row.id, { sentAt: at });
        sent++;
      } else {
        await o.store.settleAlert(row.id, { error: result.error, nextAttemptAt: result.retry ? nextAttempt(at, row.attempts + 1, backoff, random) : null });
      }
    }
    return sent;
  }

  async function digests(): Promise<number> {
    const now = o.now();
    const settings = readAlertSettings(await o.store.getSetting(SETTINGS_NAME));
    const { day } = localDayHour(now, settings.timeZone);
    const sinceDigestHour = localMinutes(now, settings.timeZone) - settings.digestHour * 60;
    if (sinceDigestHour < 0) return 0;
    // Today's digest holds what waited until today's digest hour; anything later waits for tomorrow's.
    const upTo = Math.floor(now / 60_000) * 60_000 - sinceDigestHour * 60_000;
    let folded = 0;
    for (const d of await o.store.listAlertDestinations()) {
      if (!d.digest) continue;
      const key = `digest:${d.id}:${day}`;
      folded += await o.store.takeAlertDigest({
        destinationId: d.id, key, id: randomUUID(), now, upTo,
        build: (payloads) => JSON.stringify({ key, day, alerts: payloads.map((p) => JSON.parse(p) as Alert), url: `${o.publicUrl}/app` } satisfies Digest),
      });
    }
    return folded;
  }

  async function tick(): Promise<void> {
    await scan();
    await digests();
    await send();
  }

  function start(): () => Promise<void> {
    let running = true;
    const loops = [
      [async () => { await scan(); await digests(); }, o.scanEveryMs ?? 2000],
      [send, o.sendEveryMs ?? 1000],
    ] as const;
    const inFlight = new Set<Promise<unknown>>();
    const timers = loops.map(([work, every]) => {
      let busy = false;
      return setInterval(() => {
        if (!running || busy) return;
        busy = true;
        const p = work().catch((err) => o.onError?.(err)).finally(() => {
          busy = false;
          inFlight.delete(p);
        });
        inFlight.add(p);
      }, every);
    });
    return async () => {
      running = false;
      timers.forEach(clearInterval);
      await Promise.all([...inFlight]);
    };
  }

  const face: AlertsFace = {
    sendTest: (destination) =>
      o.deliver(destination, {
        alert: {
          key: `test:${randomUUID()}`, rule: 'high_intent', summary: 'Test alert: Example Corp viewed the pricing page',
          account: { id: 'acc_example', name: 'Example Corp', domain: 'example.com', tier: '1', owner: destination.owner, stage: 'engaged' },
          occurredAt: o.now(), pages: [{ url: 'https://www.example.com/pricing', title: 'Pricing', at: o.now() }], url: `${o.publicUrl}/app/alerts`,
          facts: [{ label: 'Note', value: 'This is a test from Open ABM; no account did anything.' }],
        },
      }),
  };

  return { scan, send, digests, tick, start, face };
}
