import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING, decay, eventPoints, roleLevel } from '../../collector/accounts/index.js';

const ev = (type: string, url = 'https://vendor.example/blog/post', props: Record<string, unknown> | null = null, bot = false) => ({ type, url, props, bot });

describe('engagement points', () => {
  it('gives the issue default points per action', () => {
    expect(eventPoints(ev('page_view'))).toBe(1);
    expect(eventPoints(ev('page_view', 'https://vendor.example/pricing'))).toBe(2);
    expect(eventPoints(ev('page_view', 'https://vendor.example/en/pricing?plan=pro'))).toBe(2);
    expect(eventPoints(ev('download', 'https://vendor.example/files/whitepaper.pdf'))).toBe(3);
    expect(eventPoints(ev('form', 'https://vendor.example/newsletter', { form_id: 'newsletter' }))).toBe(5);
    expect(eventPoints(ev('form', 'https://vendor.example/x', { form_id: 'request-demo' }))).toBe(8);
    expect(eventPoints(ev('form', 'https://vendor.example/contact', { form_id: 'f1' }))).toBe(8);
    expect(eventPoints(ev('form', 'https://vendor.example/x', { action: '/api/contact-sales' }))).toBe(8);
    for (const type of ['engagement', 'outbound', 'vitals', 'identify', 'custom']) expect(eventPoints(ev(type))).toBe(0);
  });

  it('gives bots nothing, whatever they do', () => {
    expect(eventPoints(ev('form', 'https://vendor.example/contact', { form_id: 'demo' }, true))).toBe(0);
  });

  it('takes other points and patterns when configured', () => {
    const rules = { ...DEFAULT_SCORING, points: { ...DEFAULT_SCORING.points, pageView: 0.5, pricingView: 4 }, pricingPattern: /\/kosten\b/ };
    expect(eventPoints(ev('page_view', 'https://vendor.example/pricing'), rules)).toBe(0.5);
    expect(eventPoints(ev('page_view', 'https://vendor.example/kosten'), rules)).toBe(4);
  });
});

describe('role levels', () => {
  it('reads seniority from job titles, most senior first', () => {
    expect(
      ['CEO', 'Chief Marketing Officer', 'Co-Founder & CTO', 'VP Sales', 'Senior Vice President, Finance', 'Head of Procurement', 'Director of IT', 'Marketing Manager', 'Team Lead Platform', 'Software Engineer', 'Analyst'].map(roleLevel),
    ).toEqual(['c_level', 'c_level', 'c_level', 'vp', 'vp', 'vp', 'director', 'manager', 'manager', 'other', 'other']);
  });

  it('has no level without a title', () => {
    expect([roleLevel(undefined), roleLevel(''), roleLevel('   '), roleLevel(42)]).toEqual([null, null, null, null]);
  });
});

describe('recency', () => {
  it('halves points every half-life', () => {
    expect(decay(0, 30)).toBe(1);
    expect(decay(-2, 30)).toBe(1);
    expect(decay(30, 30)).toBeCloseTo(0.5, 12);
    expect(decay(60, 30)).toBeCloseTo(0.25, 12);
    expect(decay(15, 30)).toBeCloseTo(Math.SQRT1_2, 12);
  });
});
