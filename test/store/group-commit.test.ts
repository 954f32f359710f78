import { describe, expect, it } from 'vitest';
import { eventKey, groupCommit } from '../../collector/store/group-commit.js';
import { openStore } from '../../collector/store/index.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

const ev = (id: string, siteId = 's'): StoredEvent => ({
  siteId, id, type: 'page_view', name: null, ts: 1, receivedAt: 1, visitor: 'v', session: null,
  url: 'https://a.example/', title: null, referrer: null, props: null, ip: null, userAgent: null, bot: false,
});

describe('group commit', () => {
  it('writes concurrent batches in one transaction and gives each caller its own counts', async () => {
    const stored = new Set<string>();
    const writes: number[] = [];
    const insert = groupCommit(async (events) => {
      writes.push(events.length);
      const fresh = new Set<string>();
      for (const e of events) if (!stored.has(eventKey(e))) stored.add(eventKey(e)), fresh.add(eventKey(e));
      return fresh;
    });
    const results = await Promise.all([
      insert([ev('a'), ev('b')]),
      insert([ev('b'), ev('c')]), // b: the first caller stored it
      insert([ev('c'), ev('c')]), // c: the second caller stored it
      insert([ev('d')]),
    ]);
    expect(writes).toEqual([7]);
    expect(results).toEqual([
      { inserted: 2, duplicates: 0 },
      { inserted: 1, duplicates: 1 },
      { inserted: 0, duplicates: 2 },
      { inserted: 1, duplicates: 0 },
    ]);
  });

  it('splits groups at the size cap, and what arrives during a write waits for the next', async () => {
    const writes: number[] = [];
    const insert = groupCommit(async (events) => (writes.push(events.length), new Set(events.map(eventKey))), 5);
    const first = Promise.all([insert([ev('1'), ev('2'), ev('3')]), insert([ev('4'), ev('5'), ev('6')])]);
    await first;
    await insert([ev('7')]);
    expect(writes).toEqual([3, 3, 1]);
  });

  it('retries a failed group batch by batch, so one bad batch fails alone', async () => {
    const insert = groupCommit(async (events) => {
      if (events.some((e) => e.id === 'poison')) throw new Error('constraint');
      return new Set(events.map(eventKey));
    });
    const results = await Promise.allSettled([insert([ev('ok-1')]), insert([ev('poison')]), insert([ev('ok-2')])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('keeps per-caller counts exact on a real store under concurrency', async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    await store.createSite({ id: 's', key: 'k', name: 'S', origins: [] });
    const batches = Array.from({ length: 40 }, (_, i) => Array.from({ length: 10 }, (_, j) => ev(`id-${(i * 7 + j) % 150}`)));
    const results = await Promise.all(batches.map((b) => store.insertEvents(b)));
    const distinct = new Set(batches.flat().map((e) => e.id)).size;
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(distinct);
    expect(results.every((r) => r.inserted + r.duplicates === 10)).toBe(true);
    expect(await store.newestEvents({ limit: 1000 })).toHaveLength(distinct);
    await store.close();
  });
});
