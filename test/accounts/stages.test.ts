import { describe, expect, it } from 'vitest';
import { automaticStage, DEFAULT_STAGE_RULES, stepsUp } from '../../collector/accounts/index.js';

describe('stages', () => {
  it('puts an account where its engagement says, with the default thresholds', () => {
    const at = (visited: boolean, score: number, activeDays: number) => automaticStage({ visited, score, activeDays });
    expect(at(false, 0, 0)).toBe('unaware');
    expect(at(true, 0.5, 1)).toBe('aware');
    expect(at(true, 9.99, 2)).toBe('aware');
    expect(at(true, 10, 1)).toBe('engaged'); // score ≥ 10
    expect(at(true, 2, 3)).toBe('engaged'); // visits on ≥ 3 days
    expect(at(true, 30, 1)).toBe('mqa');
    expect(automaticStage({ visited: true, score: 12, activeDays: 1 }, { ...DEFAULT_STAGE_RULES, engagedScore: 15 })).toBe('aware');
  });

  it('records every stage passed on the way up, never down, never past the CRM', () => {
    expect(stepsUp('unaware', 'mqa')).toEqual(['aware', 'engaged', 'mqa']);
    expect(stepsUp('aware', 'engaged')).toEqual(['engaged']);
    expect(stepsUp('engaged', 'engaged')).toEqual([]);
    expect(stepsUp('mqa', 'aware')).toEqual([]);
    expect(stepsUp('opportunity', 'mqa')).toEqual([]);
    expect(stepsUp('customer', 'mqa')).toEqual([]);
    expect(stepsUp('nonsense', 'aware')).toEqual(['aware']);
  });
});
