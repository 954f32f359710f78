import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers.js';
import { DAY, seedAccounts, signIn } from './helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const HOSTILE = '<img src=x onerror=alert(1)>"\'><script>alert(2)</script>';

/** The table row holding this text. */
const rowOf = (html: string, text: string) => {
  const at = html.indexOf(text);
  if (at < 0) return '';
  const start = html.lastIndexOf('<tr', at);
  const end = html.indexOf('</tr>', at);
  return start < 0 || end < 0 ? '' : html.slice(start, end + 5);
};
const nums = (row: string) => [...row.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
const tile = (html: string, label: string) => new RegExp(`<div class="tile-label">${label}</div><div class="tile-value">([^<]*)</div>`).exec(html)?.[1];

/** Visits nobody was credited for: one event each, from a network of `cls`. */
function unidentified(siteId: string, cls: string, n: number, ts: number): StoredEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    siteId, id: `${cls}-${i}`, type: 'page_view', name: null, ts: ts + i * 1000, receivedAt: 0, visitor: `${cls}-v${i}`, session: `${cls}-s${i}`,
    url: 'https://vendor.example/', title: 'Home', referrer: null, props: null, ip: '203.0.113.0', userAgent: null, bot: false,
    network: { class: cls, organization: null, domain: null, source: 'GeoIP2-ISP', confidence: 0.9 }, account: null,
  }));
}

async function setup() {
  const t = await testApp({ now: () => NOW });
  await seedAccounts(t, NOW);
  // Besides the seeded companies' seven visits (six of target accounts) and a bot: two from home, one mobile.
  await t.store.insertEvents([...unidentified(t.site.id, 'isp', 2, NOW - 3 * DAY), ...unidentified(t.site.id, 'mobile', 1, NOW - 2 * DAY)]);
  const d = await signIn(t);
  const page = async (path: string) => {
    const res = await d.get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    return html;
  };
  return { t, page };
}

describe('GET /app/identification', () => {
  it('shows visits by class with bars, the share identified and its trend, reachable from the navigation', async () => {
    const { page } = await setup();
    const html = await page('/app/identification?period=30d');
    expect(html).toContain('<title>Identification · Open ABM</title>');
    expect(html).toContain('href="/app/identification?period=30d" class="on" aria-current="page">Identification</a>');
    expect(tile(html, 'Identified')).toBe('70 %');
    expect(tile(html, 'Visits')).toBe('10');
    expect(nums(rowOf(html, '>Target accounts</td>'))).toEqual(['6', '60 %']);
    expect(nums(rowOf(html, '>Other companies</td>'))).toEqual(['1', '10 %']);
    expect(nums(rowOf(html, '>Home internet</td>'))).toEqual(['2', '20 %']);
    expect(nums(rowOf(html, '>Mobile</td>'))).toEqual(['1', '10 %']);
    expect(nums(rowOf(html, '>VPN and proxies</td>'))).toEqual(['0', '0 %']);
    // Each class says what it is on hover, and has its bar (the largest full width).
    expect(rowOf(html, '>Home internet</td>')).toContain('title="Home internet: visits from a home broadband provider');
    expect(rowOf(html, '>Target accounts</td>')).toContain('<rect class="bar" width="100.00"');
    expect(rowOf(html, '>Home internet</td>')).toContain('<rect class="bar" width="33.33"');
    // A day per point over 30 days, as a share.
    expect(html).toContain('Share identified, per day');
    expect(html.match(/<rect\s+class="hit"/g)).toHaveLength(30);
    // Nothing the period before: no change to give.
    expect(tile(html, 'Previous period')).toBe('–');

    // Past 31 days, by week.
    expect(await page('/app/identification?period=90d')).toContain('Share identified, per week');
    // A period without visits says so.
    expect(await page('/app/identification?from=2025-01-01&to=2025-01-31')).toContain('No visits in this period.');
  });

  it('narrows to one site, and escapes its name', async () => {
    const { t, page } = await setup();
    const other = await t.store.createSite({ id: 'hostile-site', key: 'key-hostile', name: HOSTILE, origins: [] });
    await t.store.insertEvents(unidentified(other.id, 'anonymiser', 3, NOW - DAY));
    const all = await page('/app/identification?period=7d');
    expect(all).not.toContain(HOSTILE);
    expect(all).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(nums(rowOf(all, '>VPN and proxies</td>'))[0]).toBe('3');

    const one = await page('/app/identification?period=7d&site=hostile-site');
    expect(one).not.toContain(HOSTILE);
    expect(one).toContain('on &lt;img src=x onerror=alert(1)&gt;&quot;&#39;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(tile(one, 'Identified')).toBe('0 %');
    expect(nums(rowOf(one, '>VPN and proxies</td>'))).toEqual(['3', '100 %']);
    expect(nums(rowOf(one, '>Target accounts</td>'))).toEqual(['0', '0 %']);
    // The period links keep the site.
    expect(one).toContain('href="/app/identification?site=hostile-site&amp;period=30d"');

    const unknown = await page('/app/identification?site=nope');
    expect(unknown).toContain('No site has that id or key');
    expect(unknown).not.toContain('data-class="target"');
  });
});
