// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker, type Options } from '../../sdk/tracker.js';
import { freshPage, recorder, tick } from './setup.js';

const ENDPOINT = 'https://collector.example/v1/events';
let rec: ReturnType<typeof recorder>;
const tracker = (o: Partial<Options> = {}) => createTracker({ site: 'key-1', endpoint: ENDPOINT, transport: rec.transport, batchMs: 0, ...o });

beforeEach(() => {
  freshPage('https://www.vendor.example/pricing?plan=team&token=s3cret&utm_source=linkedin&utm_campaign=q4&gclid=abc#section');
  rec = recorder();
});

describe('page views', () => {
  it('carry the URL (secrets redacted, fragment dropped), title, referrer, context and ids', async () => {
    tracker();
    await tick(5);
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0]).toMatchObject({ endpoint: ENDPOINT, beacon: false, envelope: { site: 'key-1' } });
    const [view] = rec.events();
    expect(view).toMatchObject({
      type: 'page_view',
      url: 'https://www.vendor.example/pricing?plan=team&token=redacted&utm_source=linkedin&utm_campaign=q4&gclid=abc',
      title: 'Pricing — Vendor',
      referrer: 'https://www.google.com/',
      props: {
        lang: expect.any(String),
        screen: expect.stringMatching(/^\d+x\d+$/),
        viewport: expect.stringMatching(/^\d+x\d+$/),
        tz: expect.any(String),
        campaign: { utm_source: 'linkedin', utm_campaign: 'q4', gclid: 'abc' },
      },
    });
    expect(view?.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(view?.visitor).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(view?.session).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(Math.abs((view?.ts ?? 0) - Date.now())).toBeLessThan(5000);
  });

  it('keep visitor and session across page loads, and the campaign for the session', async () => {
    tracker();
    await tick(5);
    (window as any).happyDOM.setURL('https://www.vendor.example/product');
    tracker();
    await tick(5);
    const [first, second] = rec.events();
    expect(second?.visitor).toBe(first?.visitor);
    expect(second?.session).toBe(first?.session);
    expect(second?.props?.campaign).toEqual({ utm_source: 'linkedin', utm_campaign: 'q4', gclid: 'abc' });
  });

  it('start a new session after 30 minutes of inactivity, or when a new campaign arrives', async () => {
    tracker();
    await tick(5);
    const stored = JSON.parse(localStorage.getItem('abm_s')!);
    localStorage.setItem('abm_s', JSON.stringify({ ...stored, t: Date.now() - 31 * 60_000 }));
    (window as any).happyDOM.setURL('https://www.vendor.example/product');
    tracker();
    await tick(5);
    (window as any).happyDOM.setURL('https://www.vendor.example/product?utm_source=newsletter&msclkid=x1');
    tracker();
    await tick(5);
    const [a, b, c] = rec.events();
    expect(new Set([a?.session, b?.session, c?.session]).size).toBe(3);
    expect(b?.visitor).toBe(a?.visitor);
    expect(c?.props?.campaign).toEqual({ utm_source: 'newsletter', msclkid: 'x1' });
  });

  it('batch the events of one moment into one request', async () => {
    const t = tracker({ batchMs: 20 });
    t.track('video_play', { video: 'intro' });
    t.track('chat_open');
    await tick(40);
    expect(rec.calls).toHaveLength(1);
    expect(rec.events().map((e) => e.name ?? e.type)).toEqual(['page_view', 'video_play', 'chat_open']);
    expect(rec.events()[1]).toMatchObject({ type: 'custom', props: { video: 'intro' } });
  });
});

describe('single-page apps', () => {
  it('count a push to a new URL once, not a redundant push or a query-only replace', async () => {
    tracker();
    await tick(5);
    history.pushState({}, '', '/app/a');
    await tick(5);
    history.pushState({}, '', '/app/b');
    history.pushState({ again: true }, '', '/app/b');
    await tick(5);
    history.replaceState({ s: 1 }, '', '/app/b?tab=2');
    await tick(5);
    history.replaceState({}, '', '/app/login');
    await tick(5);
    const views = rec.events().filter((e) => e.type == 'page_view');
    expect(views.map((e) => new URL(e.url).pathname)).toEqual(['/pricing', '/app/a', '/app/b', '/app/login']);
    expect(views[2]?.referrer).toBe('https://www.vendor.example/app/a');
  });

  it('send the engagement of the view being left, and count popstate', async () => {
    tracker();
    await tick(5);
    history.pushState({}, '', '/app/a');
    await tick(5);
    history.back();
    await tick(50);
    const events = rec.events();
    const engagement = events.find((e) => e.type == 'engagement');
    expect(engagement?.props?.view).toBe(events[0]?.id);
    expect(engagement?.url).toBe(events[0]?.url);
    expect(events.filter((e) => e.type == 'page_view').length).toBeGreaterThanOrEqual(2);
  });

  it('count hash changes only in hash mode, keeping the fragment', async () => {
    (window as any).happyDOM.setURL('https://www.vendor.example/docs#intro');
    tracker({ hash: true });
    await tick(5);
    location.hash = '#setup';
    await tick(20);
    expect(rec.events().filter((e) => e.type == 'page_view').map((e) => e.url)).toEqual([
      'https://www.vendor.example/docs#intro',
      'https://www.vendor.example/docs#setup',
    ]);
  });

  it('count a page restored from the back/forward cache as a view', async () => {
    tracker();
    await tick(5);
    const restored = new Event('pageshow') as PageTransitionEvent;
    Object.defineProperty(restored, 'persisted', { value: true });
    window.dispatchEvent(restored);
    window.dispatchEvent(new Event('pageshow'));
    await tick(5);
    expect(rec.events().filter((e) => e.type == 'page_view')).toHaveLength(2);
  });
});

describe('engagement', () => {
  it('sends visible time and scroll depth by beacon when the page is hidden, once per change', async () => {
    tracker();
    await tick(30);
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('pagehide'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    const engagement = rec.events().filter((e) => e.type == 'engagement');
    expect(engagement).toHaveLength(1);
    expect(engagement[0]?.props).toMatchObject({ view: rec.events()[0]?.id, scroll_pct: expect.any(Number) });
    expect(engagement[0]?.props?.visible_ms).toBeGreaterThanOrEqual(25);
    expect(rec.calls.at(-1)?.beacon).toBe(true);
  });
});

describe('clicks', () => {
  const click = (html: string) => {
    document.body.innerHTML = html;
    const el = document.body.querySelector('[data-t]') as HTMLElement;
    el.addEventListener('click', (e) => e.preventDefault());
    el.click();
  };

  it.each([
    ['a file link, ignoring query and fragment', '<a data-t href="/files/whitepaper.PDF?v=2#p3">Whitepaper</a>', 'https://www.vendor.example/files/whitepaper.PDF?v=2'],
    ['a download link', '<a data-t download href="/export?id=7">Export</a>', 'https://www.vendor.example/export?id=7'],
    ['a marked element', '<button data-t data-abm-download="/case-studies/acme">Acme case study</button>', 'https://www.vendor.example/case-studies/acme'],
    ['an extension from data-download-ext', '<a data-t href="/cad/part.dwg">Part</a>', 'https://www.vendor.example/cad/part.dwg'],
  ])('records a download from %s, sent at once by beacon', async (_, html, href) => {
    tracker({ downloadExtensions: ['dwg'] });
    await tick(5);
    click(html);
    const last = rec.calls.at(-1)!;
    expect(last.beacon).toBe(true);
    expect(last.envelope.events.at(-1)).toMatchObject({ type: 'download', props: { href, text: expect.any(String) } });
  });

  it('records outbound links to other hosts, and nothing for internal ones', async () => {
    tracker();
    await tick(5);
    click('<a data-t href="/product">Product</a>');
    click('<a data-t href="https://partner.example/integrations?token=t1">Partner</a>');
    const clicks = rec.events().filter((e) => e.type != 'page_view');
    expect(clicks).toEqual([expect.objectContaining({ type: 'outbound', props: { href: 'https://partner.example/integrations?token=redacted' } })]);
  });
});

describe('privacy', () => {
  it.each([
    ['Global Privacy Control', 'globalPrivacyControl', true],
    ['Do Not Track', 'doNotTrack', '1'],
  ])('sends and stores nothing under %s', async (_, key, value) => {
    Object.defineProperty(navigator, key, { value, configurable: true });
    tracker().track('anything');
    await tick(5);
    expect(rec.calls).toHaveLength(0);
    expect(localStorage.length).toBe(0);
  });

  it('can be told not to honour the signals', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    tracker({ respectDnt: false });
    await tick(5);
    expect(rec.events()).toHaveLength(1);
  });

  it('in consent-required mode sends and stores nothing until consent(true)', async () => {
    const t = tracker({ consent: 'required' });
    t.track('before');
    await tick(5);
    expect(rec.calls).toHaveLength(0);
    expect(localStorage.length).toBe(0);
    t.consent(true);
    t.track('after');
    await tick(5);
    expect(rec.events().map((e) => e.name ?? e.type)).toEqual(['page_view', 'after']);
    expect(localStorage.getItem('abm_v')).toBe(rec.events()[0]?.visitor);
    t.consent(false);
    t.track('withdrawn');
    await tick(5);
    expect(rec.events()).toHaveLength(2);
    expect(localStorage.getItem('abm_v')).toBeNull();
  });

  it('keeps an opt-out across page loads until optIn', async () => {
    tracker({ auto: false }).optOut();
    tracker();
    await tick(5);
    expect(rec.calls).toHaveLength(0);
    expect(localStorage.getItem('abm_v')).toBeNull();
    const t = tracker();
    t.optIn();
    await tick(5);
    expect(rec.events().map((e) => e.type)).toEqual(['page_view']);
  });

  it('keeps nothing across page loads in cookieless mode', async () => {
    tracker({ cookieless: true });
    await tick(5);
    tracker({ cookieless: true });
    await tick(5);
    const [a, b] = rec.events();
    expect(a?.visitor).toBeUndefined();
    expect(a?.session).not.toBe(b?.session);
    expect(localStorage.length).toBe(0);
  });

  it('skips automated browsers unless allowed, saying so once with the attribute to change, and flags them when allowed', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    try {
      Object.defineProperty(navigator, 'webdriver', { value: true, configurable: true });
      const t = tracker();
      t.track('a');
      t.page();
      await tick(5);
      expect(rec.calls).toHaveLength(0);
      expect(info).toHaveBeenCalledTimes(1);
      expect(info.mock.calls[0]?.[0]).toMatch(/automated browser, add data-allow-bots to send/);
      tracker({ allowBots: true });
      await tick(5);
      expect(rec.calls[0]?.envelope.automation).toBe(true);
      expect(info).toHaveBeenCalledTimes(1);
      // A real visitor's browser hears nothing.
      Object.defineProperty(navigator, 'webdriver', { value: false, configurable: true });
      tracker();
      expect(info).toHaveBeenCalledTimes(1);
    } finally {
      info.mockRestore();
    }
  });
});

describe('delivery', () => {
  it('hands failed sends to the retry queue and replays it on the next page load', async () => {
    const saved: unknown[] = [];
    const replay = vi.fn((_send: unknown, done: () => void) => done());
    const queue = { save: vi.fn(async (_e: string, env: unknown) => void saved.push(env)), replay };
    const failing = recorder(false);
    createTracker({ site: 'k', endpoint: ENDPOINT, transport: failing.transport, batchMs: 0, loaders: { queue: async () => queue } });
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(localStorage.getItem('abm_q')).toBe('1');
    expect(replay).not.toHaveBeenCalled();

    tracker({ loaders: { queue: async () => queue } });
    await vi.waitFor(() => expect(replay).toHaveBeenCalledTimes(1));
    expect(localStorage.getItem('abm_q')).toBeNull();
  });

  it('holds failed events in memory where the queue cannot be had, and sends them when back online', async () => {
    let up = false;
    const bodies: string[] = [];
    const flaky = async (_e: string, body: string) => (bodies.push(body), up);
    const t = createTracker({ site: 'k', endpoint: ENDPOINT, transport: flaky, batchMs: 0, loaders: { queue: () => Promise.reject(new Error('offline')) } });
    t.track('while_offline');
    await tick(20);
    up = true;
    window.dispatchEvent(new Event('online'));
    await tick(20);
    const last = JSON.parse(bodies.at(-1)!);
    expect(last.events.map((e: any) => e.name ?? e.type)).toEqual(['page_view', 'while_offline']);
    expect(bodies.length).toBeGreaterThanOrEqual(2);
  });

  it('never puts events in IndexedDB in cookieless mode: they wait in memory', async () => {
    const queue = vi.fn();
    let up = false;
    const bodies: string[] = [];
    createTracker({ site: 'k', endpoint: ENDPOINT, cookieless: true, batchMs: 0, transport: async (_e, b) => (bodies.push(b), up), loaders: { queue } });
    await tick(40);
    expect(queue).not.toHaveBeenCalled();
    up = true;
    window.dispatchEvent(new Event('online'));
    await tick(20);
    expect(JSON.parse(bodies.at(-1)!).events.map((e: any) => e.type)).toEqual(['page_view']);
  });

  it('never lets a throwing transport reach the page', async () => {
    const onError = vi.fn();
    window.addEventListener('error', onError);
    const t = createTracker({ site: 'k', endpoint: ENDPOINT, batchMs: 0, transport: () => { throw new Error('boom'); } });
    t.track('x');
    await tick(10);
    expect(onError).not.toHaveBeenCalled();
  });
});
