import { describe, expect, it } from 'vitest';
import { periodOf } from '../../collector/dashboard/period.js';
import { testApp } from '../helpers.js';
import { seedAccounts, signIn } from './helpers.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const HOSTILE = '<img src=x onerror=alert(1)>"\'><script>alert(2)</script>';

/** The figure of the KPI tile with this label. */
const tile = (html: string, label: string) => new RegExp(`<div class="tile-label">${label}</div><div class="tile-value">([^<]*)</div>`).exec(html)?.[1];
/** The body of the card with this title. */
const card = (html: string, title: string) => {
  const start = html.indexOf(`<h2>${title}</h2>`);
  if (start < 0) return '';
  const end = html.indexOf('<section class="card', start);
  return html.slice(start, end < 0 ? undefined : end);
};

async function setup(hostile?: string) {
  const t = await testApp({ now: () => NOW });
  const ids = await seedAccounts(t, NOW, hostile ? { hostile } : {});
  const d = await signIn(t);
  const page = async (path: string) => {
    const res = await d.get(path);
    expect(res.status).toBe(200);
    return { html: await res.text(), res };
  };
  return { t, ids, d, page };
}

describe('periodOf', () => {
  it('defaults to the last 30 days ending today, with an exclusive end', () => {
    const p = periodOf({}, NOW);
    expect(p).toEqual({ fromDay: '2026-10-25', toDay: '2026-11-23', from: Date.UTC(2026, 9, 25), to: Date.UTC(2026, 10, 24), preset: '30d', chosen: false });
  });
  it('takes inclusive ISO days, and only from or only to', () => {
    expect(periodOf({ from: '2026-11-01', to: '2026-11-10' }, NOW)).toMatchObject({ fromDay: '2026-11-01', toDay: '2026-11-10', from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 11) });
    expect(periodOf({ to: '2026-11-10' }, NOW)).toMatchObject({ fromDay: '2026-10-12', toDay: '2026-11-10' });
    expect(periodOf({ from: '2026-11-20' }, NOW)).toMatchObject({ fromDay: '2026-11-20', toDay: '2026-11-23' });
    expect(periodOf({ from: '2026-11-23', to: '2026-11-23' }, NOW)).toMatchObject({ from: Date.UTC(2026, 10, 23), to: Date.UTC(2026, 10, 24) });
  });
  it('falls back to the default for invalid or reversed dates, and caps the span at 400 days', () => {
    const def = periodOf({}, NOW);
    expect(periodOf({ from: 'yesterday', to: '2026-02-30' }, NOW)).toEqual(def);
    expect(periodOf({ from: '2026-11-10', to: '2026-11-01' }, NOW)).toEqual(def);
    expect(periodOf({ from: '', to: '' }, NOW)).toEqual(def);
    const long = periodOf({ from: '2000-01-01', to: '2026-11-23' }, NOW);
    expect(long.toDay).toBe('2026-11-23');
    expect((long.to - long.from) / 86_400_000).toBe(400);
  });
});

describe('GET /app', () => {
  it('shows the funnel, the trends, channels, content and the newest target-account visits from the seed', async () => {
    const { ids, page } = await setup();
    const { html, res } = await page('/app');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);

    expect(tile(html, 'Target accounts')).toBe('3');
    expect(tile(html, 'Awareness')).toBe('100 %');
    expect(tile(html, 'Penetration')).toMatch(/ %$/);
    expect(tile(html, 'MQAs')).toBe('0');
    expect(tile(html, 'Active accounts')).toBe('4');
    expect(tile(html, 'New accounts')).toBe('4');
    expect(html).toContain('3 on the target list');
    // Nothing in the previous period: a rate's change is in percentage points, a count's in per cent (or new).
    expect(html).toContain('3 aware · +100 pp');
    expect(html).toContain('1 engaged · +33.3 pp');
    expect(card(html, 'Funnel')).toMatch(/<td>Aware target accounts<\/td><td class="num">3<\/td><td class="num tile-note up">new<\/td>/);
    // Penetration explained where it is shown, in words and on hover.
    expect(html).toContain('Penetration: the share of target accounts engaged in the period — a score of at least 10.0, or visits on 3 days or more.');
    expect(html).toMatch(/<div class="tile" title="Penetration: the share of target accounts engaged/);

    // Newest visits: the three target accounts, most recent first, each linking to its page.
    const newest = card(html, 'Newest target-account visits');
    const links = [...newest.matchAll(/<a href="\/app\/accounts\/([^"?]+)" class="acct-name">([^<]+)<\/a>/g)].map((m) => [decodeURIComponent(m[1]!), m[2]]);
    expect(links).toEqual([
      [ids.Acme, 'Acme'],
      [ids.Globex, 'Globex'],
      [ids.Initech, 'Initech'],
    ]);
    // When, one way: relative words, the absolute time on hover, the moment for the browser to rewrite.
    expect(newest).toContain('<time datetime="2026-11-22T12:02:00.000Z" title="22 Nov 2026, 12:02 UTC" data-when="">yesterday</time>');
    expect(newest).not.toContain('Hooli');

    // Trends: two SVG line charts.
    expect(card(html, 'Target accounts active per day')).toContain('<svg class="chart"');
    expect(card(html, 'Company visits per day')).toContain('<svg class="chart"');

    // Channels and content.
    const channels = card(html, 'Channels');
    for (const ch of ['Organic Search', 'Paid Social', 'Direct', 'Email']) expect(channels).toMatch(new RegExp(`<span class="bar-label"[^>]*>${ch}</span>`));
    const content = card(html, 'Top content among target accounts');
    expect(content).toContain('href="https://vendor.example/pricing"');
    expect(content).toContain('href="/app/content"');
    expect(html).toContain('href="/app/channels"');

    // The segment select offers the target list's tiers and owners.
    expect(html).toContain('<option value="2">Tier 2</option>');
    expect(html).toContain('<option value="bob@vendor.example">bob@vendor.example</option>');
  });

  it('answers "which target accounts visited, and what did they read" in two clicks', async () => {
    const { ids, page, d } = await setup();
    const { html } = await page('/app');
    const href = new RegExp(`href="(/app/accounts/${encodeURIComponent(ids.Acme!)}[^"]*)"`).exec(html)?.[1];
    expect(href).toBeDefined();
    expect((await d.get(href!.replace(/&amp;/g, '&'))).status).toBe(200);
  });

  it('follows the period and the segment', async () => {
    const { ids, page } = await setup();
    // Globex on the 21st, Acme on the 22nd; Initech's visit (the 20th) is outside.
    const recent = (await page('/app?from=2026-11-21&to=2026-11-23')).html;
    expect(tile(recent, 'Awareness')).toBe('66.7 %');
    expect(recent).toContain('value="2026-11-21"');
    const newest = card(recent, 'Newest target-account visits');
    expect(newest).toContain('>Acme</a>');
    // The period is named in words and in days.
    expect(recent).toContain('<p class="sub">2026-11-21 – 2026-11-23 · all target accounts</p>');
    expect(newest).toContain('>Globex</a>');
    expect(newest).not.toContain('>Initech</a>');
    // Links keep the chosen period.
    expect(newest).toContain(`href="/app/accounts/${encodeURIComponent(ids.Acme!)}?from=2026-11-21&amp;to=2026-11-23"`);

    const tier2 = (await page('/app?tier=2')).html;
    expect(tile(tier2, 'Target accounts')).toBe('1');
    expect(tier2).toContain('<option value="2" selected="">Tier 2</option>');
    const tierNewest = card(tier2, 'Newest target-account visits');
    expect(tierNewest).toContain('>Globex</a>');
    expect(tierNewest).not.toContain('>Acme</a>');

    const ana = (await page('/app?owner=ANA@vendor.example')).html;
    expect(tile(ana, 'Target accounts')).toBe('2');

    const empty = (await page('/app?from=2025-01-01&to=2025-01-31')).html;
    expect(tile(empty, 'Target accounts')).toBe('3');
    expect(tile(empty, 'Awareness')).toBe('0 %');
    expect(tile(empty, 'Active accounts')).toBe('0');
    expect(empty).toContain('No target account visited in this period.');
    expect(empty).toContain('No visits in this period.');
    expect(card(empty, 'Channels')).toContain('No visits in this period.');
    expect(empty).toContain('No target account read anything in this period.');
    expect(empty).not.toContain('<svg class="chart"');

    // A broken period still renders, as the default one.
    const broken = (await page('/app?from=nonsense&to=2026-13-45')).html;
    expect(broken).toContain('value="2026-10-25"');
    expect(tile(broken, 'Target accounts')).toBe('3');
  });

  it('asks for a target list when there is none', async () => {
    const t = await testApp({ now: () => NOW });
    const d = await signIn(t);
    const html = await (await d.get('/app')).text();
    expect(html).toContain('href="/app/targets"');
    expect(tile(html, 'Target accounts')).toBe('0');
    expect(html).toContain('No target account visited in this period.');
  });

  it('escapes names, titles and URLs from the open internet', async () => {
    const { page } = await setup(HOSTILE);
    const { html } = await page('/app');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
