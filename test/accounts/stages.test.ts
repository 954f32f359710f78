import { describe, expect, it } from 'vitest';
import { automaticStage, DEFAULT_STAGE_RULES, stageReason, stepsUp } from '../../collector/accounts/index.js';

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

describe('stage reasons', () => {
  const view = (title: string | null, url = 'https://vendor.example/x') => ({ type: 'page_view', url, title, formId: null });
  it('name the numbers, then the pages read (newest first, each once), files downloaded and forms sent', () => {
    const evidence = [
      { type: 'form', url: 'https://vendor.example/contact', title: null, formId: 'demo-request' },
      view('Pricing'), view('Security overview'), view('Pricing'), view(null, 'https://vendor.example/tour/close'),
      { type: 'download', url: 'https://vendor.example/security', title: null, formId: null, href: 'https://vendor.example/files/security-whitepaper.pdf' },
      view('Home'), view('Blog: closing faster'),
    ];
    expect(stageReason({ score: 34.5, activeDays: 4 }, DEFAULT_STAGE_RULES, evidence)).toBe(
      'score 34.5, visits on 4 of the last 30 days; read Pricing, Security overview, /tour/close, Home and 1 more; downloaded security-whitepaper.pdf; sent the form demo-request',
    );
    expect(stageReason({ score: 0.5, activeDays: 1 }, { ...DEFAULT_STAGE_RULES, windowDays: 14 }, [view('Home')])).toBe('score 0.5, visits on 1 of the last 14 days; read Home');
    expect(stageReason({ score: 0, activeDays: 0 }, DEFAULT_STAGE_RULES, [])).toBe('score 0.0, visits on 0 of the last 30 days');
    // Rounded as every score on the dashboard is: one decimal.
    expect(stageReason({ score: 23.28, activeDays: 3 }, DEFAULT_STAGE_RULES, [])).toBe('score 23.3, visits on 3 of the last 30 days');
    // The site's name that most titles end with is left out; a title that does not end with it stays whole.
    const site = [view('Pricing — Ledgerline'), view('Ledgerline — Close the books in days'), view('Security — Ledgerline'), view('Pricing — Ledgerline')];
    expect(stageReason({ score: 12, activeDays: 2 }, DEFAULT_STAGE_RULES, site)).toBe('score 12.0, visits on 2 of the last 30 days; read Pricing, Ledgerline — Close the books in days and Security');
    expect(stageReason({ score: 1, activeDays: 1 }, DEFAULT_STAGE_RULES, [view('Pricing — Ledgerline')])).toBe('score 1.0, visits on 1 of the last 30 days; read Pricing — Ledgerline');
  });
});
