import { describe, expect, it } from 'vitest';
import { touchCredit } from '../../collector/attribution/index.js';

const DAY = 86_400_000;
const touches = [
  { channel: 'Paid Social', at: 0 },
  { channel: 'Organic Search', at: 7 * DAY },
  { channel: 'Direct', at: 14 * DAY },
  { channel: 'Organic Search', at: 14 * DAY - 1 },
];

describe('touch models', () => {
  it('gives all the credit to the first or the last session', () => {
    expect(touchCredit(touches, 'first_touch')).toEqual([{ channel: 'Paid Social', credit: 1 }]);
    expect(touchCredit(touches, 'last_touch')).toEqual([{ channel: 'Direct', credit: 1 }]);
  });

  it('shares it equally (linear) or by recency (time decay, 7-day half-life)', () => {
    expect(touchCredit(touches, 'linear')).toEqual([
      { channel: 'Organic Search', credit: 0.5 },
      { channel: 'Direct', credit: 0.25 },
      { channel: 'Paid Social', credit: 0.25 },
    ]);
    // Weights: Paid Social ¼ (two half-lives back), Organic Search ½ + ~1, Direct 1: total ~2.75.
    const decayed = touchCredit(touches, 'time_decay');
    expect(decayed.map((c) => c.channel)).toEqual(['Organic Search', 'Direct', 'Paid Social']);
    expect(decayed[2]!.credit).toBeCloseTo(0.25 / 2.75, 3);
    expect(decayed.reduce((n, c) => n + c.credit, 0)).toBeCloseTo(1, 3);
  });

  it('has nothing to share without sessions', () => {
    expect(touchCredit([], 'linear')).toEqual([]);
  });
});
