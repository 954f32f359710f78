import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../collector/config.js';
import { REDACTION_VERSION } from '../../collector/enrich/index.js';
import { newSiteKey } from '../../collector/http/index.js';
import { startCollector, type RunningCollector } from '../../collector/main.js';
import { sweptVersion } from '../../collector/redaction.js';
import { openStore } from '../../collector/store/index.js';
import { everything, SECRETS as OLD_SECRETS, seedOldData } from '../store/old-data.js';
import { serveFixtureSite, startRecordingProxy, type FixtureSite, type RecordingProxy } from './capture-harness.js';
import { freePort, launchVisitorChromium, requireChromium, visitorContext } from './chromium.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * Secrets in URLs, end to end in real Chromium: a page opened with secrets in its query and
 * fragment, every kind of event fired from it — page view, engagement, vitals, download,
 * outbound, form (a GET form, whose fields land in the next page's URL), identify, custom — and
 * then no body that left the browser, nothing stored, and nothing `GET /api/events` shows (JSON
 * and CSV) holds a secret or the address. The collector starts on a store that already holds
 * data from before redaction: its start-up sweep must leave none of that either.
 */
const TOKEN = 'e2e-admin-token-0123456789';
const SECRETS = ['E2E_SECRET_A', 'E2E_SECRET_B', 'E2E_SECRET_C', 'E2E_SECRET_D', 'E2E_SECRET_E', 'E2E_SECRET_F', 'E2E_SECRET_G', 'E2E_SECRET_H', 'E2E_STATE', 'ana%40corp', 'ana@corp', 'ana%2540corp'];
const QUERY = '?token=E2E_SECRET_A&email=ana%40corp.example&utm_source=newsletter&utm_medium=email&utm_content=ana%40corp.example';
const CLEAN_QUERY = '?token=redacted&email=redacted&utm_source=newsletter&utm_medium=email&utm_content=redacted';

interface Sent {
  type: string;
  url: string;
  visitor?: string;
  props?: Record<string, unknown>;
}

describe.runIf(requireChromium())('secrets in URLs, in real Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abm-e2e-redaction-'));
  const dbPath = join(dir, 'abm.db');
  let collector: RunningCollector;
  let recorder: RecordingProxy;
  let fixtures: FixtureSite;
  let browser: Browser;
  let oldAccount: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // What an earlier version stored, before URLs were redacted.
    const old = await openStore({ kind: 'sqlite', path: dbPath });
    oldAccount = await seedOldData(old);
    await old.close();
    const port = await freePort();
    collector = await startCollector(
      parseConfig({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dbPath}`, ADMIN_TOKEN: TOKEN, PUBLIC_URL: `http://127.0.0.1:${port}` }),
    );
    recorder = await startRecordingProxy(collector.url);
    const siteKey = newSiteKey();
    fixtures = await serveFixtureSite(recorder.origin, siteKey);
    await collector.store.createSite({ id: randomUUID(), key: siteKey, name: 'Redaction fixtures', origins: fixtures.allowedOrigins });
    browser = await launchVisitorChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    fixtures?.close();
    recorder?.close();
    await collector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newContext = async () => {
    const context = await visitorContext(browser);
    contexts.push(context);
    // Nothing leaves the machine: the partner site is answered here.
    await context.route('https://example.org/**', (r) => r.fulfill({ contentType: 'text/html', body: '<title>Partner</title><p>ok</p>' }));
    return context;
  };
  const storedOf = async (visitor: string): Promise<StoredEvent[]> =>
    (await collector.store.newestEvents({ limit: 1000 })).filter((e) => e.visitor === visitor).sort((a, b) => a.ts - b.ts);
  const sentOf = (visitor: string): Sent[] => recorder.arrived.flatMap((b) => (JSON.parse(b) as { events: Sent[] }).events).filter((e) => e.visitor === visitor);
  /** Waits until the visitor's stored events include every one of these types. */
  const waitForTypes = (visitor: string, types: string[]) =>
    expect
      .poll(async () => {
        const stored = new Set((await storedOf(visitor)).map((e) => e.type));
        return types.filter((t) => !stored.has(t));
      }, { timeout: 15_000, message: 'event types not stored yet' })
      .toEqual([]);

  it('sweeps what an earlier version stored, at start-up, in the background', async () => {
    await collector.storedRedaction;
    const swept = await everything(collector.store, oldAccount);
    for (const secret of OLD_SECRETS) expect(swept).not.toContain(secret);
    expect(await sweptVersion(collector.store)).toBe(REDACTION_VERSION);
  });

  it('sends, stores and shows no secret and no address, whatever the event kind', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const site = fixtures.origin;
    const vitalsChunk = page.waitForResponse(`${recorder.origin}/s-vitals.js`);
    await page.goto(`${site}/secrets.html${QUERY}#access_token=E2E_SECRET_B&state=E2E_STATE`);
    await page.waitForFunction(() => (window as Window & { abm?: { l?: 1 } }).abm?.l === 1);
    const visitor = (await (await page.waitForFunction(() => localStorage.getItem('abm_v'))).jsonValue()) as string;
    await vitalsChunk;
    await page.click('#interact');
    // Download (a download link keeps the page), outbound (a new tab), identify, custom.
    const downloaded = page.waitForEvent('download');
    await page.click('#file');
    await downloaded;
    const popup = context.waitForEvent('page');
    await page.click('#partner');
    await (await popup).close();
    await page.evaluate(() => {
      const abm = (window as Window & { abm?: (...a: unknown[]) => void }).abm!;
      abm('identify', { id: 'user-7', email: 'someone@customer.example' });
      abm('track', 'shared_link', { href: location.href, via: { url: document.referrer || location.href } });
    });
    // A GET form: its fields, the address among them, go into the next page's URL.
    await page.fill('input[name=work_email]', 'ana@corp.example');
    await page.fill('input[name="contact[email]"]', 'ana@corp.example');
    await page.fill('input[name=job_title]', 'CTO');
    await page.click('form button');
    await page.waitForURL(`${site}/signed-up.html?**`);
    expect(page.url()).toContain('work_email=ana%40corp.example');
    await page.waitForFunction(() => (window as Window & { abm?: { l?: 1 } }).abm?.l === 1);

    await waitForTypes(visitor, ['page_view', 'engagement', 'vitals', 'download', 'outbound', 'form', 'identify', 'custom']);
    await expect.poll(async () => (await storedOf(visitor)).filter((e) => e.type === 'page_view').length, { timeout: 10_000 }).toBe(2);
    await page.waitForTimeout(500); // anything else the pages set off has arrived by now

    const stored = await storedOf(visitor);
    const sessions = (await collector.store.listSessions({ limit: 100 })).filter((s) => s.visitor === visitor);
    const api = await fetch(`${collector.url}/api/events?limit=1000`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const csv = await fetch(`${collector.url}/api/events?limit=1000&format=csv`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([api.status, csv.status]).toEqual([200, 200]);
    const apiText = await api.text();
    const csvText = await csv.text();
    expect(apiText).toContain(visitor);
    expect(csvText).toContain(`${site}/secrets.html${CLEAN_QUERY}`);
    const wire = JSON.stringify(sentOf(visitor));
    const places = { 'the wire': wire, 'the store': JSON.stringify(stored), 'its sessions': JSON.stringify(sessions), '/api/events': apiText, '/api/events CSV': csvText };
    for (const [where, text] of Object.entries(places)) {
      for (const secret of SECRETS) expect(text, `${secret} in ${where}`).not.toContain(secret);
    }

    // What is kept instead: the pages, the campaign, the field names.
    const [landing, next] = stored.filter((e) => e.type === 'page_view');
    expect(landing?.url).toBe(`${site}/secrets.html${CLEAN_QUERY}`);
    expect(next?.url).toBe(`${site}/signed-up.html?work_email=redacted&contact%5Bemail%5D=redacted&job_title=CTO&session_token=redacted`);
    expect(next?.referrer).toBe(landing?.url);
    for (const type of ['engagement', 'vitals', 'download', 'outbound', 'form', 'identify', 'custom']) {
      expect(stored.find((e) => e.type === type)?.url, type).toBe(landing?.url);
    }
    const props = (type: string) => stored.find((e) => e.type === type)?.props;
    expect(props('download')).toMatchObject({ href: `${site}/files/whitepaper.pdf?sig=redacted&v=2` });
    expect(props('outbound')).toEqual({ href: 'https://example.org/partner?api_key=redacted&ref=redacted' });
    expect(props('form')).toMatchObject({ form_id: 'signup', action: `${site}/signed-up.html`, fields: ['work_email', 'contact[email]', 'job_title', 'session_token'], email_domain: 'corp.example' });
    expect(props('custom')).toEqual({ href: landing?.url, via: { url: landing?.url } });
    expect(props('vitals')).toMatchObject({ view: landing?.id, ttfb: expect.any(Number) });
    expect(landing?.props?.campaign).toEqual({ utm_source: 'newsletter', utm_medium: 'email', utm_content: 'redacted' });
    expect(sessions[0]).toMatchObject({ landingUrl: landing?.url, campaign: { source: 'newsletter', medium: 'email', content: 'redacted' } });
    expect(errors).toEqual([]);
  });

  it('keeps a data-hash site’s fragment, its OAuth-style pairs redacted', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${fixtures.origin}/hash-app.html?code=E2E_SECRET_G#access_token=E2E_SECRET_H&state=E2E_STATE&expires_in=3600`);
    const visitor = (await (await page.waitForFunction(() => localStorage.getItem('abm_v'))).jsonValue()) as string;
    await page.evaluate(() => (location.hash = '#/settings'));
    await expect.poll(async () => (await storedOf(visitor)).filter((e) => e.type === 'page_view').map((e) => e.url), { timeout: 10_000 }).toEqual([
      `${fixtures.origin}/hash-app.html?code=redacted#access_token=redacted&state=redacted&expires_in=3600`,
      `${fixtures.origin}/hash-app.html?code=redacted#/settings`,
    ]);
    // The engagement of the first view, sent as the app moved on, carries that view's URL.
    expect((await storedOf(visitor)).find((e) => e.type === 'engagement')?.url).toBe(`${fixtures.origin}/hash-app.html?code=redacted#access_token=redacted&state=redacted&expires_in=3600`);
    const wire = JSON.stringify(sentOf(visitor));
    for (const secret of SECRETS) expect(wire).not.toContain(secret);
  });
});
