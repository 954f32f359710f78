import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../collector/ipdb/bounded-cache.js';

describe('BoundedCache', () => {
  it('keeps at most about max entries, drops the oldest generation whole, and moves a reused entry up', () => {
    const c = new BoundedCache<number, string>(4);
    for (let i = 0; i < 4; i++) c.set(i, `v${i}`);
    expect(c.size).toBe(4);
    expect(c.get(0)).toBe('v0'); // from the old generation: moved up
    c.set(4, 'v4'); // the young generation (0, 4) ... fills at 2 and ages
    c.set(5, 'v5');
    expect(c.size).toBeLessThanOrEqual(4);
    expect(c.get(0)).toBe('v0');
    expect(c.get(1)).toBeUndefined();
    expect(c.get(5)).toBe('v5');
    for (let i = 100; i < 1000; i++) c.set(i, 'x');
    expect(c.size).toBeLessThanOrEqual(4);
    c.clear();
    expect([c.size, c.get(999)]).toEqual([0, undefined]);
  });
});
