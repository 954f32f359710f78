import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateStages } from '../../collector/stage-evaluation.js';
import { DAY } from '../dashboard/helpers.js';
import { launchChromium, requireChromium, VISITOR_USER_AGENT } from './chromium.js';
import { startSeededCollector } from './seeded-collector.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * Live, charts and tiles in real Chromium against a real collector on an SQLite file: events sent
 * through the Events API land in event-time order (a late one in its place, none twice), with
 * titles and the URL on hover, engagement hidden until toggled; a chart's day shows its date and
 * value on hover, with date labels across 90 days; tiles do not overflow on a 1024 px laptop.
 * Screenshots go to .screenshots/.
 */
const TOKEN = 'e2e-live-charts-token-0123456789';
const SITE_KEY = 'e2e-live-key';
const ORIGIN = 'https://vendor.example';
const SHOTS = join(process.cwd(), '.screenshots');
const HOSTILE = `<img src=x onerror="window.__pwned=1">"'><script>window.__pwned=2</script>`;
const run = requireChromium();

/** Company visits on days before seedAccounts' ten: `VISITS[k]` sessions k+11 days ago, a count no other day has at 40 days. */
const VISITS = Array.from({ length: 80 }, (_, k) => (k === 29 ? 7 : (k * 5) % 4));

async function start(dir: string) {
  const { collector, site, ids, now } = await startSeededCollector(dir, { token: TOKEN, siteKey: SITE_KEY, origin: ORIGIN });
  // Older visits by Globex, so the 90-day chart has a shape and one day with a known count.
  const account = { id: ids.Globex!, name: 'Globex', domain: 'globex.com', nameKey: 'globex', via: 'network' as const };
  const network = { class: 'business', organization: 'Globex Corp', domain: null, source: 'account-ranges', confidence: 0.95 };
  const older: StoredEvent[] = VISITS.flatMap((count, k) =>
    Array.from({ length: count }, (_, j): StoredEvent => {
      // Within one UTC day: from 08:00, an hour apart.
      const ts = Math.floor((now - (k + 11) * DAY) / DAY) * DAY + (8 + j) * 3_600_000;
      return { siteId: site.id, id: `old-${k}-${j}`, type: 'page_view', name: null, ts, receivedAt: ts, visitor: `gx-${k}-${j}`, session: `gs-${k}-${j}`, url: `${ORIGIN}/blog/${k}`, title: `Post ${k}`, referrer: null, props: null, ip: '198.51.100.0', userAgent: null, bot: false, network, account, points: 1, touch: { channel: 'Direct', source: '(direct)', medium: '(none)' } };
    }),
  );
  await collector.store.insertEvents(older);
  await evaluateStages(collector.store, { rules: collector.config.scoring.stages, reading: collector.config.scoring.reading });
  return { collector, ids, now };
}

const send = (base: string, events: Record<string, unknown>[]) =>
  fetch(`${base}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': VISITOR_USER_AGENT }, body: JSON.stringify({ site: SITE_KEY, events }) });

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/app/login`);
  await page.fill('input[name="token"]', TOKEN);
  await Promise.all([page.waitForURL(/\/app(\?|$|\/)/), page.click('button[type="submit"]')]);
}

/** The rows' ids and event times, top to bottom. */
const rowsOf = (page: Page) => page.$$eval('table[data-live] tbody tr', (rows) => rows.map((r) => ({ id: r.getAttribute('data-id')!, ts: Number(r.getAttribute('data-ts')) })));

describe.runIf(run)('live, charts and tiles in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abm-live-'));
  let seeded: Awaited<ReturnType<typeof start>>;
  let browser: Browser;

  beforeAll(async () => {
    seeded = await start(dir);
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await seeded?.collector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps Live in event-time order as events arrive, a late one in its place and none twice, hiding engagement until asked', async () => {
    const base = seeded.collector.url;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await signIn(page, base);
    await page.goto(`${base}/app/live`);
    expect(await page.locator('[data-live-toggle]').innerText()).toBe('Show engagement and vitals');

    const t0 = Date.now();
    const pv = (id: string, ts: number, title: string, path: string) => ({ id, type: 'page_view', ts, visitor: 'live-visitor', url: `${ORIGIN}${path}?utm_source=newsletter`, title });
    expect((await send(base, [pv('live-fresh-1', t0 - 2_000, 'Fresh page', '/fresh')])).status).toBe(202);
    await page.locator('tr[data-id="live-fresh-1"]').waitFor({ timeout: 5000 });
    // Sent after the fresh one, happened 20 minutes before it (a queue flushed late): it goes below, among its own time.
    expect((await send(base, [pv('live-late-1', t0 - 20 * 60_000, 'Queued page', '/queued'), pv('live-newest', t0, 'Newest page', '/newest')])).status).toBe(202);
    expect((await send(base, [{ id: 'live-engage-1', type: 'engagement', ts: t0 + 1_000, visitor: 'live-visitor', url: `${ORIGIN}/newest?utm_source=newsletter`, props: { visible_ms: 12_000, scroll_pct: 80 } }])).status).toBe(202);
    expect((await send(base, [pv('live-hostile', t0 - 1_000, HOSTILE, `/x?q=${encodeURIComponent(HOSTILE)}`)])).status).toBe(202);
    await page.locator('tr[data-id="live-late-1"]').waitFor({ timeout: 5000 });
    await page.locator('tr[data-id="live-hostile"]').waitFor({ timeout: 5000 });
    await page.waitForTimeout(2_500); // two more polls: what they send again must not show twice

    const rows = await rowsOf(page);
    const ids = rows.map((r) => r.id);
    expect(ids.slice(0, 3)).toEqual(['live-newest', 'live-hostile', 'live-fresh-1']);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.ts, `${rows[i - 1]!.id} before ${rows[i]!.id}`).toBeGreaterThanOrEqual(rows[i]!.ts);
    expect(ids.indexOf('live-late-1')).toBeGreaterThan(ids.indexOf('live-fresh-1'));
    expect(ids).not.toContain('live-engage-1');

    // Titles, the URL on hover, times in the viewer's zone.
    const link = page.locator('tr[data-id="live-newest"] a.ext');
    expect(await link.innerText()).toBe('Newest page');
    expect(await link.getAttribute('title')).toBe(`${ORIGIN}/newest?utm_source=newsletter`);
    await link.hover();
    const time = page.locator('tr[data-id="live-newest"] time');
    expect(await time.innerText()).toBe('just now');
    expect(await time.getAttribute('title')).toMatch(/GMT-[45]|E[SD]T/);
    expect(await page.locator('tr[data-id="live-late-1"] td').first().innerText()).toMatch(/20 min ago\s+received just now/);
    expect(await page.locator('tr[data-id="live-hostile"] a.ext').innerText()).toBe(HOSTILE);
    await page.screenshot({ path: join(SHOTS, 'live-events.png') });

    // Engagement and vitals on request, kept in the URL across a reload, and arriving live too.
    await Promise.all([page.waitForURL(/\/app\/live\?all=1$/), page.locator('[data-live-toggle]').click()]);
    await page.reload();
    expect(await page.locator('[data-live-toggle]').innerText()).toBe('Hide engagement and vitals');
    expect(await page.locator('tr[data-id="live-engage-1"]').innerText()).toMatch(/Newest page[\s\S]*12 s visible · 80 % scrolled/);
    expect((await send(base, [{ id: 'live-vitals-1', type: 'vitals', ts: Date.now(), visitor: 'live-visitor', url: `${ORIGIN}/newest?utm_source=newsletter`, props: { lcp: 1800, cls: 0.12 } }])).status).toBe(202);
    await page.locator('tr[data-id="live-vitals-1"]').waitFor({ timeout: 5000 });
    expect(await page.locator('tr[data-id="live-vitals-1"]').innerText()).toContain('LCP 1.8 s · CLS 0.12');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'live-all.png'), fullPage: true });
    await context.close();
  });

  /** Hovers the day of a chart whose tooltip says `day`, and returns the tooltip's text and where it is. */
  const hoverDay = async (page: Page, chart: string, day: string) => {
    const hit = page.locator(`${chart} .hit[data-day="${day}"]`);
    await hit.hover();
    const tip = page.locator('.chart-tip');
    await tip.waitFor({ state: 'visible', timeout: 2000 });
    return { text: await tip.innerText(), box: (await tip.boundingBox())!, hit: (await hit.boundingBox())! };
  };

  it('shows a chart day’s date and value on hover, and enough date labels for 90 days', async () => {
    const base = seeded.collector.url;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, base);
    const day = (ago: number) => new Date(seeded.now - ago * DAY).toISOString().slice(0, 10);
    await page.goto(`${base}/app?from=${day(89)}&to=${day(0)}`);
    await page.screenshot({ path: join(SHOTS, 'overview-90-days.png'), fullPage: true });
    const chart = 'section:has(h2:text("Company visits per day")) svg[data-chart]';
    expect(await page.locator(`${chart} .hit`).count()).toBe(90);
    const labels = await page.locator(`${chart} text.day`).allTextContents();
    expect(labels.length).toBeGreaterThanOrEqual(5);
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const short = (ms: number) => `${new Date(ms).getUTCDate()} ${MONTHS[new Date(ms).getUTCMonth()]}`;
    expect(labels[0]).toContain(short(seeded.now - 89 * DAY));
    expect(labels.at(-1)).toContain(short(seeded.now));
    // Labels do not run into each other.
    const boxes = await page.locator(`${chart} text.day`).evaluateAll((ts) => ts.map((t) => (t as SVGTextElement).getBoundingClientRect()).map((r) => [r.left, r.right]));
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]![0]!).toBeGreaterThan(boxes[i - 1]![1]!);
    expect((await page.locator(`${chart} text.value`).allTextContents()).length).toBeGreaterThanOrEqual(3);

    // 40 days ago Globex made 7 visits, and no other day has as many.
    const when = new Date(seeded.now - 40 * DAY);
    const full = `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][when.getUTCDay()]} ${short(when.getTime())} ${when.getUTCFullYear()}`;
    const shown = await hoverDay(page, chart, full);
    expect(shown.text.split('\n')).toEqual(['7', full]);
    // The tooltip stands over the day hovered.
    expect(Math.abs(shown.box.x + shown.box.width / 2 - (shown.hit.x + shown.hit.width / 2))).toBeLessThan(12);
    expect(shown.box.y + shown.box.height).toBeLessThanOrEqual(shown.hit.y + shown.hit.height);
    // The browser's own tooltip is taken off, so it does not show twice.
    expect(await page.locator(`${chart} .hit title`).count()).toBe(0);
    // The viewport as it is (a full-page shot resizes the window, which hides the tooltip).
    await page.screenshot({ path: join(SHOTS, 'overview-chart-hover.png') });
    await page.mouse.move(5, 5);
    await page.locator('.chart-tip').waitFor({ state: 'hidden', timeout: 2000 });

    // From the keyboard: the focused chart shows its last day; the arrow keys step back and forth.
    const hits = page.locator(`${chart} .hit`);
    await page.locator(chart).focus();
    expect(await page.locator('.chart-tip').innerText()).toContain((await hits.last().getAttribute('data-day'))!);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('.chart-tip').innerText()).toBe(`${await hits.nth(87).getAttribute('data-value')}\n${await hits.nth(87).getAttribute('data-day')}`);
    await page.keyboard.press('Home');
    expect(await page.locator('.chart-tip').innerText()).toContain((await hits.first().getAttribute('data-day'))!);
    await page.locator(chart).blur();
    await page.locator('.chart-tip').waitFor({ state: 'hidden', timeout: 2000 });

    // The account page's score trend: a value with decimals, the last day of the period.
    await page.goto(`${base}/app/accounts/${encodeURIComponent(seeded.ids.Acme!)}?from=${day(29)}&to=${day(0)}`);
    const score = 'section:has(h2:text("Score trend")) svg[data-chart]';
    const last = await page.locator(`${score} .hit`).last().getAttribute('data-day');
    const trend = await hoverDay(page, score, last!);
    expect(trend.text).toMatch(/^\d+(\.\d)?\n/);
    expect(trend.text).toContain(last!);
    await page.screenshot({ path: join(SHOTS, 'account-chart-hover.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps tiles whole at 1024 and 1280 px, long values and labels included', async () => {
    const base = seeded.collector.url;
    for (const width of [1024, 1280, 760]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await signIn(page, base);
      for (const path of ['/app', `/app/accounts/${encodeURIComponent(seeded.ids.Acme!)}`, '/app/channels', '/app/content']) {
        await page.goto(`${base}${path}`);
        await page.locator('.tile').first().waitFor();
        if (width === 1024 && path === '/app') await page.screenshot({ path: join(SHOTS, 'overview-1024.png'), fullPage: true });
        // What a long figure or label does: the longest the pages show, and longer.
        await page.evaluate(() => {
          const tiles = document.querySelectorAll('.tile');
          tiles[0]!.querySelector('.tile-value')!.textContent = '1,234,567,890';
          tiles[1]!.querySelector('.tile-label')!.textContent = 'Target accounts reached by at least one person';
          const last = tiles[tiles.length - 1]!.querySelector('.tile-value')!;
          last.textContent = 'Organic Shopping and Cross-network';
        });
        const overflow = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          tiles: [...document.querySelectorAll('.tiles, .tile, .tile-value, .tile-label, .tile-note, .tile .clip')]
            .filter((e) => e.scrollWidth > e.clientWidth + 1)
            .map((e) => `${e.className}: ${e.textContent} (${e.scrollWidth} > ${e.clientWidth})`),
        }));
        expect(overflow, `${path} at ${width} px`).toEqual({ page: 0, tiles: [] });
        if (width === 1024 && path === '/app') await page.locator('.tiles').screenshot({ path: join(SHOTS, 'tiles-1024-long-values.png') });
      }
      await context.close();
    }
  });
});
