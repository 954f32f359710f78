import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers.js';
import { seedAccounts, signIn } from './helpers.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const HOSTILE = '<img src=x onerror=alert(1)>"\'><script>alert(2)</script>';

/** The table row (or bar) holding this text. */
const rowOf = (html: string, text: string) => {
  const at = html.indexOf(text);
  if (at < 0) return '';
  const start = html.lastIndexOf('<tr>', at);
  const end = html.indexOf('</tr>', at);
  return start < 0 || end < 0 ? '' : html.slice(start, end + 5);
};
/** The right-aligned figures of a row, in order. */
const nums = (row: string) => [...row.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
/** The body of the card with this title. */
const card = (html: string, title: string) => {
  const start = html.indexOf(`<h2>${title}</h2>`);
  if (start < 0) return '';
  const end = html.indexOf('<section class="card', start);
  return html.slice(start, end < 0 ? undefined : end);
};
const tile = (html: string, label: string) => new RegExp(`<div class="tile-label">${label}</div><div class="tile-value">([^<]*)</div>`).exec(html)?.[1];

async function setup(hostile?: string) {
  const t = await testApp({ now: () => NOW });
  await seedAccounts(t, NOW, hostile ? { hostile } : {});
  const d = await signIn(t);
  const page = async (path: string) => {
    const res = await d.get(path);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    return html;
  };
  return { t, d, page };
}

describe('GET /app/content', () => {
  it('lists pages and downloads by target accounts reached', async () => {
    const { page } = await setup();
    const html = await page('/app/content');
    expect(html).toContain('<title>Content · Open ABM</title>');
    expect(tile(html, 'Target accounts')).toBe('3');

    // Home: all three target accounts (and Hooli); Pricing: Acme and Globex, three views.
    // Columns: target accounts, share of targets, people per account, companies, visitors, views.
    expect(nums(rowOf(html, '>vendor.example/</a>'))).toEqual(['3', '100 %', '1', '4', '4', '4']);
    const pricing = rowOf(html, '>vendor.example/pricing</a>');
    expect(pricing).toContain('<div>Pricing</div>');
    expect(pricing).toContain('href="https://vendor.example/pricing"');
    expect(pricing).toContain('rel="noopener noreferrer nofollow"');
    expect(nums(pricing)).toEqual(['2', '66.7 %', '1', '2', '2', '3']);
    const paper = rowOf(html, 'ABM whitepaper');
    expect(paper).toContain('<span class="badge">download</span>');
    expect(nums(paper)[0]).toBe('1');
    // Ordered by target accounts reached.
    expect(html.indexOf('>vendor.example/</a>')).toBeLessThan(html.indexOf('>vendor.example/pricing</a>'));
    expect(html.indexOf('>vendor.example/pricing</a>')).toBeLessThan(html.indexOf('>vendor.example/product</a>'));
  });

  it('filters by kind, follows the period and links a CSV of the same period', async () => {
    const { page, d } = await setup();
    const assets = await page('/app/content?kind=asset');
    expect(assets).toContain('ABM whitepaper');
    expect(assets).not.toContain('>vendor.example/pricing</a>');
    expect(assets).toContain('name="kind" value="asset"');
    const pages = await page('/app/content?kind=page');
    expect(pages).toContain('>vendor.example/pricing</a>');
    expect(pages).not.toContain('ABM whitepaper');

    // The 21st to the 23rd: Globex read Home and Pricing, Acme Pricing and the demo page.
    const recent = await page('/app/content?from=2026-11-21&to=2026-11-23');
    expect(nums(rowOf(recent, '>vendor.example/pricing</a>')).slice(0, 2)).toEqual(['2', '66.7 %']);
    expect(nums(rowOf(recent, '>vendor.example/</a>')).slice(0, 2)).toEqual(['1', '33.3 %']);
    expect(recent).not.toContain('>vendor.example/product</a>');

    const csvHref = /href="(\/api\/content\?format=csv[^"]*)"/.exec(recent)?.[1]?.replace(/&amp;/g, '&');
    expect(csvHref).toContain('from=2026-11-21');
    expect(csvHref).toContain('to=2026-11-23');
    const csv = await d.get(csvHref!);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('https://vendor.example/pricing');

    const empty = await page('/app/content?from=2025-01-01&to=2025-01-31');
    expect(empty).toContain('No page views or downloads in this period.');
    expect(empty).not.toContain('<tbody>');
    expect(await page('/app/content?from=2025-01-01&to=2025-01-31&kind=asset')).toContain('No downloads in this period.');
    // Nonsense falls back rather than failing.
    expect(await page('/app/content?from=x&to=y&kind=evil&limit=-1')).toContain('>vendor.example/pricing</a>');
  });

  it('escapes titles and link texts from the open internet', async () => {
    const { page } = await setup(HOSTILE);
    const html = await page('/app/content');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });
});

describe('GET /app/channels', () => {
  it('shows channels, campaigns and attribution from the seed', async () => {
    const { page } = await setup();
    const html = await page('/app/channels');
    expect(html).toContain('<title>Channels · Open ABM</title>');
    // One word for one thing: visits (sessions), as on every other page.
    expect(tile(html, 'Visits')).toBe('7');
    expect(html).not.toMatch(/>Sessions</);

    const table = card(html, 'Channels');
    // Columns: visits, share, visitors, companies, target accounts.
    expect(nums(rowOf(table, '<td>Organic Search</td>'))).toEqual(['2', '28.6 %', '2', '2', '2']);
    expect(nums(rowOf(table, '<td>Paid Social</td>'))).toEqual(['2', '28.6 %', '2', '2', '2']);
    expect(nums(rowOf(table, '<td>Direct</td>'))).toEqual(['2', '28.6 %', '2', '2', '1']);
    expect(nums(rowOf(table, '<td>Email</td>'))).toEqual(['1', '14.3 %', '1', '1', '1']);
    expect(card(html, 'Visits by channel')).toMatch(/<span class="bar-label"[^>]*>Paid Social<\/span>/);

    const campaigns = card(html, 'Campaigns');
    // Columns: visits, companies, target accounts.
    expect(nums(rowOf(campaigns, 'q4-abm'))).toEqual(['2', '2', '2']);
    expect(nums(rowOf(campaigns, 'november-news'))).toEqual(['1', '1', '1']);

    // Target accounts' credit: Acme came by search, paid social and direct; Globex by e-mail and
    // search; Initech by paid social. Columns: first, last, linear, time decay, linear share.
    const attribution = card(html, 'Attribution');
    const paid = nums(rowOf(attribution, '<td>Paid Social</td>'));
    expect(paid.slice(0, 3)).toEqual(['1', '1', '1.3']);
    expect(nums(rowOf(attribution, '<td>Email</td>')).slice(0, 3)).toEqual(['1', '0', '0.5']);
    expect(nums(rowOf(attribution, '<td>Direct</td>')).slice(0, 3)).toEqual(['0', '1', '0.3']);
    // Every company's credit: Hooli came directly.
    const all = card(await page('/app/channels?credit=all'), 'Attribution');
    expect(nums(rowOf(all, '<td>Direct</td>')).slice(0, 3)).toEqual(['1', '2', '1.3']);
  });

  it('follows the period and links a CSV of the same period', async () => {
    const { page, d } = await setup();
    // The 21st to the 23rd: Globex by search (21st), Acme directly (22nd).
    const recent = await page('/app/channels?from=2026-11-21&to=2026-11-23');
    expect(recent).toContain('value="2026-11-21"');
    const table = card(recent, 'Channels');
    expect(nums(rowOf(table, '<td>Organic Search</td>'))).toEqual(['1', '50 %', '1', '1', '1']);
    expect(nums(rowOf(table, '<td>Direct</td>'))).toEqual(['1', '50 %', '1', '1', '1']);
    expect(table).not.toContain('<td>Paid Social</td>');
    expect(card(recent, 'Campaigns')).toContain('No identified company came through a tagged campaign');

    const csvHref = /href="(\/api\/channels\?format=csv[^"]*)"/.exec(recent)?.[1]?.replace(/&amp;/g, '&');
    expect(csvHref).toBe('/api/channels?format=csv&from=2026-11-21&to=2026-11-23');
    const csv = await d.get(csvHref!);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('Organic Search,1,1,1,1');

    const empty = await page('/app/channels?from=2025-01-01&to=2025-01-31');
    expect(empty).toContain('No visits in this period.');
    expect(empty).toContain('No target account visited in this period.');
    expect(tile(empty, 'Visits')).toBe('0');
  });

  it('escapes campaign names from the open internet', async () => {
    const { page } = await setup(HOSTILE);
    const html = await page('/app/channels');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(card(html, 'Campaigns')).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });
});
