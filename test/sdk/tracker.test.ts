// @vitest-environment happy-dom
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker, redactUrl } from '../../sdk/tracker.js';
import type { Envelope } from '../../sdk/wire.js';

const ENDPOINT = 'https://collector.example/v1/events';
let sent: { endpoint: string; envelope: Envelope }[];
const transport = (endpoint: string, envelope: Envelope) => void sent.push({ endpoint, envelope });
const tick = () => new Promise((r) => setTimeout(r, 5));
const events = () => sent.flatMap((s) => s.envelope.events);

beforeEach(() => {
  sent = [];
  localStorage.clear();
  (window as any).happyDOM.setURL('https://www.vendor.example/pricing?plan=team&token=s3cret&utm_source=linkedin');
  document.title = 'Pricing — Vendor';
  Object.defineProperty(document, 'referrer', { value: 'https://www.google.com/', configurable: true });
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: undefined, configurable: true });
  Object.defineProperty(navigator, 'doNotTrack', { value: null, configurable: true });
});
afterEach(() => vi.restoreAllMocks());

describe('tracker', () => {
  it('sends a page view with URL (secrets redacted), title, referrer and a persistent visitor', async () => {
    createTracker({ site: 'key-1', endpoint: ENDPOINT, transport });
    await tick();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.endpoint).toBe(ENDPOINT);
    expect(sent[0]?.envelope.site).toBe('key-1');
    const [view] = events();
    expect(view).toMatchObject({
      type: 'page_view',
      url: 'https://www.vendor.example/pricing?plan=team&token=redacted&utm_source=linkedin',
      title: 'Pricing — Vendor',
      referrer: 'https://www.google.com/',
    });
    expect(view?.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(Math.abs((view?.ts ?? 0) - Date.now())).toBeLessThan(5000);
    expect(view?.props).toMatchObject({ lang: expect.any(String), tz: expect.any(String) });

    createTracker({ site: 'key-1', endpoint: ENDPOINT, transport });
    await tick();
    expect(events()[1]?.visitor).toBe(view?.visitor);
    expect(events()[1]?.id).not.toBe(view?.id);
  });

  it('batches events of one tick into one request', async () => {
    const t = createTracker({ site: 'k', endpoint: ENDPOINT, transport });
    t.track('video_play', { video: 'intro' });
    t.track('chat_open');
    await tick();
    expect(sent).toHaveLength(1);
    expect(events().map((e) => e.type)).toEqual(['page_view', 'custom', 'custom']);
    expect(events()[1]).toMatchObject({ name: 'video_play', props: { video: 'intro' } });
  });

  it.each([
    ['Global Privacy Control', () => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true })],
    ['Do Not Track', () => Object.defineProperty(navigator, 'doNotTrack', { value: '1', configurable: true })],
  ])('sends nothing and stores nothing under %s', async (_, signal) => {
    signal();
    const t = createTracker({ site: 'k', endpoint: ENDPOINT, transport });
    t.track('anything');
    await tick();
    expect(sent).toHaveLength(0);
    expect(localStorage.length).toBe(0);
  });

  it('keeps an opt-out across page loads until optIn', async () => {
    createTracker({ site: 'k', endpoint: ENDPOINT, transport, auto: false }).optOut();
    createTracker({ site: 'k', endpoint: ENDPOINT, transport });
    await tick();
    expect(sent).toHaveLength(0);
    expect(localStorage.getItem('abm_vid')).toBeNull();
    const t = createTracker({ site: 'k', endpoint: ENDPOINT, transport, auto: false });
    t.optIn();
    t.page();
    await tick();
    expect(events().map((e) => e.type)).toEqual(['page_view']);
  });

  it('keeps nothing across page loads in cookieless mode or without consent', async () => {
    createTracker({ site: 'k', endpoint: ENDPOINT, transport, cookieless: true });
    await tick();
    expect(events()[0]?.visitor).toBeUndefined();
    expect(localStorage.length).toBe(0);

    const t = createTracker({ site: 'k', endpoint: ENDPOINT, transport });
    await tick();
    expect(localStorage.getItem('abm_vid')).toBe(events()[1]?.visitor);
    t.consent(false);
    expect(localStorage.getItem('abm_vid')).toBeNull();
    t.page();
    await tick();
    expect(events()[2]?.visitor).toBeUndefined();
  });

  it('identifies by email domain and SHA-256 hash, never the address', async () => {
    const t = createTracker({ site: 'k', endpoint: ENDPOINT, transport, auto: false });
    t.identify({ email: '  Ana.Lopez@Pfizer.com ', id: 'crm-42' });
    await vi.waitFor(() => expect(events()).toHaveLength(1));
    const hash = createHash('sha256').update('ana.lopez@pfizer.com').digest('hex');
    expect(events()[0]).toMatchObject({ type: 'identify', props: { email_domain: 'pfizer.com', email_hash: hash, user_id: 'crm-42' } });
    expect(JSON.stringify(sent).toLowerCase()).not.toContain('ana.lopez');
  });

  it('never lets a failing transport reach the page', async () => {
    const onError = vi.fn();
    window.addEventListener('error', onError);
    createTracker({ site: 'k', endpoint: ENDPOINT, transport: () => { throw new Error('network down'); } });
    await tick();
    expect(onError).not.toHaveBeenCalled();
  });

  it('flushes what is queued when the page is hidden', async () => {
    createTracker({ site: 'k', endpoint: ENDPOINT, transport, auto: false }).track('leaving');
    window.dispatchEvent(new Event('pagehide'));
    expect(events().map((e) => e.name)).toEqual(['leaving']);
  });
});

describe('redactUrl', () => {
  it('redacts secret parameters and leaves campaign ones', () => {
    expect(redactUrl('https://a.example/x?email=a%40b.com&password=p&utm_campaign=q4&gclid=abc')).toBe(
      'https://a.example/x?email=redacted&password=redacted&utm_campaign=q4&gclid=abc',
    );
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
