import { describe, expect, it } from 'vitest';
import type { Store } from '../../collector/store/index.js';
import { freshDatabases, withStore as withFreshStore } from './scratch.js';

/** Sites in the store, both adapters: edits, key rotation with a grace period, and what a deletion closes at once. */
const { targets } = freshDatabases('sites');

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 23, 10);

describe.each(targets)('sites: %s', (_kind, target) => {
  const withStore = (work: (store: Store) => Promise<void>) => withFreshStore(target, work);

  it('edits a site in part, and leaves an unknown one alone', () =>
    withStore(async (store) => {
      await store.createSite({ id: 's1', key: 'key-one-0001', name: 'One', origins: ['https://a.example'], createdAt: 1 });
      const version = store.sitesVersion();
      expect(await store.updateSite('s1', { name: 'Renamed' })).toMatchObject({ name: 'Renamed', origins: ['https://a.example'], serverSide: false, key: 'key-one-0001' });
      expect(store.sitesVersion()).toBeGreaterThan(version);
      expect(await store.updateSite('s1', { origins: [], serverSide: true })).toMatchObject({ name: 'Renamed', origins: [], serverSide: true });
      expect(await store.siteByKey('key-one-0001')).toMatchObject({ name: 'Renamed', serverSide: true });
      expect(await store.updateSite('nope', { name: 'x' })).toBeUndefined();
      expect(await store.siteById('s1')).toMatchObject({ id: 's1', name: 'Renamed' });
      expect(await store.siteById('nope')).toBeUndefined();
    }));

  it('rotates a key: the old one works until its grace ends, one rotation back only', () =>
    withStore(async (store) => {
      await store.createSite({ id: 's1', key: 'first-key-001', name: 'One', origins: [] });
      const rotated = await store.rotateSiteKey('s1', { key: 'second-key-02', previousValidUntil: T + 24 * HOUR });
      expect(rotated).toMatchObject({ key: 'second-key-02', previousKey: 'first-key-001', previousKeyExpiresAt: T + 24 * HOUR });
      expect((await store.siteByKey('second-key-02', T))?.id).toBe('s1');
      expect((await store.siteByKey('first-key-001', T + 24 * HOUR - 1))?.id).toBe('s1');
      expect(await store.siteByKey('first-key-001', T + 24 * HOUR)).toBeUndefined();
      // Rotating again: the key just replaced is the one in its grace; the first is gone at once.
      await store.rotateSiteKey('s1', { key: 'third-key-003', previousValidUntil: T + 2 * HOUR });
      expect(await store.siteByKey('first-key-001', T)).toBeUndefined();
      expect((await store.siteByKey('second-key-02', T + HOUR))?.key).toBe('third-key-003');
      // No grace: the old key is refused at once.
      const now = await store.rotateSiteKey('s1', { key: 'fourth-key-04', previousValidUntil: null });
      expect(now?.previousKey).toBeUndefined();
      expect(await store.siteByKey('third-key-003', T)).toBeUndefined();
      expect(await store.rotateSiteKey('nope', { key: 'fifth-key-005', previousValidUntil: null })).toBeUndefined();
    }));

  it('a site being deleted is found by no key, edited by nobody, and listed apart', () =>
    withStore(async (store) => {
      await store.createSite({ id: 's1', key: 'first-key-001', name: 'One', origins: [] });
      await store.createSite({ id: 's2', key: 'other-key-002', name: 'Two', origins: [] });
      await store.rotateSiteKey('s1', { key: 'second-key-02', previousValidUntil: Date.now() + HOUR });
      const report = await store.deleteSite('s1');
      expect(report).toMatchObject({ site: { id: 's1', name: 'One' }, events: 0, sessions: 0, visitors: 0, accountDays: 0 });
      for (const key of ['first-key-001', 'second-key-02']) expect(await store.siteByKey(key)).toBeUndefined();
      expect(await store.updateSite('s1', { name: 'x' })).toBeUndefined();
      expect((await store.listSites()).map((s) => s.id)).toEqual(['s2']);
      expect(await store.listSites({ deleting: true })).toEqual([]);
      expect(await store.siteById('s1', { includeDeleting: true })).toBeUndefined();
    }));
});
