import { describe, expect, it } from 'vitest';
import { absoluteUtc, relativeUtc, When } from '../../collector/dashboard/when.js';

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-23T15:30:00Z');

describe('dates shown one way', () => {
  it('says how long ago in plain words, calendar days counted in UTC on the server', () => {
    const cases: [string, string][] = [
      ['2026-11-23T15:29:40Z', 'just now'],
      ['2026-11-23T15:05:00Z', '25 min ago'],
      ['2026-11-23T12:29:00Z', '3 h ago'],
      ['2026-11-23T00:10:00Z', '15 h ago'],
      ['2026-11-22T23:00:00Z', 'yesterday'],
      ['2026-11-22T09:00:00Z', 'yesterday'],
      ['2026-11-19T09:00:00Z', '4 days ago'],
      ['2026-10-01T09:00:00Z', '1 Oct'],
      ['2025-11-20T09:00:00Z', '20 Nov 2025'],
      ['2026-11-24T09:00:00Z', '24 Nov 2026'],
    ];
    for (const [when, words] of cases) expect(relativeUtc(at(when), NOW), when).toBe(words);
    // Past midnight, a late-evening visit of the day before is still counted in hours for the first six.
    expect(relativeUtc(at('2026-11-22T22:00:00Z'), at('2026-11-23T02:00:00Z'))).toBe('4 h ago');
    expect(relativeUtc(at('2026-11-22T18:00:00Z'), at('2026-11-23T02:00:00Z'))).toBe('yesterday');
  });

  it('renders a <time> with the ISO moment, the absolute time on hover and the words, or a dash', async () => {
    const html = String(await When({ at: at('2026-11-23T12:29:00Z'), now: NOW }));
    expect(html).toBe('<time datetime="2026-11-23T12:29:00.000Z" title="23 Nov 2026, 12:29 UTC" data-when="">3 h ago</time>');
    expect(absoluteUtc(at('2026-01-05T07:04:00Z'))).toBe('5 Jan 2026, 07:04 UTC');
    expect(String(await When({ at: '2026-11-23T12:29:00.000Z', now: NOW }))).toContain('3 h ago');
    expect(String(await When({ at: null, now: NOW }))).toBe('<span class="muted">–</span>');
    expect(String(await When({ at: 'not a date', now: NOW, empty: 'never' }))).toBe('<span class="muted">never</span>');
  });
});
