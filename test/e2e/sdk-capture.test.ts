import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../collector/config.js';
import { newSiteKey } from '../../collector/http/index.js';
import { startCollector, type RunningCollector } from '../../collector/main.js';
import { startRecordingProxy, serveFixtureSite, type FixtureSite, type RecordingProxy } from './capture-harness.js';
import { freePort, launchChromium, launchVisitorChromium, requireChromium, visitorContext } from './chromium.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * What the built SDK (dist/sdk/s.js and its lazy chunks) captures in real Chromium: the real
 * collector (main.ts wiring, a SQLite file) on one port, the fixture pages of test/e2e/fixtures
 * on another (so every send is cross-origin, as in production). Each test opens a fresh browser
 * context and looks at what arrived twice: in the store, and as raw request bodies.
 *
 * Raw bodies are recorded at both ends. In the browser, by playwright's request events: they show
 * fetch keepalive sends and beacons sent while the page lives, but not beacons sent from a page
 * that is unloading (pagehide), though those do arrive. So the pages load the tag through a small
 * recording proxy in front of the collector, which keeps every body that reached it.
 */
const TOKEN = 'e2e-admin-token-0123456789';

/** The SDK's wire format, as far as these tests read it. */
interface SentEvent {
  id: string;
  type: string;
  name?: string;
  url: string;
  title?: string;
  referrer?: string;
  visitor?: string;
  props?: Record<string, any>;
}
interface SentBody {
  site: string;
  events: SentEvent[];
  automation?: true;
  dropped?: number;
}

type AbmWindow = Window & { abm?: ((...args: unknown[]) => void) & { l?: 1 } };

describe.runIf(requireChromium())('what the SDK captures in real Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abm-e2e-capture-'));
  let collector: RunningCollector;
  /** Records every body POSTed to /v1/events, then passes all requests on to the collector. */
  let recorder: RecordingProxy;
  /** The recorder's origin: the pages' tag loads s.js, its chunks and sends events here. */
  let tagOrigin: string;
  let fixtures: FixtureSite;
  /** The fixture site's origin, e.g. http://localhost:PORT. */
  let site: string;
  let eventsUrl: string;
  let siteKey: string;
  /** Bodies the fixture site's own backend received at POST /contact. */
  let contactPosts: string[];
  /** Looks like a real visitor's browser: navigator.webdriver is false. */
  let visitorBrowser: Browser;
  /** Chromium as playwright launches it by default: navigator.webdriver is true. */
  let botBrowser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await freePort();
    collector = await startCollector(
      parseConfig({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'abm.db')}`, ADMIN_TOKEN: TOKEN, PUBLIC_URL: `http://127.0.0.1:${port}` }),
    );
    recorder = await startRecordingProxy(collector.url);
    tagOrigin = recorder.origin;
    eventsUrl = `${tagOrigin}/v1/events`;
    siteKey = newSiteKey();
    fixtures = await serveFixtureSite(tagOrigin, siteKey);
    site = fixtures.origin;
    contactPosts = fixtures.contactPosts;
    await collector.store.createSite({ id: randomUUID(), key: siteKey, name: 'SDK capture fixtures', origins: fixtures.allowedOrigins });
    [visitorBrowser, botBrowser] = await Promise.all([launchVisitorChromium(), launchChromium()]);
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await Promise.all([visitorBrowser?.close(), botBrowser?.close()]);
    fixtures?.close();
    recorder?.close();
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // ——— helpers ———

  /** A fresh context; `bot` for playwright's default (automation-flagged) browser. */
  async function newContext(bot = false): Promise<BrowserContext> {
    const context = bot ? await botBrowser.newContext() : await visitorContext(visitorBrowser);
    contexts.push(context);
    return context;
  }

  /**
   * Raw bodies of this test: `seen`, those the context's pages were seen POSTing to the Events
   * API (not beacons from unloading pages, see above); `arrived()`, those that reached the
   * collector since (from any browser: filter by visitor or URL).
   */
  function recordSends(context: BrowserContext) {
    const arrived = recorder.arrived;
    const since = arrived.length;
    const seen: string[] = [];
    context.on('request', (r) => {
      if (r.method() === 'POST' && r.url() === eventsUrl) seen.push(r.postData() ?? '');
    });
    return { seen, arrived: () => arrived.slice(since), all: () => [...seen, ...arrived.slice(since)] };
  }
  const sentEvents = (bodies: string[]): SentEvent[] => bodies.flatMap((b) => (JSON.parse(b) as SentBody).events);
  /** Events of one visitor in bodies that reached the collector, in order. */
  const arrivedOf = (sends: ReturnType<typeof recordSends>, visitor: string, type?: string) =>
    sentEvents(sends.arrived()).filter((e) => e.visitor === visitor && (!type || e.type === type));

  /** A page of the context with its uncaught errors collected, so a test can assert there were none. */
  async function newPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  }

  /** Waits for the tag to have replaced the `abm` stub (s.js ran). */
  const tagReady = (page: Page) => page.waitForFunction(() => (window as AbmWindow).abm?.l === 1);

  /** The visitor id the SDK keeps for this context (set with its first event). */
  const visitorOf = async (page: Page): Promise<string> =>
    (await page.waitForFunction(() => localStorage.getItem('abm_v'))).jsonValue() as Promise<string>;

  /** Opens a fixture page and returns the visitor id the SDK gave this context. */
  async function openAsVisitor(context: BrowserContext, path: string) {
    const { page, errors } = await newPage(context);
    await page.goto(`${site}${path}`);
    await tagReady(page);
    return { page, errors, visitor: await visitorOf(page) };
  }

  /** Stored events matching, oldest first (by the browser's timestamp). */
  async function stored(match: (e: StoredEvent) => boolean): Promise<StoredEvent[]> {
    return (await collector.store.newestEvents({ limit: 1000 })).filter(match).sort((a, b) => a.ts - b.ts);
  }
  const storedOf = (visitor: string, type?: string) => stored((e) => e.visitor === visitor && (!type || e.type === type));
  /** The one stored event matching, once it has arrived. */
  async function arrival(visitor: string, type: string, match: (e: StoredEvent) => boolean = () => true): Promise<StoredEvent> {
    let found: StoredEvent | undefined;
    await expect
      .poll(async () => (found = (await storedOf(visitor, type)).find(match)), { timeout: 10_000, message: `a stored ${type} event` })
      .toBeTruthy();
    return found!;
  }

  // ——— tests ———

  it('looks like a real visitor to the SDK: navigator.webdriver is false, the page view is stored as human', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    const { page, errors, visitor } = await openAsVisitor(context, '/index.html');
    expect(await page.evaluate(() => navigator.webdriver)).toBe(false);
    expect(await page.evaluate(() => navigator.userAgent)).not.toMatch(/headless/i);

    const view = await arrival(visitor, 'page_view');
    expect(view).toMatchObject({ url: `${site}/index.html`, title: 'Fixtures — home', bot: false });
    expect(view.props).toMatchObject({ lang: expect.any(String), screen: expect.stringMatching(/^\d+x\d+$/), viewport: '1280x720', tz: expect.any(String) });
    // Seen leaving the browser, and received as sent: the site key, no automation flag.
    // (Polled: playwright may report the request a little after the collector has stored it.)
    await expect.poll(() => sends.seen.map((b) => JSON.parse(b) as SentBody)).toEqual([{ site: siteKey, events: [expect.objectContaining({ id: view.id })] }]);
    expect(sends.arrived().filter((b) => b.includes(view.id))).toEqual(sends.seen);
    // And the admin API shows it as stored.
    const res = await fetch(`${collector.url}/api/events?limit=100`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { events: { id: string; bot: boolean }[] }).events.find((e) => e.id === view.id)).toMatchObject({ bot: false });
    expect(errors).toEqual([]);
  });

  it('counts each single-page-app push once, with the previous URL as referrer; redundant pushes and a query-only replace are not views', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    const { page, errors, visitor } = await openAsVisitor(context, '/spa.html');
    for (const button of ['#push-a', '#push-b', '#push-b-again', '#replace-tab']) {
      await page.click(button);
      await page.waitForTimeout(50);
    }
    expect(page.url()).toBe(`${site}/app/b?tab=2`);

    await expect.poll(async () => (await storedOf(visitor, 'page_view')).length, { timeout: 10_000 }).toBe(3);
    await page.waitForTimeout(700); // a stray fourth view would have been batched and sent by now
    const views = await storedOf(visitor, 'page_view');
    expect(views.map((v) => [v.url, v.referrer || ''])).toEqual([
      [`${site}/spa.html`, ''],
      [`${site}/app/a`, `${site}/spa.html`],
      [`${site}/app/b`, `${site}/app/a`],
    ]);
    expect(views.every((v) => v.title === 'Fixtures — single-page app' && v.bot === false)).toBe(true);
    // The browser sent exactly those three, not three of more.
    const urls = [`${site}/spa.html`, `${site}/app/a`, `${site}/app/b`];
    await expect.poll(() => sentEvents(sends.seen).filter((e) => e.type === 'page_view').map((e) => e.url)).toEqual(urls);
    expect(arrivedOf(sends, visitor, 'page_view').map((e) => e.url)).toEqual(urls);
    expect(errors).toEqual([]);
  });

  it('delivers the download event of a PDF link click that takes the tab away', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    const { page, visitor } = await openAsVisitor(context, '/links.html');
    // Headless Chromium may render the PDF or download it; the click leaves links.html or not, either way.
    const left = Promise.race([
      page.waitForURL(`${site}/files/whitepaper.pdf`, { timeout: 5_000 }).then(() => 'navigated'),
      page.waitForEvent('download', { timeout: 5_000 }).then(() => 'downloaded'),
    ]).catch(() => 'stayed');
    await page.click('#pdf');

    const download = await arrival(visitor, 'download');
    expect(download).toMatchObject({ url: `${site}/links.html`, props: { href: `${site}/files/whitepaper.pdf`, text: 'Download the whitepaper' } });
    expect(['navigated', 'downloaded']).toContain(await left);
    expect(arrivedOf(sends, visitor, 'download').map((e) => e.id)).toEqual([download.id]);
    // Sent by beacon at the click, before the tab went: seen leaving the browser too.
    await expect.poll(() => sentEvents(sends.seen).filter((e) => e.type === 'download').map((e) => e.id)).toEqual([download.id]);
  });

  it('captures an outbound link click', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    const { page, errors, visitor } = await openAsVisitor(context, '/links.html');
    // Nothing leaves the machine: the partner site is answered here.
    await page.route('https://example.org/**', (r) => r.fulfill({ contentType: 'text/html', body: '<title>Partner</title><p>ok</p>' }));
    await page.click('#partner');
    await page.waitForURL('https://example.org/partner');

    const outbound = await arrival(visitor, 'outbound');
    expect(outbound).toMatchObject({ url: `${site}/links.html`, props: { href: 'https://example.org/partner' } });
    expect(arrivedOf(sends, visitor, 'outbound').map((e) => e.id)).toEqual([outbound.id]);
    expect(errors).toEqual([]);
  });

  it('reads a submitted form: email domain and hash, job title and company go out; no other value, no password field', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    const { page, errors, visitor } = await openAsVisitor(context, '/form.html');
    const secrets = { email: 'ana.lopez@pfizer.com', password: 'Hunter2-secret', phone: '+1 555 0100', message: 'please call me' };
    await page.fill('input[name=email]', secrets.email);
    await page.fill('input[name=password]', secrets.password);
    await page.fill('input[name=phone]', secrets.phone);
    await page.fill('textarea[name=message]', secrets.message);
    await page.fill('input[name=job_title]', 'VP Finance');
    await page.fill('input[name=company]', 'Pfizer');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== '');
    // The page's own handler posted the form (values and all) to its own backend, and stayed.
    expect(contactPosts.some((b) => b.includes('Hunter2-secret'))).toBe(true);
    expect(page.url()).toBe(`${site}/form.html`);

    const form = await arrival(visitor, 'form');
    expect(form.props).toEqual({
      form_id: 'contact',
      action: `${site}/contact`,
      fields: ['email', 'phone', 'message', 'job_title', 'company'],
      email_domain: 'pfizer.com',
      email_hash: createHash('sha256').update('ana.lopez@pfizer.com').digest('hex'),
      job_title: 'VP Finance',
      company: 'Pfizer',
    });
    await page.waitForTimeout(400); // anything else the submit set off has been sent by now

    expect(arrivedOf(sends, visitor, 'form').map((e) => e.id)).toEqual([form.id]);
    await expect.poll(() => sentEvents(sends.seen).filter((e) => e.type === 'form').map((e) => e.id)).toEqual([form.id]);
    const raw = sends.all().join('\n');
    expect(raw).toContain('pfizer.com');
    expect(raw).toContain('VP Finance');
    for (const leaked of ['ana.lopez', 'Hunter2', '555 0100', 'please call me', 'password']) {
      expect(raw).not.toContain(leaked);
      expect(JSON.stringify(await storedOf(visitor))).not.toContain(leaked);
    }
    expect(errors).toEqual([]);
  });

  it('sends an engagement event for the view when the visitor leaves the page', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    const { page, errors, visitor } = await openAsVisitor(context, '/article.html');
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(1_100);
    await page.click('#next');
    await page.waitForURL(`${site}/next.html`);

    const view = await arrival(visitor, 'page_view', (e) => e.url === `${site}/article.html`);
    const engagement = await arrival(visitor, 'engagement', (e) => e.props?.view === view.id);
    expect(arrivedOf(sends, visitor, 'engagement').map((e) => e.id)).toEqual([engagement.id]);
    expect(engagement.url).toBe(`${site}/article.html`);
    expect(engagement.props!.visible_ms).toBeGreaterThan(500);
    expect(engagement.props!.visible_ms).toBeLessThan(30_000);
    expect(engagement.props!.scroll_pct).toBe(100);
    expect(errors).toEqual([]);
  });

  it('keeps what it tracks while offline and replays it once after reconnecting', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    const { page, errors, visitor } = await openAsVisitor(context, '/index.html');
    await arrival(visitor, 'page_view');
    // Offline is offline for every host, the collector's too: whatever the SDK needs to keep the
    // events (its retry-queue chunk, s-queue.js) must not depend on fetching anything then.
    const failedScripts: string[] = [];
    page.on('requestfailed', (r) => r.resourceType() === 'script' && failedScripts.push(`${r.url()} ${r.failure()?.errorText}`));

    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.evaluate(() => (window as AbmWindow).abm!('track', 'offline_event', { plan: 'pro' }));
    await page.waitForTimeout(1_000); // batched (250 ms), the send fails, the events are kept
    expect(await storedOf(visitor, 'custom')).toEqual([]);
    expect.soft(failedScripts, 'scripts the SDK could not load while offline').toEqual([]);

    await context.setOffline(false);
    const replayed = await arrival(visitor, 'custom', (e) => e.name === 'offline_event');
    expect(replayed.props).toEqual({ plan: 'pro' });
    await page.waitForTimeout(700);
    expect((await storedOf(visitor, 'custom')).map((e) => e.id)).toEqual([replayed.id]);
    // And delivered once: not sent again after it arrived.
    expect(sends.arrived().filter((b) => b.includes('offline_event'))).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('sends nothing under Global Privacy Control', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const { page, errors } = await newPage(context);
    await page.goto(`${site}/form.html?case=gpc`);
    await tagReady(page);
    expect(await page.evaluate(() => (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl)).toBe(true);
    await page.fill('input[name=email]', 'ana.lopez@pfizer.com');
    await page.fill('input[name=job_title]', 'VP Finance');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== '');
    await page.goto(`${site}/links.html?case=gpc`);
    await tagReady(page);
    await page.route('https://example.org/**', (r) => r.fulfill({ body: 'ok' }));
    await page.click('#partner');
    await page.waitForURL('https://example.org/partner');
    await page.goto(`${site}/next.html?case=gpc`);
    await tagReady(page);
    await page.waitForTimeout(1_000);

    expect(sends.seen).toEqual([]);
    expect(sentEvents(sends.arrived()).filter((e) => e.url.includes('case=gpc'))).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('abm_v'))).toBeNull();
    expect(await stored((e) => e.url.includes('case=gpc'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('skips an automated browser unless the tag has data-allow-bots, saying so once in the console, and then flags its events', async () => {
    const context = await newContext(true);
    const sends = recordSends(context);
    const { page, errors } = await newPage(context);
    const consoleLines: string[] = [];
    // (A missing favicon's 404 is the browser's line, not the tag's.)
    page.on('console', (m) => m.text().startsWith('abm') && consoleLines.push(`${page.url().replace(site, '')} ${m.type()}: ${m.text()}`));
    await page.goto(`${site}/bot.html`);
    await tagReady(page);
    expect(await page.evaluate(() => navigator.webdriver)).toBe(true);
    // The page calls the API too: still said once.
    await page.evaluate(() => ((window as AbmWindow).abm!('track', 'x'), (window as AbmWindow).abm!('page')));
    await page.click('#next');
    await page.waitForURL(`${site}/next.html`);
    await tagReady(page);
    await page.waitForTimeout(800);
    expect(sends.seen).toEqual([]);
    expect(sentEvents(sends.arrived()).filter((e) => e.url === `${site}/bot.html`)).toEqual([]);
    expect(await stored((e) => e.url === `${site}/bot.html` || (e.url === `${site}/next.html` && e.bot))).toEqual([]);

    await page.goto(`${site}/bot-allowed.html`);
    await tagReady(page);
    const visitor = await visitorOf(page);
    const view = await arrival(visitor, 'page_view');
    expect(view).toMatchObject({ url: `${site}/bot-allowed.html`, bot: true });
    await expect.poll(() => sends.seen.length).toBe(1);
    expect(JSON.parse(sends.seen[0]!)).toMatchObject({ automation: true, events: [{ id: view.id, type: 'page_view' }] });
    // Once per page that did not send, naming the attribute; nothing where it is set.
    expect(consoleLines).toEqual([
      '/bot.html info: abm: automated browser, add data-allow-bots to send',
      '/next.html info: abm: automated browser, add data-allow-bots to send',
    ]);
    expect(errors).toEqual([]);
  });

  it('sends one vitals event with the measured Core Web Vitals when the page is left', async () => {
    const context = await newContext();
    const sends = recordSends(context);
    const { page, errors } = await newPage(context);
    const chunk = page.waitForResponse(`${tagOrigin}/s-vitals.js`);
    await page.goto(`${site}/vitals.html`);
    await tagReady(page);
    const visitor = await visitorOf(page);
    expect((await chunk).status()).toBe(200); // fetched at idle after load
    await page.waitForTimeout(200);
    await page.click('#interact');
    await page.waitForTimeout(300);
    await page.click('#next');
    await page.waitForURL(`${site}/next.html`);

    const view = await arrival(visitor, 'page_view', (e) => e.url === `${site}/vitals.html`);
    const vitals = await arrival(visitor, 'vitals');
    expect(vitals.url).toBe(`${site}/vitals.html`);
    expect(vitals.props).toMatchObject({ view: view.id, fcp: expect.any(Number), ttfb: expect.any(Number), lcp: expect.any(Number) });
    expect(vitals.props!.fcp).toBeGreaterThan(0);
    expect(vitals.props!.lcp).toBeGreaterThanOrEqual(vitals.props!.fcp as number);
    await page.waitForTimeout(300);
    expect(arrivedOf(sends, visitor, 'vitals').map((e) => e.id)).toEqual([vitals.id]);
    expect(errors).toEqual([]);
  });
});
