import { describe, expect, it } from 'vitest';
import { BarList, dayTicks, fullDay, LineChart, valueTicks } from '../../collector/dashboard/charts.js';
import { fmtNum } from '../../collector/dashboard/format.js';

const DAY = 86_400_000;
/** The `count` UTC days ending on `last`, as the report pages pass them. */
const daysTo = (last: string, count: number) => Array.from({ length: count }, (_, i) => new Date(Date.parse(`${last}T00:00:00Z`) - (count - 1 - i) * DAY).toISOString().slice(0, 10));
const labels = (days: string[]) => dayTicks(days).map((t) => t.label);
const render = async (node: unknown) => String(await node);

describe('value axis', () => {
  it('steps by round numbers up to the first at or above the largest value, counts by whole numbers', () => {
    expect(valueTicks(0)).toEqual([0, 1]);
    expect(valueTicks(1)).toEqual([0, 1]);
    expect(valueTicks(3)).toEqual([0, 1, 2, 3]);
    expect(valueTicks(5)).toEqual([0, 2, 4, 6]);
    expect(valueTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(valueTicks(11)).toEqual([0, 5, 10, 15]);
    expect(valueTicks(180)).toEqual([0, 50, 100, 150, 200]);
    expect(valueTicks(999)).toEqual([0, 250, 500, 750, 1000]);
    // Scores are not whole: quarter steps are fine there, and float noise is rounded away.
    expect(valueTicks(23.8, false)).toEqual([0, 10, 20, 30]);
    expect(valueTicks(0.7, false)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(valueTicks(2.3, false)).toEqual([0, 1, 2, 3]);
  });
});

describe('date labels', () => {
  it('labels every day of a week', () => {
    expect(labels(daysTo('2026-11-23', 7))).toEqual(['17 Nov', '18 Nov', '19 Nov', '20 Nov', '21 Nov', '22 Nov', '23 Nov']);
  });

  it('labels the ends of a month and the Mondays between them', () => {
    // 25 Oct (a Sunday) to 23 Nov 2026 (a Monday).
    // 26 Oct, the day after the first, would run into it.
    expect(labels(daysTo('2026-11-23', 30))).toEqual(['25 Oct', '2 Nov', '9 Nov', '16 Nov', '23 Nov']);
  });

  it('labels the ends of 90 days and every other Monday between them', () => {
    const ticks = dayTicks(daysTo('2026-11-23', 90));
    expect(ticks.map((t) => t.label)).toEqual(['26 Aug', '14 Sep', '28 Sep', '12 Oct', '26 Oct', '9 Nov', '23 Nov']);
    expect(ticks.map((t) => t.index)).toEqual([0, 19, 33, 47, 61, 75, 89]);
  });

  it('labels 400 days by quarters, with years', () => {
    expect(labels(daysTo('2026-11-23', 400))).toEqual(['20 Oct 2025', 'Jan 2026', 'Apr', 'Jul', 'Oct', '23 Nov 2026']);
  });

  it('never puts more than seven labels under a chart, nor one on top of an end', () => {
    for (const count of [1, 2, 5, 7, 8, 10, 14, 21, 30, 31, 45, 60, 90, 120, 180, 365, 400]) {
      for (const last of ['2026-01-01', '2026-03-15', '2026-11-23', '2027-06-30']) {
        const ticks = dayTicks(daysTo(last, count));
        expect(ticks.length, `${count} days to ${last}`).toBeLessThanOrEqual(7);
        expect(ticks[0]!.index).toBe(0);
        expect(ticks.at(-1)!.index).toBe(count - 1);
        const gaps = ticks.slice(1).map((t, i) => t.index - ticks[i]!.index);
        if (count > 7) for (const g of gaps) expect(g / (count - 1), `${count} days to ${last}`).toBeGreaterThanOrEqual(0.1);
      }
    }
  });

  it('falls back to evenly spaced labels for labels that are not days, and says a day in full', () => {
    expect(dayTicks(['a', 'b', 'c']).map((t) => t.label)).toEqual(['a', 'b', 'c']);
    expect(dayTicks(Array.from({ length: 50 }, (_, i) => `w${i}`)).length).toBe(7);
    expect(fullDay('2026-11-23')).toBe('Mon 23 Nov 2026');
    expect(fullDay('week 4')).toBe('week 4');
  });
});

describe('line chart', () => {
  it('gives every day a hit area with its date and value, labels both axes, and sums itself up', async () => {
    const days = daysTo('2026-11-23', 90);
    const points = days.map((d, i): [string, number] => [d, i === 40 ? 12 : i % 3]);
    const html = await render(LineChart({ points, label: 'Visits per day' }));
    expect(html.match(/<rect class="hit"/g)).toHaveLength(90);
    expect(html).toContain('<title>Mon 5 Oct 2026: 12</title>');
    expect(html).toContain(`data-day="${fullDay(days[40]!)}" data-value="12"`);
    expect(html).toContain('aria-label="Visits per day: 2026-08-26 to 2026-11-23, highest 12 on 2026-10-05"');
    expect([...html.matchAll(/class="axis day"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(['26 Aug', '14 Sep', '28 Sep', '12 Oct', '26 Oct', '9 Nov', '23 Nov']);
    expect([...html.matchAll(/class="axis value"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(['0', '5', '10', '15']);
    // Under the CSP: no style attributes, no script.
    expect(html).not.toMatch(/style=|<script|on\w+=/);
  });

  it('draws one day as a level line with one label, and formats values as told', async () => {
    const html = await render(LineChart({ points: [['2026-11-23', 2.25]], label: 'Score', format: (n) => `${fmtNum(n)} pts` }));
    expect(html).toContain('<title>Mon 23 Nov 2026: 2.3 pts</title>');
    expect(html).toMatch(/<path class="line" d="M0,[\d.]+ L1000,[\d.]+"/);
    expect(html.match(/class="axis day"/g)).toHaveLength(1);
  });

  it('escapes labels', async () => {
    const html = await render(LineChart({ points: [['<b>x</b>', 1]], label: '<script>alert(1)</script>' }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>x</b>');
    expect(await render(BarList({ rows: [{ label: '<img src=x>', value: 1 }] }))).not.toContain('<img');
  });
});
