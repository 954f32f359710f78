import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../collector/dashboard/index.js';
import type { RunningCollector } from '../../collector/main.js';
import { evaluateStages } from '../../collector/stage-evaluation.js';
import { DAY } from '../dashboard/helpers.js';
import { launchChromium, requireChromium } from './chromium.js';
import { startSeededCollector } from './seeded-collector.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * The ten-second test in real Chromium, against a real collector on an SQLite file: a period
 * preset clicked survives navigation; relative dates are rewritten in the viewer's time zone
 * with the absolute time on hover; the overview shows which target accounts visited and what
 * they read, and the account's name leads to its page, whose visits come 20 at a time. The
 * changed pages are screenshotted to .screenshots/.
 */
const TOKEN = 'e2e-ten-seconds-token-0123456789';
const SHOTS = join(process.cwd(), '.screenshots');
const run = requireChromium();

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/app/login`);
  await page.fill('input[name="token"]', TOKEN);
  await Promise.all([page.waitForURL(/\/app(\?|$|\/)/), page.click('button[type="submit"]')]);
}

/** The rule the dashboard's script follows, computed here for a zone: what a time element should say. */
function expectedWords(at: Date, now: Date, timeZone: string): string {
  const day = (d: Date) => Date.parse(`${new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)}T00:00:00Z`) / DAY;
  const diff = now.getTime() - at.getTime();
  const days = Math.round(day(now) - day(at));
  if (diff < 60_000) return 'just now';
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} min ago`;
  if (days === 0 || diff < 6 * 3_600_000) return `${Math.floor(diff / 3_600_000)} h ago`;
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

describe.runIf(run)('the ten-second test in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abm-ten-'));
  let collector: RunningCollector;
  let ids: Record<string, string>;
  let browser: Browser;

  beforeAll(async () => {
    const seeded = await startSeededCollector(dir, { token: TOKEN, siteKey: 'ten-site-key', origin: 'https://vendor.example' });
    ({ collector, ids } = seeded);
    const { site, now } = seeded;
    // Globex came back often this month: enough visits for its page to show them a page at a time.
    const globex = { id: ids.Globex!, name: 'Globex', domain: 'globex.com', nameKey: 'globex', via: 'network' as const };
    const network = { class: 'business', organization: 'Globex Corp', domain: null, source: 'account-ranges', confidence: 0.95 };
    const visits: StoredEvent[] = Array.from({ length: 26 }, (_, i) => ({
      siteId: site.id, id: `globex-many-${i}`, type: 'page_view', name: null, ts: now - 20 * DAY + i * 15 * 3_600_000, receivedAt: 0, visitor: 'globex-v9', session: `globex-many-${i}`,
      url: `https://vendor.example/docs/page-${i}`, title: `Docs page ${i}`, referrer: null, props: null, ip: null, userAgent: null, bot: false, network, account: globex, roleLevel: null, points: 1,
    }));
    await collector.store.insertEvents(visits);
    await evaluateStages(collector.store, { rules: collector.config.scoring.stages, reading: collector.config.scoring.reading });
    await collector.store.createUser({ id: 'u-ana', email: 'ana@vendor.example', name: 'Ana', role: 'viewer', passwordHash: await hashPassword('a long passphrase'), createdAt: Date.now() });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a clicked preset across pages, through the navigation and past a page without a period', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, collector.url);
    await page.goto(`${collector.url}/app`);
    await Promise.all([page.waitForURL(/period=7d/), page.click('nav.presets a:has-text("7 days")')]);
    expect(await page.locator('p.sub').innerText()).toContain('Last 7 days');
    expect(await page.locator('nav.presets a.on').innerText()).toBe('7 days');
    await page.screenshot({ path: join(SHOTS, 'ten-overview-7-days.png'), fullPage: true });

    await Promise.all([page.waitForURL(/\/app\/accounts\?period=7d$/), page.click('header nav a:has-text("Accounts")')]);
    expect(await page.locator('p.sub').innerText()).toContain('Last 7 days');
    expect(await page.locator('nav.presets a.on').innerText()).toBe('7 days');
    await page.screenshot({ path: join(SHOTS, 'ten-accounts.png'), fullPage: true });

    // Live has no period; coming back through the navigation still shows the one chosen.
    await page.click('header nav a:has-text("Live")');
    await page.waitForURL(/\/app\/live/);
    await Promise.all([page.waitForURL(/\/app\/content$/), page.click('header nav a:has-text("Content")')]);
    expect(await page.locator('p.sub').innerText()).toContain('Last 7 days');

    // The quarter says which: this calendar quarter, to date.
    await Promise.all([page.waitForURL(/period=quarter/), page.click('nav.presets a[data-preset="quarter"]')]);
    const quarter = `Q${Math.floor(new Date().getUTCMonth() / 3) + 1} to date`;
    expect(await page.locator('nav.presets a.on').innerText()).toBe(quarter);
    expect(await page.locator('nav.presets a.on').getAttribute('title')).toMatch(/^This calendar quarter so far: \d{4}-\d{2}-01 to today/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('writes dates in the viewer\'s time zone: relative words, the absolute time on hover', async () => {
    const timeZone = 'Pacific/Auckland';
    const context = await browser.newContext({ timezoneId: timeZone, locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, collector.url);
    await page.goto(`${collector.url}/app`);
    const served = await (await page.request.get(`${collector.url}/app`)).text();
    const times = await page.locator('main time[data-when]').evaluateAll((els) => els.map((e) => ({ iso: e.getAttribute('datetime')!, title: e.getAttribute('title')!, text: e.textContent! })));
    expect(times.length).toBeGreaterThanOrEqual(3);
    const now = new Date();
    const abs = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone });
    for (const t of times) {
      const at = new Date(t.iso);
      expect(t.title).toBe(abs.format(at));
      expect(t.title).toMatch(/GMT\+1[23]$/);
      expect(t.text).toBe(expectedWords(at, now, timeZone));
      // The server wrote UTC; the browser rewrote it.
      expect(served).toContain(`datetime="${t.iso}" title="${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: 'UTC' }).format(at)}"`);
    }
    await context.close();
  });

  it('shows a target account\'s visit with what it read, and its name leads to the account, whose visits come 20 at a time', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, collector.url);
    await page.goto(`${collector.url}/app?period=7d`);
    const row = page.locator(`table.newest tr[data-account="${ids.Acme}"]`);
    const read = await row.locator('ul.read').innerText();
    for (const s of ['Pricing', 'Book a demo', 'ABM whitepaper']) expect(read).toContain(s);
    expect(await row.locator('.read-title', { hasText: 'Pricing' }).getAttribute('title')).toBe('https://vendor.example/pricing');
    expect(await row.locator('.badge.intent').count()).toBeGreaterThanOrEqual(2);
    // The name is a visible link: underlined text in the link colour, not a hidden affordance.
    const link = row.locator('a.acct-name');
    expect(await link.evaluate((a) => getComputedStyle(a).color)).toBe('rgb(79, 70, 229)');
    await Promise.all([page.waitForURL(new RegExp(`/app/accounts/${ids.Acme}\\?period=7d`)), link.click()]);
    const main = await page.locator('main').innerText();
    for (const s of ['People and roles reached', 'VP Marketing', 'What they read', 'Book a demo']) expect(main).toContain(s);
    await page.screenshot({ path: join(SHOTS, 'ten-account.png'), fullPage: true });

    // Globex: 28 visits this month, 20 on the first page; the older ones one click away, the period kept.
    await page.goto(`${collector.url}/app/accounts/${ids.Globex}?period=30d`);
    expect(await page.locator('ol.timeline > li').count()).toBe(20);
    await page.screenshot({ path: join(SHOTS, 'ten-account-visits.png'), fullPage: true });
    await Promise.all([page.waitForURL(/visits=20/), page.click('a[rel="next"]')]);
    expect(page.url()).toContain('period=30d');
    expect(await page.locator('ol.timeline > li').count()).toBe(8);
    expect(await page.locator('nav.pager[aria-label="Visits"]').innerText()).toContain('Visits 21–28 of 28');
    await context.close();
  });

  it('offers an owner their own accounts in one click', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${collector.url}/app/login`);
    await page.fill('input[name="email"]', 'ana@vendor.example');
    await page.fill('input[name="password"]', 'a long passphrase');
    await Promise.all([page.waitForURL(/\/app$/), page.click('button[type="submit"]')]);
    await Promise.all([page.waitForURL(/owner=ana/), page.click('a[data-mine]')]);
    const newest = await page.locator('table.newest').innerText();
    expect(newest).toContain('Acme');
    expect(newest).not.toContain('Globex');
    await page.screenshot({ path: join(SHOTS, 'ten-my-accounts.png'), fullPage: true });
    await context.close();
  });
});
