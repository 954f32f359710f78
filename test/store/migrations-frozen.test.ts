import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORE_READING } from '../../collector/accounts/scoring.js';
import { freshDatabases, withStore } from './scratch.js';

/**
 * A shipped migration never changes, so it calls no code that can: the migrations import Kysely
 * alone. What 0017 used to compute with application code (account totals over history) the
 * collector builds at its start instead; a new store keeps them from the first event.
 */
const { targets } = freshDatabases('migrations_frozen');

describe('migrations', () => {
  it('import nothing but Kysely', () => {
    const source = readFileSync(join(process.cwd(), 'collector/store/migrations.ts'), 'utf8');
    const imports = [...source.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
    expect(imports).toEqual(['kysely']);
  });

  describe.each(targets)('%s', (_kind, target) => {
    it('leave a new store keeping account totals from its first event, with the default half-life', async () => {
      await withStore(target, async (store) => {
        // Already set: the collector's start (useHalfLife with the default) has nothing to rebuild.
        expect(await store.useHalfLife(DEFAULT_SCORE_READING.halfLifeDays)).toBe(false);
        expect(await store.useHalfLife(7)).toBe(true);
      });
    });
  });
});
