import { randomUUID } from 'node:crypto';
import type { ScoreReading } from '../accounts/index.js';
import type { AlertCandidate, AlertDestinationRow, NewOutboxRow, Store } from '../store/index.js';
import { accountOf, byPriority, composeAlert, groupTriggers, isReady, MAX_HOLD_FACTOR, type AccountTrigger, type AlertGroup } from './compose.js';
import type { AlertsFace } from './face.js';
import { mqaTrigger, visitTriggers } from './rules.js';
import { surgeTriggers } from './surges.js';
import { readAlertSettings, SETTINGS_NAME, type AlertSettings } from './settings.js';
import { DEFAULT_BACKOFF, localDayHour, localMinutes, nextAttempt, quietUntil, type Backoff } from './timing.js';
import type { Alert, Deliver, Destination, Digest } from './types.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const CURSOR = 'alerts_cursor';
/** Where the next scan starts when asked to look back (replayAlertsFrom); cleared by that scan. */
const REPLAY = 'alerts_replay_from';
const SURGE_HOUR = 'alerts_surge_hour';
/** Each scan looks this far back before the last one's end: visits committed late are still seen (keys keep it to one alert). */
const OVERLAP_MS = 5 * MINUTE;
/** A first scan looks back this far: turning alerts on does not replay history. */
const FIRST_LOOK_BACK_MS = 15 * MINUTE;
/** Reason keys a notifier remembers as recorded (the oldest are forgotten first; forgetting one costs a rescan's write). */
const KNOWN_KEYS = 20_000;

export interface NotifierOptions {
  store: Store;
  deliver: Deliver;
  now: () => number;
  /** Where the dashboard is, for links in alerts. */
  publicUrl: string;
  reading: ScoreReading;
  /**
   * Moves accounts' stages as of `at` (the collector's stage evaluation): run before a scan that
   * found visits, so an alert tells the stage as it is after what it reports, and an MQA that
   * the visit made comes in the same alert.
   */
  evaluateStages?: (at: number) => Promise<unknown>;
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

/**
 * The next scan looks at what happened since `from` (and the usual overlap before it): alerts
 * for a past stretch, each still sent at most once. For a demo's history, or to catch up after
 * alerts were off; a scan otherwise never looks back further than its last run.
 */
export async function replayAlertsFrom(store: Store, from: number): Promise<void> {
  await store.putSetting(REPLAY, String(from));
}

export function createNotifier(o: NotifierOptions): Notifier {
  const backoff = o.backoff ?? DEFAULT_BACKOFF;
  const lockMs = o.lockMs ?? 60_000;
  const random = o.random ?? Math.random;
  const accountUrl = (id: string) => `${o.publicUrl}/app/accounts/${encodeURIComponent(id)}`;

  /** Records a group's reasons and queues one alert for those that pass; 1 when one was queued. */
  const queue = async (g: AlertGroup, settings: AlertSettings, destinations: readonly Destination[], now: number) => {
    const wait = quietUntil(now, settings.quietHours, settings.timeZone) ?? now;
    const to = routeTo(g.account.owner, destinations);
    const ordered = byPriority(g.triggers);
    const byKey = new Map(ordered.map((t) => [t.key, t]));
    const { outcome } = await o.store.recordAlert({
      accountId: g.account.id,
      windowMs: settings.windowHours * 3_600_000,
      reasons: ordered.map(({ key, rule, at }) => ({ key, rule, at })),
      outbox: (passed, earlier) => {
        const alert = composeAlert(g, passed.map((r) => byKey.get(r.key)!), { followUp: earlier.length > 0, url: accountUrl(g.account.id), pagesFrom: g.session ? 'visit' : 'recent' });
        return to.map((d): NewOutboxRow => ({ id: randomUUID(), destinationId: d.id, payload: JSON.stringify(alert), nextAttemptAt: wait, status: d.digest ? 'digest' : 'pending' }));
      },
    });
    return outcome === 'queued' && to.length > 0 ? 1 : 0;
  };

  /** Accounts as they are now (stages just evaluated), by id. */
  const accountsById = async (ids: string[]) => new Map(ids.length ? (await o.store.listAccounts({ limit: ids.length, ids })).map((a) => [a.id, a]) : []);

  /** Reason keys recorded already (by any process), so a visit told is not recorded again on every scan that still sees it. */
  const known = new Set<string>();
  const remember = (keys: readonly string[]) => {
    for (const k of keys) known.add(k);
    for (const k of known) {
      if (known.size <= KNOWN_KEYS) break;
      known.delete(k);
    }
  };
  const news = (g: AlertGroup) => g.triggers.some((t) => !known.has(t.key));

  async function scan(): Promise<number> {
    const now = o.now();
    const settings = readAlertSettings(await o.store.getSetting(SETTINGS_NAME));
    const destinations = (await o.store.listAlertDestinations()).map(toDestination);
    const cursor = Number(await o.store.getSetting(CURSOR));
    const replay = Number(await o.store.getSetting(REPLAY));
    const hold = settings.holdMinutes * MINUTE;
    // Held visits and what came with them must still be seen when they go: look back past the hold.
    const last = Number.isFinite(cursor) && cursor > 0 ? cursor - OVERLAP_MS - hold : now - FIRST_LOOK_BACK_MS;
    const since = replay > 0 ? Math.min(last, replay) : last;
    const candidates = await o.store.alertCandidates({ since, until: now, limit: 2000 });
    const ready = (g: AlertGroup) => news(g) && isReady(g, settings, now);

    // A visit about to be told: stages first, so it tells the stage after the visit and any MQA it made.
    const telling = groupTriggers(candidates.map((c) => ({ candidate: c, triggers: visitTriggers(c, settings) })), []).some(ready);
    if (telling && o.evaluateStages) await o.evaluateStages(now).catch((err: unknown) => o.onError?.(err));
    const fresh = telling ? await accountsById([...new Set(candidates.map((c) => c.account.id))]) : new Map<string, never>();
    const visits = candidates.map((c) => {
      const a = fresh.get(c.account.id);
      const candidate: AlertCandidate = a ? { ...c, account: accountOf(a) } : c;
      return { candidate, triggers: visitTriggers(candidate, settings) };
    });

    const extras: AccountTrigger[] = [];
    if (settings.rules.mqa) {
      const changes = (await o.store.stageChanges({ since: since - hold * MAX_HOLD_FACTOR, limit: 1000 })).filter((s) => s.to === 'mqa' && s.at <= now);
      const accounts = await accountsById([...new Set(changes.map((s) => s.accountId))]);
      for (const s of changes) {
        const a = accounts.get(s.accountId);
        if (a?.target) extras.push({ account: accountOf(a), trigger: mqaTrigger(s, a.name) });
      }
    }
    // Score surges: every hour for every target account, and for the accounts whose visit is told now.
    const hour = String(Math.floor(now / 3_600_000));
    const everyone = settings.rules.score_surge && (await o.store.getSetting(SURGE_HOUR)) !== hour;
    if (everyone) {
      await o.store.putSetting(SURGE_HOUR, hour);
      extras.push(...(await surgeTriggers(o.store, o.reading, settings, now)));
    }
    let groups = groupTriggers(visits, extras).filter(ready);
    if (settings.rules.score_surge && !everyone) {
      const told = new Set(groups.filter((g) => g.session).map((g) => g.account.id));
      groups = groupTriggers(visits, [...extras, ...(await surgeTriggers(o.store, o.reading, settings, now, told))]).filter(ready);
    }

    let queued = 0;
    for (const g of groups.sort((a, b) => Math.min(...a.triggers.map((t) => t.at)) - Math.min(...b.triggers.map((t) => t.at)))) {
      if (!g.session) g.pages = await recentPages(g.account.id, Math.max(...g.triggers.map((t) => t.at)));
      queued += await queue(g, settings, destinations, now);
      remember(g.triggers.map((t) => t.key));
    }
    await o.store.putSetting(CURSOR, String(now));
    if (replay > 0) await o.store.putSetting(REPLAY, '');
    return queued;
  }

  /** An account's latest pages up to `until`, in reading order: what a stand-alone MQA or surge shows. */
  async function recentPages(accountId: string, until: number): Promise<Alert['pages']> {
    const actions = await o.store.accountActions({ accountId, since: until - 30 * DAY, until, limit: 60 });
    return actions.filter((e) => e.type === 'page_view' && e.url).slice(0, 20).reverse().map((e) => ({ url: e.url!, title: e.title, at: e.ts }));
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
    sendTest: (destination) => {
      const at = o.now();
      const note = { label: 'Note', value: 'This is a test from Open ABM; no account did anything.' };
      return o.deliver(destination, {
        alert: {
          key: `test:${randomUUID()}`, rule: 'form', summary: 'Test alert: Example Corp viewed Pricing and filled in the form demo-request',
          reasons: [
            { rule: 'high_intent', summary: 'Example Corp viewed Pricing', at: at - 60_000, facts: [{ label: 'Page', value: '/pricing' }] },
            { rule: 'form', summary: 'Example Corp filled in the form demo-request', at, facts: [{ label: 'Form', value: 'demo-request' }, { label: 'Job title', value: 'Head of Finance' }] },
          ],
          followUp: false,
          account: { id: 'acc_example', name: 'Example Corp', domain: 'example.com', tier: '1', owner: destination.owner, stage: 'mqa' },
          occurredAt: at, pages: [{ url: 'https://www.example.com/pricing', title: 'Pricing', at: at - 60_000 }], pagesFrom: 'visit', url: `${o.publicUrl}/app/alerts`,
          facts: [{ label: 'Page', value: '/pricing' }, { label: 'Form', value: 'demo-request' }, { label: 'Job title', value: 'Head of Finance' }, note],
        },
      });
    },
  };

  return { scan, send, digests, tick, start, face };
}
