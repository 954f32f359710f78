import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../collector/config.js';
import { startCollector, type RunningCollector } from '../../collector/main.js';
import { freePort, launchChromium, requireChromium } from './chromium.js';

/**
 * Settings → Sites in real Chromium against a real collector: a site edited, given a new key (its
 * new tag shown, and until when the old key works), and deleted after its name is typed; what
 * the tag's key does at the Events API after each step. Screenshots go to .screenshots/.
 */
const TOKEN = 'e2e-settings-token-0123456789';
const SHOTS = join(process.cwd(), '.screenshots');
const run = requireChromium();

describe.runIf(run)('settings: sites, in Chromium', () => {
  let dir: string;
  let collector: RunningCollector;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'abm-e2e-settings-'));
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    collector = await startCollector(
      parseConfig({
        PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'abm.db')}`, ADMIN_TOKEN: TOKEN, OPEN_ASN: 'off', PUBLIC_URL: `http://127.0.0.1:${port}`, ALERTS: 'off',
        SCORE_POINTS: 'page_view=1,pricing_view=3,download=4,form=6,demo_form=10',
      }),
    );
    await collector.store.createSite({ id: 'site-docs', key: 'docs-site-key-01', name: 'Docs', origins: ['https://docs.vendor.example'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${collector.url}/app/login`);
    await page.fill('input[name="token"]', TOKEN);
    await Promise.all([page.waitForURL(/\/app(\?|$|\/)/), page.click('button[type="submit"]')]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (key: string) =>
    fetch(`${collector.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://docs.vendor.example' },
      body: JSON.stringify({ site: key, events: [{ id: `e2e-${Math.random().toString(36).slice(2)}`, type: 'page_view', ts: new Date().toISOString(), url: 'https://docs.vendor.example/' }] }),
    });

  it('edits, re-keys and deletes a site, with the points per action shown in plain words', async () => {
    await page.goto(`${collector.url}/app/settings`);
    expect(await page.locator('td', { hasText: 'A view of a pricing page' }).locator('xpath=following-sibling::td').textContent()).toBe('3 points');
    await page.screenshot({ path: join(SHOTS, 'settings-sites.png'), fullPage: true });

    const card = page.locator('#site-site-docs');
    await card.locator('summary', { hasText: 'Edit' }).click();
    await card.locator('input[name="name"]').fill('Docs and help');
    await card.locator('textarea[name="origins"]').fill('https://docs.vendor.example\nhttps://help.vendor.example');
    await Promise.all([page.waitForURL(/ok=/), card.locator('button', { hasText: 'Save' }).click()]);
    expect(await page.locator('.flash.ok').textContent()).toContain('Docs and help was saved.');
    expect(await page.locator('#site-site-docs dd').nth(1).textContent()).toBe('https://docs.vendor.example, https://help.vendor.example');

    expect((await send('docs-site-key-01')).status).toBe(202);
    await card.locator('summary', { hasText: 'New key' }).click();
    await card.locator('select[name="grace_hours"]').selectOption('1');
    await Promise.all([page.waitForURL(/ok=/), card.locator('button', { hasText: 'Issue a new key' }).click()]);
    expect(await page.locator('.flash.ok').textContent()).toMatch(/has a new key: .* The old key keeps working until \d+ \w+ \d{4}, \d\d:\d\d UTC\./);
    const site = (await collector.store.siteById('site-docs'))!;
    expect(await page.locator('#snippet-site-docs').textContent()).toContain(`data-site="${site.key}"`);
    expect(await card.textContent()).toContain('docs-site-key-01 still works until');
    await page.screenshot({ path: join(SHOTS, 'settings-sites-rotated.png'), fullPage: true });
    expect((await send('docs-site-key-01')).status).toBe(202);
    expect((await send(site.key)).status).toBe(202);

    // Deleting: the wrong name is refused, the right one deletes the site and its events.
    await card.locator('summary', { hasText: 'Delete' }).click();
    await card.locator('input[name="confirm"]').fill('docs');
    await Promise.all([page.waitForURL(/error=/), card.locator('button', { hasText: 'Delete this site' }).click()]);
    expect(await page.locator('.flash.error').textContent()).toContain("type the site's name, Docs and help, to delete it");
    await page.locator('#site-site-docs summary', { hasText: 'Delete' }).click();
    await page.screenshot({ path: join(SHOTS, 'settings-sites-delete.png'), fullPage: true });
    await page.locator('#site-site-docs input[name="confirm"]').fill('Docs and help');
    await Promise.all([page.waitForURL(/ok=/), page.locator('#site-site-docs button', { hasText: 'Delete this site' }).click()]);
    expect(await page.locator('.flash.ok').textContent()).toContain('Docs and help was deleted with 3 events');
    expect(await page.locator('#site-site-docs').count()).toBe(0);
    expect((await send(site.key)).status).toBe(404);
    expect((await send('docs-site-key-01')).status).toBe(404);
  }, 60_000);
});
