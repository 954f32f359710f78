import { describe, expect, it } from 'vitest';
import { REDACTION_VERSION, storedRedaction } from '../../collector/enrich/index.js';
import { redactStoredData, sweepStaleOnStart, sweptVersion } from '../../collector/redaction.js';
import { type RedactedTable, type Store } from '../../collector/store/index.js';
import { everything, OWNER, SECRETS, seedOldData, SITE } from './old-data.js';
import { freshDatabases, withStore as withFreshStore } from './scratch.js';

/**
 * The sweep of data stored before redaction (or under older rules), on both adapters: what the
 * vitals bug and GET forms left in events, sessions, visitors, stage reasons and alert payloads.
 */
const { targets } = freshDatabases('redact');

describe.each(targets)('redacting stored data: %s', (_kind, target) => {
  const withStore = (work: (store: Store) => Promise<void>) => withFreshStore(target, work);

  it('redacts events, sessions, visitors, stage reasons and alert payloads, a page per transaction, and is safe to run again', () =>
    withStore(async (store) => {
      const accountId = await seedOldData(store, 7);
      const before = await everything(store, accountId);
      for (const secret of SECRETS) expect(before).toContain(secret);

      const progress: [RedactedTable, number, number][] = [];
      const report = await store.redactStored(storedRedaction, { pageSize: 3, onProgress: (t, done, total) => progress.push([t, done, total]) });
      const after = await everything(store, accountId);
      for (const secret of SECRETS) expect(after).not.toContain(secret);
      expect(report).toEqual({
        events: { rows: 11, changed: 11 },
        sessions: { rows: 1, changed: 1 },
        visitors: { rows: 1, changed: 1 },
        stage_changes: { rows: 1, changed: 1 },
        alert_outbox: { rows: 1, changed: 1 },
      });
      // Pages of 3: the events' progress goes 0, 3, 6, 9, 11 of 11.
      expect(progress.filter(([t]) => t === 'events').map(([, done, total]) => `${done}/${total}`)).toEqual(['0/11', '3/11', '6/11', '9/11', '11/11']);

      const events = await store.newestEvents({ limit: 100 });
      const view = events.find((e) => e.type === 'page_view')!;
      expect(view).toMatchObject({
        url: `${SITE}/welcome?token=redacted&utm_source=newsletter&utm_content=redacted#access_token=redacted`,
        referrer: 'https://login.example/cb?code=redacted',
        title: 'Welcome redacted',
        props: { lang: 'en', campaign: { utm_source: 'newsletter', utm_content: 'redacted' } },
      });
      expect(events.find((e) => e.type === 'form')?.props).toEqual({ action: `${SITE}/subscribe?token=redacted`, company: 'redacted', job_title: 'CTO' });
      const [session] = await store.listSessions({ limit: 5 });
      expect(session).toMatchObject({ landingUrl: view.url, campaign: { source: 'newsletter', content: 'redacted' } });
      const [alert] = await store.listAlerts({ limit: 5 });
      const payload = JSON.parse(alert!.payload);
      expect(payload.account.owner).toBe(OWNER); // whom it goes to, not a visitor
      expect(payload.pages[0]).toMatchObject({ url: view.url, title: 'Welcome redacted' });
      expect((await store.stageChanges({ accountId, limit: 5 }))[0]?.reason).toBe('score 3, visits on 1 of the last 30 days; read Welcome redacted');

      // Again: nothing more to change, the same data.
      const again = await store.redactStored(storedRedaction, { pageSize: 3 });
      expect(Object.values(again).map((t) => t.changed)).toEqual([0, 0, 0, 0, 0]);
      expect(await everything(store, accountId)).toBe(after);
    }));

  it('stops between pages when told to, and the next run finishes the job', () =>
    withStore(async (store) => {
      const accountId = await seedOldData(store, 7);
      const controller = new AbortController();
      const first = await redactStoredData(store, { pageSize: 3, signal: controller.signal, onProgress: (_t, done) => done >= 3 && controller.abort() });
      expect(first.complete).toBe(false);
      expect(first.report.events.rows).toBeLessThan(11);
      expect(await sweptVersion(store)).toBe(0);
      const second = await redactStoredData(store);
      expect(second.complete).toBe(true);
      expect(await sweptVersion(store)).toBe(REDACTION_VERSION);
      for (const secret of SECRETS) expect(await everything(store, accountId)).not.toContain(secret);
    }));

  it('at start-up, sweeps data older than the rules in the background, says so, and records the version', () =>
    withStore(async (store) => {
      const accountId = await seedOldData(store);
      const lines: string[] = [];
      const log = { info: (l: string) => lines.push(l), error: (l: string) => lines.push(`error: ${l}`) };
      await sweepStaleOnStart(store, log).done;
      for (const secret of SECRETS) expect(await everything(store, accountId)).not.toContain(secret);
      expect(await sweptVersion(store)).toBe(REDACTION_VERSION);
      expect(lines).toEqual([
        `collector: stored URLs predate redaction rules v${REDACTION_VERSION} (swept with v0): redacting them in the background`,
        expect.stringMatching(new RegExp(`^collector: stored URLs redacted with rules v${REDACTION_VERSION}: 4 of 4 events, 1 of 1 sessions, 1 of 1 visitors, 1 of 1 stage changes, 1 of 1 alerts changed in \\d+\\.\\ds$`)),
      ]);
      // Swept with today's rules: the next start does nothing, and says nothing.
      lines.length = 0;
      await sweepStaleOnStart(store, log).done;
      expect(lines).toEqual([]);
    }));

  it('records the version silently on a store with nothing in it', () =>
    withStore(async (store) => {
      const lines: string[] = [];
      await sweepStaleOnStart(store, { info: (l) => lines.push(l), error: (l) => lines.push(l) }).done;
      expect(lines).toEqual([]);
      expect(await sweptVersion(store)).toBe(REDACTION_VERSION);
    }));
});
