import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../collector/config.js';
import { startCollector, type RunningCollector } from '../../collector/main.js';
import { createDemoSite } from '../../demo-site/server.js';
import { ensureDemoSite } from '../../demo-site/setup.js';
import { freePort, launchVisitorChromium, requireChromium, visitorContext } from './chromium.js';

/**
 * The walking skeleton end to end: the real collector (main.ts wiring, a SQLite file), the demo
 * site on another port (so beacons are cross-origin), and real Chromium clicking through it.
 */
const TOKEN = 'e2e-admin-token-0123456789';

describe.runIf(requireChromium())('a page view from a real browser to the store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abm-e2e-'));
  let collector: RunningCollector;
  let demo: ServerType;
  let demoUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    collector = await startCollector(
      parseConfig({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'abm.db')}`, ADMIN_TOKEN: TOKEN, OPEN_ASN: 'off', PUBLIC_URL: `http://127.0.0.1:${port}` }),
    );
    const demoPort = await freePort();
    const { site } = await ensureDemoSite(collector.store, demoPort);
    demo = await new Promise<ServerType>((ready) => {
      const s = serve({ fetch: createDemoSite({ collectorUrl: collector.url, siteKey: site.key }).fetch, port: demoPort, hostname: '127.0.0.1' }, () => ready(s));
    });
    demoUrl = `http://localhost:${demoPort}`;
    browser = await launchVisitorChromium();
  });

  afterAll(async () => {
    await browser?.close();
    demo?.close();
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const apiEvents = async (limit = 20) => {
    const res = await fetch(`${collector.url}/api/events?limit=${limit}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { events: any[] }).events;
  };

  it('stores the page view with URL, title and referrer, visible through GET /api/events', async () => {
    const context = await visitorContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${demoUrl}/`);
    await page.click('a[href="/pricing.html"]');
    await page.waitForURL(`${demoUrl}/pricing.html`);

    await expect.poll(async () => (await apiEvents()).find((e) => e.type === 'page_view' && e.url === `${demoUrl}/pricing.html`), { timeout: 10_000 }).toBeTruthy();
    const events = await apiEvents();
    const pricing = events.find((e) => e.type === 'page_view' && e.url === `${demoUrl}/pricing.html`);
    const home = events.find((e) => e.type === 'page_view' && e.url === `${demoUrl}/`);
    expect(pricing).toMatchObject({ type: 'page_view', title: 'Pricing — Ledgerline', referrer: `${demoUrl}/` });
    expect(home).toMatchObject({ type: 'page_view', title: 'Ledgerline — Close the books in days, not weeks' });
    expect(pricing.visitor).toBe(home.visitor);
    expect(pricing.visitor).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(pricing.session).toBe(home.session);
    // Stored truncated, never raw; a browser that looks like a person's is not flagged.
    expect(pricing.ip).toBe('127.0.0.0');
    expect(pricing.bot).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('captures every kind of event on the demo site', async () => {
    const context = await visitorContext(browser);
    await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (r) => r.fulfill({ body: 'partner site' }));
    const page = await context.newPage();
    await page.goto(`${demoUrl}/?utm_source=linkedin&utm_medium=paid_social&utm_campaign=close-q4`);
    await page.click('text=Start the tour');
    await page.click('a[href="/app/reconcile"]');
    await page.click('a[href="/app/close"]');
    await page.goto(`${demoUrl}/pricing.html`);
    await page.click('a[href="/files/security-overview.pdf"]');
    await page.goto(`${demoUrl}/`);
    await page.click('a[href="https://www.example.com/erp-partners"]');
    await page.goto(`${demoUrl}/contact.html`);
    await page.fill('#email', 'ana.lopez@pfizer.com');
    await page.fill('#company', 'Pfizer');
    await page.fill('#job_title', 'VP Finance');
    await page.click('button[type=submit]');
    await page.waitForURL(`${demoUrl}/thanks.html`);
    await page.goto('about:blank'); // leaving: the last page's events go by beacon

    // This visitor's events only: the one who landed from the campaign.
    const byType = async () => {
      const all = await apiEvents(200);
      const visitor = all.find((e) => e.url.includes('utm_campaign=close-q4'))?.visitor;
      const events = all.filter((e) => e.visitor === visitor);
      return (type: string) => events.filter((e) => e.type === type);
    };
    // Every page, the tour's included: its views leave by beacon when the page is left, and a beacon
    // may land after later pages' requests on a busy machine, so wait for all rather than the last.
    const pages = ['/', '/app/', '/app/reconcile', '/app/close', '/pricing.html', '/contact.html', '/thanks.html'];
    await expect
      .poll(async () => (await byType())('page_view').map((e) => new URL(e.url).pathname), { timeout: 20_000 })
      .toEqual(expect.arrayContaining(pages));
    const of = await byType();
    expect(of('page_view').find((e) => e.url.endsWith('/app/close'))?.props.campaign).toEqual({
      utm_source: 'linkedin', utm_medium: 'paid_social', utm_campaign: 'close-q4',
    });
    expect(of('download')[0]?.props).toEqual({ href: `${demoUrl}/files/security-overview.pdf`, text: 'Download our security overview (PDF)' });
    expect(of('outbound')[0]?.props).toEqual({ href: 'https://www.example.com/erp-partners' });
    expect(of('form')[0]?.props).toMatchObject({ form_id: 'demo-request', email_domain: 'pfizer.com', job_title: 'VP Finance', company: 'Pfizer' });
    expect(of('engagement').length).toBeGreaterThan(0);
    expect(of('vitals')[0]?.props).toMatchObject({ ttfb: expect.any(Number), fcp: expect.any(Number) });
    expect(new Set([...of('page_view'), ...of('form')].map((e) => e.session)).size).toBe(1);
    await context.close();
  });

  it('serves the tag script with an ETag the browser revalidates', async () => {
    const res = await fetch(`${collector.url}/s.js`);
    const etag = res.headers.get('etag');
    expect(res.status).toBe(200);
    expect((await fetch(`${collector.url}/s.js`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
  });
});
