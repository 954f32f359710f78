import { describe, expect, it } from 'vitest';
import { openStore, startRetention } from '../../collector/store/index.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

const DAY = 24 * 3600 * 1000;

describe('retention', () => {
  it('deletes raw events older than the window, at start and on every sweep, keeping sessions, visitors and rollups', async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    await store.createSite({ id: 's', key: 'k', name: 'S', origins: [] });
    let now = Date.UTC(2026, 10, 23);
    const ev = (id: string, ageDays: number): StoredEvent => ({
      siteId: 's', id, type: 'page_view', name: null, ts: now - ageDays * DAY, receivedAt: now - ageDays * DAY,
      visitor: 'v', session: null, url: 'https://a.example/', title: null, referrer: null, props: null, ip: null, userAgent: null, bot: false,
      account: { id: null, name: 'Pfizer', domain: 'pfizer.com', nameKey: 'pfizer', via: 'network' },
    });
    await store.insertEvents([ev('old-event', 31), ev('edge-event', 29), ev('new-event', 1)]);
    const deleted: number[] = [];
    const stop = startRetention(store, 30, { now: () => now, everyMs: 20, log: (n) => void deleted.push(n) });
    await expect.poll(() => deleted.length).toBeGreaterThan(0);
    expect((await store.newestEvents({ limit: 10 })).map((e) => e.id).sort()).toEqual(['edge-event', 'new-event']);
    now += 2 * DAY;
    await expect.poll(async () => (await store.newestEvents({ limit: 10 })).map((e) => e.id)).toEqual(['new-event']);
    stop();
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await store.listSessions({ limit: 5 })).toHaveLength(3); // a month apart: three visits
    expect(await store.listVisitors({ limit: 5 })).toHaveLength(1);
    const days = await store.accountDays({ from: '2026-01-01', to: '2026-12-31' });
    expect(days.map((d) => [d.day, d.pageViews])).toEqual([['2026-10-23', 1], ['2026-10-25', 1], ['2026-11-22', 1]]);
    await store.close();
  });
});
