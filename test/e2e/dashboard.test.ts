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

/**
 * The dashboard in real Chromium against a real collector on an SQLite file: signing in with the
 * token and as a user, the two clicks from the overview to what a target account read, refusals
 * of forms without their CSRF token, and every page with hostile event text staying inert.
 * Screenshots of each main page go to .screenshots/ (git-ignored) for a person to look at.
 */
const TOKEN = 'e2e-dashboard-token-0123456789';
const HOSTILE = `<img src=x onerror="window.__pwned=1;alert(1)">"'><script>window.__pwned=2;alert(2)</script>`;
const SHOTS = join(process.cwd(), '.screenshots');
const PAGES = ['/app', '/app/accounts', '/app/content', '/app/channels', '/app/targets', '/app/settings', '/app/live', '/app/alerts'] as const;

const run = requireChromium();

async function startSeeded(dir: string, hostile?: string): Promise<{ collector: RunningCollector; ids: Record<string, string> }> {
  const { collector, site, ids } = await startSeededCollector(dir, { token: TOKEN, siteKey: 'e2e-site-key', origin: 'https://vendor.example', ...(hostile && { siteName: hostile, hostile }) });
  if (hostile) {
    // Straight into the store, past the Events API's URL checks: javascript: links must still never become links.
    const base = { siteId: site.id, name: null, title: hostile, receivedAt: 0, referrer: 'javascript:alert(5)', ip: '198.51.100.0', userAgent: null, bot: false, roleLevel: null, points: 1 };
    const account = { id: ids.Initech!, name: hostile, domain: 'initech.com', nameKey: 'initech', via: 'network' as const };
    const network = { class: 'business', organization: hostile, domain: null, source: 'account-ranges', confidence: 0.9 };
    const ts = Date.now() - DAY / 2;
    await collector.store.insertEvents([
      { ...base, id: 'js-pv', type: 'page_view', ts, visitor: 'js-v', session: 'js-s', url: 'javascript:alert(3)', props: null, network, account, touch: { channel: 'Referral', source: hostile, medium: 'referral' }, campaign: { source: hostile, medium: 'referral', name: hostile, term: hostile, content: null, clickId: null, network: null } },
      { ...base, id: 'js-dl', type: 'download', ts: ts + 1000, visitor: 'js-v', session: 'js-s', url: 'javascript:alert(3)', props: { href: 'javascript:alert(4)', text: hostile }, network, account },
    ]);
  }
  // What the collector's minute-by-minute stage evaluation would do next: the pages show stages as they will be.
  await evaluateStages(collector.store, { rules: collector.config.scoring.stages, reading: collector.config.scoring.reading });
  return { collector, ids };
}

async function signInWithToken(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/app/login`);
  await page.fill('input[name="token"]', TOKEN);
  await Promise.all([page.waitForURL(/\/app(\?|$|\/)/), page.click('button[type="submit"]')]);
}

describe.runIf(run)('dashboard in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abm-dash-'));
  const hostileDir = mkdtempSync(join(tmpdir(), 'abm-dash-x-'));
  let plain: { collector: RunningCollector; ids: Record<string, string> };
  let hostile: { collector: RunningCollector; ids: Record<string, string> };
  let browser: Browser;

  beforeAll(async () => {
    [plain, hostile] = await Promise.all([startSeeded(dir), startSeeded(hostileDir, HOSTILE)]);
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await plain?.collector.close();
    await hostile?.collector.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(hostileDir, { recursive: true, force: true });
  });

  it('sends a signed-out browser to the login, then back to the page it asked for', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${plain.collector.url}/app/accounts`);
    expect(new URL(page.url()).pathname).toBe('/app/login');
    await page.screenshot({ path: join(SHOTS, 'login.png') });
    await page.fill('input[name="token"]', TOKEN);
    await Promise.all([page.waitForURL(/\/app\/accounts/), page.click('button[type="submit"]')]);
    await expect(page.locator('main').getByText('Acme').first().isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('answers "which target accounts visited, and what did they read" in two clicks from the overview, and screenshots every page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await signInWithToken(page, plain.collector.url);
    for (const path of PAGES) {
      const res = await page.goto(`${plain.collector.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await page.screenshot({ path: join(SHOTS, `${path === '/app' ? 'overview' : path.slice(5)}.png`), fullPage: true });
    }
    await page.goto(`${plain.collector.url}/app`);
    // Click 1: the account among the newest target-account visits. Click 2 is not even needed: its page lists what was read.
    await Promise.all([page.waitForURL(/\/app\/accounts\/acc_/), page.locator('main a', { hasText: 'Acme' }).first().click()]);
    const text = await page.locator('main').innerText();
    for (const read of ['Pricing', 'Book a demo', 'Product tour', 'ABM whitepaper', 'demo-request', 'VP Marketing', 'Organic Search']) expect(text).toContain(read);
    await page.screenshot({ path: join(SHOTS, 'account.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a new event in the live view within a second or two, without a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithToken(page, plain.collector.url);
    await page.goto(`${plain.collector.url}/app/live`);
    const id = `live-${Date.now()}`;
    const sent = await fetch(`${plain.collector.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://vendor.example', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' },
      body: JSON.stringify({ site: 'e2e-site-key', events: [{ id, type: 'page_view', ts: Date.now(), visitor: 'live-visitor', url: 'https://vendor.example/live-check', title: 'Live check' }] }),
    });
    expect(sent.status).toBe(202);
    const started = Date.now();
    await page.locator(`tr[data-id="${id}"]`).waitFor({ timeout: 5000 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await page.locator(`tr[data-id="${id}"]`).innerText()).toContain('Live check');
    await context.close();
  });

  it('signs a user in with e-mail and password', async () => {
    await plain.collector.store.createUser({ id: 'u-e2e', email: 'mia@vendor.example', name: 'Mia', role: 'viewer', passwordHash: await hashPassword('a long passphrase'), createdAt: Date.now() });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${plain.collector.url}/app/login`);
    await page.fill('input[name="email"]', 'mia@vendor.example');
    await page.fill('input[name="password"]', 'a long passphrase');
    await Promise.all([page.waitForURL(/\/app$/), page.click('button[type="submit"]')]);
    expect(await page.locator('header').innerText()).toContain('mia@vendor.example');
    await page.goto(`${plain.collector.url}/app/accounts`);
    expect(await page.locator('main').innerText()).toContain('Globex');
    await page.context().close();
  });

  it('refuses form posts without the CSRF token, from the page itself and from another site', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithToken(page, plain.collector.url);
    await page.goto(`${plain.collector.url}/app/targets`);
    const before = (await plain.collector.store.listTargets()).length;
    const status = await page.evaluate(async (id) => {
      const res = await fetch(`/app/targets/${encodeURIComponent(id)}/remove`, { method: 'POST', body: new URLSearchParams({ confirm: '1' }) });
      return res.status;
    }, plain.ids.Globex!);
    expect(status).toBe(403);
    // A page on another origin posting a form at the dashboard: no session goes with it (SameSite=Lax), nothing changes.
    const evil = await context.newPage();
    await evil.goto(`${plain.collector.url.replace('127.0.0.1', 'localhost')}/app/login`);
    await evil.evaluate((target) => {
      const f = document.createElement('form');
      f.method = 'POST';
      f.action = target;
      document.body.append(f);
      f.submit();
    }, `${plain.collector.url}/app/targets/${encodeURIComponent(plain.ids.Globex!)}/remove`);
    await evil.waitForLoadState();
    expect((await plain.collector.store.listTargets()).length).toBe(before);
    await context.close();
  });

  it('renders hostile titles, URLs, referrers, form names, UTM values and organization names inert on every page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signInWithToken(page, hostile.collector.url);
    const paths = [...PAGES, `/app/accounts/${encodeURIComponent(hostile.ids.Initech!)}`, `/app/accounts/${encodeURIComponent(hostile.ids.Acme!)}`, `/app/targets/${encodeURIComponent(hostile.ids.Initech!)}/edit`];
    for (const path of paths) {
      const res = await page.goto(`${hostile.collector.url}${path}`);
      expect(res?.status(), path).toBe(200);
      if (path === '/app/live') await page.waitForTimeout(1500); // let the live view poll once
      const found = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
        injectedImages: document.querySelectorAll('img[src="x"]').length,
        inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
        javascriptLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
        shown: document.body.innerText.includes('<script>window.__pwned=2'),
      }));
      expect(found, path).toMatchObject({ pwned: null, injectedImages: 0, inlineScripts: 0, javascriptLinks: 0 });
      if (path === `/app/accounts/${encodeURIComponent(hostile.ids.Initech!)}` || path === '/app/targets') expect(found.shown, `${path} shows the text as text`).toBe(true);
    }
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
