import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore, type DatabaseTarget, type Store, type TriggerRecord } from '../../collector/store/index.js';
import { scratchDatabases } from './scratch.js';

/** The alert tables on both adapters: triggers once, throttle, outbox claims, retries, dead letters, digests. */
const { dir, pgUrl, schema } = scratchDatabases('alerts');
const targets: [string, () => DatabaseTarget][] = [['sqlite', () => ({ kind: 'sqlite', path: join(dir, `a-${Math.random().toString(36).slice(2)}.db`) })]];
if (pgUrl) targets.push(['postgres', () => ({ kind: 'postgres', url: pgUrl, schema })]);

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 9);
const trigger = (over: Partial<TriggerRecord> = {}): TriggerRecord => ({
  key: 'high_intent:acc1:s1', rule: 'high_intent', accountId: 'acc1', at: T0, windowMs: 24 * H,
  outbox: [{ id: `o-${Math.random().toString(36).slice(2)}`, destinationId: 'd1', payload: '{"n":1}', nextAttemptAt: T0, status: 'pending' }],
  ...over,
});

describe.each(targets)('alert store: %s', (kind, target) => {
  const withStore = async (work: (store: Store) => Promise<void>) => {
    const store = await openStore(target());
    try {
      if (kind === 'postgres') {
        const client = new pg.Client(pgUrl);
        await client.connect();
        await client.query(`truncate ${schema}.alert_triggers, ${schema}.alert_throttle, ${schema}.alert_outbox, ${schema}.alert_destinations, ${schema}.settings, ${schema}.users, ${schema}.api_tokens, ${schema}.dashboard_sessions`);
        await client.end();
      }
      await work(store);
    } finally {
      await store.close();
    }
  };

  it('records a trigger once, and throttles a rule per account within its window', () =>
    withStore(async (store) => {
      expect(await store.recordAlertTrigger(trigger())).toBe('queued');
      expect(await store.recordAlertTrigger(trigger({ outbox: [{ id: 'again', destinationId: 'd1', payload: '{}', nextAttemptAt: T0, status: 'pending' }] }))).toBe('duplicate');
      // Another visit an hour later: same account and rule, inside the window.
      expect(await store.recordAlertTrigger(trigger({ key: 'high_intent:acc1:s2', at: T0 + H }))).toBe('throttled');
      // Another account, or another rule, is not held back.
      expect(await store.recordAlertTrigger(trigger({ key: 'high_intent:acc2:s3', accountId: 'acc2', at: T0 + H }))).toBe('queued');
      expect(await store.recordAlertTrigger(trigger({ key: 'form:acc1:e1', rule: 'form', at: T0 + H }))).toBe('queued');
      // After the window the rule fires again for the account.
      expect(await store.recordAlertTrigger(trigger({ key: 'high_intent:acc1:s4', at: T0 + 25 * H }))).toBe('queued');
      expect((await store.listAlerts({ limit: 10 })).map((r) => r.key).sort()).toEqual(['form:acc1:e1', 'high_intent:acc1:s1', 'high_intent:acc1:s4', 'high_intent:acc2:s3']);
    }));

  it('lets two callers race for one trigger: one queues it, the other finds it', () =>
    withStore(async (store) => {
      const outcomes = await Promise.all([1, 2, 3, 4].map((i) => store.recordAlertTrigger(trigger({ key: 'first_visit:acc9', accountId: 'acc9', rule: 'first_visit', outbox: [{ id: `race-${i}`, destinationId: 'd1', payload: '{}', nextAttemptAt: T0, status: 'pending' }] }))));
      expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'queued']);
      expect(await store.listAlerts({ limit: 10 })).toHaveLength(1);
    }));

  it('records one alert for several reasons: each reason once, each rule throttled on its own, the strongest leading', () =>
    withStore(async (store) => {
      const reason = (rule: string, key: string, at = T0) => ({ key: `${rule}:${key}`, rule, at });
      const seen: { passed: string[]; earlier: string[] }[] = [];
      const record = (reasons: { key: string; rule: string; at: number }[], id: string) =>
        store.recordAlert({
          accountId: 'acc1', windowMs: 24 * H, reasons,
          outbox: (passed, earlier) => {
            seen.push({ passed: passed.map((r) => r.key), earlier: earlier.map((r) => r.key) });
            return [{ id, destinationId: 'd1', payload: JSON.stringify(passed.map((r) => r.rule)), nextAttemptAt: T0, status: 'pending' }];
          },
        });
      // High intent fired for acc1 an hour ago: this visit's high intent is throttled, the rest pass.
      expect(await store.recordAlertTrigger(trigger({ key: 'high_intent:acc1:s0', at: T0 - H }))).toBe('queued');
      const visit = [reason('form', 'f1', T0 + 5000), reason('high_intent', 's1', T0 + 1000), reason('first_visit', 'acc1', T0)];
      expect(await record(visit, 'v1')).toEqual({ outcome: 'queued', passed: [visit[0], visit[2]] });
      expect(seen).toEqual([{ passed: ['form:f1', 'first_visit:acc1'], earlier: [] }]);
      const rows = await store.listAlerts({ limit: 10 });
      expect(rows.find((r) => r.id === 'v1')).toMatchObject({ key: 'form:f1', rule: 'form', accountId: 'acc1', payload: '["form","first_visit"]', createdAt: T0 + 5000 });
      // A rescan: every reason recorded already.
      expect(await record(visit, 'v2')).toEqual({ outcome: 'duplicate', passed: [] });
      // A later scan of the same visit finds a new reason: a follow-up of that one only, told which went before.
      expect(await record([...visit, reason('mqa', 'acc1:1', T0 + 9000)], 'v3')).toEqual({ outcome: 'queued', passed: [reason('mqa', 'acc1:1', T0 + 9000)] });
      expect(seen[1]).toEqual({ passed: ['mqa:acc1:1'], earlier: ['form:f1', 'first_visit:acc1'] });
      // Every new reason throttled: nothing queued.
      expect(await record([reason('high_intent', 's2', T0 + 2 * H)], 'v4')).toEqual({ outcome: 'throttled', passed: [] });
      expect((await store.listAlerts({ limit: 10 })).map((r) => r.key).sort()).toEqual(['form:f1', 'high_intent:acc1:s0', 'mqa:acc1:1']);
    }));

  it('lets processes race for overlapping reasons of one visit: each reason in one alert only', () =>
    withStore(async (store) => {
      const reasons = ['first_visit:acc5', 'high_intent:acc5:s1', 'form:acc5:f1', 'mqa:acc5:1'].map((key, i) => ({ key, rule: key.split(':')[0]!, at: T0 + i }));
      // Four scanners, each seeing a different part of the visit (later scans see more).
      const outcomes = await Promise.all(
        [2, 3, 4, 3].map((n, i) =>
          store.recordAlert({
            accountId: 'acc5', windowMs: 24 * H, reasons: reasons.slice(0, n).reverse(),
            outbox: (passed) => [{ id: `p${i}`, destinationId: 'd1', payload: JSON.stringify(passed.map((r) => r.key)), nextAttemptAt: T0, status: 'pending' }],
          }),
        ),
      );
      const carried = outcomes.flatMap((o) => o.passed.map((r) => r.key)).sort();
      expect(carried).toEqual(reasons.map((r) => r.key).sort());
      const rows = await store.listAlerts({ limit: 10 });
      expect(rows.flatMap((r) => JSON.parse(r.payload) as string[]).sort()).toEqual(carried);
      expect(rows).toHaveLength(outcomes.filter((o) => o.outcome === 'queued').length);
    }));

  it('claims due alerts under a lock, retries failures later, and turns the last failure into a dead letter that can be retried', () =>
    withStore(async (store) => {
      await store.recordAlertTrigger(trigger({ outbox: [{ id: 'o1', destinationId: 'd1', payload: '{}', nextAttemptAt: T0, status: 'pending' }, { id: 'o2', destinationId: 'd2', payload: '{}', nextAttemptAt: T0 + H, status: 'pending' }] }));
      expect((await store.claimAlerts({ now: T0, lockUntil: T0 + 60_000, limit: 10 })).map((r) => r.id)).toEqual(['o1']);
      // Locked: a second claimer (another process) gets nothing until the lock runs out.
      expect(await store.claimAlerts({ now: T0 + 1000, lockUntil: T0 + 61_000, limit: 10 })).toEqual([]);
      await store.settleAlert('o1', { error: 'HTTP 503 from hooks.example', nextAttemptAt: T0 + 5000 });
      expect(await store.claimAlerts({ now: T0 + 4000, lockUntil: T0 + 70_000, limit: 10 })).toEqual([]);
      const [again] = await store.claimAlerts({ now: T0 + 5000, lockUntil: T0 + 70_000, limit: 10 });
      expect(again).toMatchObject({ id: 'o1', attempts: 1, lastError: 'HTTP 503 from hooks.example', status: 'pending' });
      await store.settleAlert('o1', { error: 'HTTP 503 from hooks.example', nextAttemptAt: null });
      expect((await store.listAlerts({ status: 'dead', limit: 10 })).map((r) => [r.id, r.attempts])).toEqual([['o1', 2]]);
      expect(await store.retryAlert('o1', T0 + 9000)).toBe(true);
      expect(await store.retryAlert('o1', T0 + 9000)).toBe(false);
      const [retried] = await store.claimAlerts({ now: T0 + 9000, lockUntil: T0 + 70_000, limit: 1 });
      expect(retried).toMatchObject({ id: 'o1', attempts: 0 });
      await store.settleAlert('o1', { sentAt: T0 + 9500 });
      expect((await store.listAlerts({ status: 'sent', limit: 10 })).map((r) => [r.id, r.sentAt])).toEqual([['o1', T0 + 9500]]);
    }));

  it('folds waiting digest rows into one digest, once', () =>
    withStore(async (store) => {
      for (const n of [1, 2, 3]) await store.recordAlertTrigger(trigger({ key: `form:acc${n}:e`, accountId: `acc${n}`, rule: 'form', outbox: [{ id: `dg${n}`, destinationId: 'd7', payload: `{"n":${n}}`, nextAttemptAt: T0, status: 'digest' }] }));
      expect(await store.claimAlerts({ now: T0, lockUntil: T0 + 1, limit: 10 })).toEqual([]);
      const build = (payloads: string[]) => JSON.stringify(payloads.map((p) => JSON.parse(p).n));
      // Only what waited since before the digest's moment goes in.
      await store.recordAlertTrigger(trigger({ key: 'form:acc4:e', accountId: 'acc4', rule: 'form', at: T0 + H, outbox: [{ id: 'dg4', destinationId: 'd7', payload: '{"n":4}', nextAttemptAt: T0 + H, status: 'digest' }] }));
      expect(await store.takeAlertDigest({ destinationId: 'd7', key: 'digest:d7:2026-11-23', id: 'digest-1', now: T0 + H, upTo: T0, build })).toBe(3);
      expect(await store.takeAlertDigest({ destinationId: 'd7', key: 'digest:d7:2026-11-23', id: 'digest-2', now: T0 + H, upTo: T0 + H, build })).toBe(0);
      const [digest] = await store.claimAlerts({ now: T0 + H, lockUntil: T0 + H + 1, limit: 10 });
      expect(digest).toMatchObject({ id: 'digest-1', rule: 'digest', payload: '[1,2,3]' });
    }));

  it('keeps users, their sessions and API tokens, and drops both with the user', () =>
    withStore(async (store) => {
      await store.createUser({ id: 'u1', email: 'Ana@Vendor.example', name: 'Ana', role: 'viewer', passwordHash: 'scrypt$x', createdAt: T0 });
      expect((await store.findUser({ email: 'ana@vendor.example' }))?.id).toBe('u1');
      await store.createDashboardSession({ idHash: 'h1', userId: 'u1', role: 'viewer', csrf: 'c', createdAt: T0, expiresAt: T0 + H });
      expect((await store.findDashboardSession('h1', T0))?.userId).toBe('u1');
      expect(await store.findDashboardSession('h1', T0 + H)).toBeUndefined();
      await store.createApiToken({ id: 't1', userId: 'u1', name: 'CRM', tokenHash: 'th1', createdAt: T0, lastUsedAt: null });
      expect((await store.userOfApiToken('th1', T0 + 5))?.email).toBe('ana@vendor.example');
      expect((await store.listApiTokens())[0]?.lastUsedAt).toBe(T0 + 5);
      expect(await store.userOfApiToken('nope', T0)).toBeUndefined();
      expect(await store.deleteUser('u1')).toBe(true);
      expect(await store.userOfApiToken('th1', T0)).toBeUndefined();
      expect(await store.listApiTokens()).toEqual([]);
    }));

  it('keeps destinations and settings', () =>
    withStore(async (store) => {
      await store.addAlertDestination({ id: 'd1', kind: 'slack', target: 'https://hooks.example/T1', secret: null, owner: 'Ana@Vendor.example', digest: false, createdAt: T0 });
      await store.addAlertDestination({ id: 'd2', kind: 'email', target: 'sales@vendor.example', secret: null, owner: null, digest: true, createdAt: T0 + 1 });
      expect((await store.listAlertDestinations()).map((d) => [d.id, d.owner, d.digest])).toEqual([['d1', 'ana@vendor.example', false], ['d2', null, true]]);
      expect(await store.removeAlertDestination('d1')).toBe(true);
      expect(await store.removeAlertDestination('d1')).toBe(false);
      expect(await store.getSetting('alerts')).toBeUndefined();
      await store.putSetting('alerts', '{"a":1}');
      await store.putSetting('alerts', '{"a":2}');
      expect(await store.getSetting('alerts')).toBe('{"a":2}');
    }));
});
