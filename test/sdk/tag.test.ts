// @vitest-environment happy-dom
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshPage } from './setup.js';

const DIST = resolve('dist/sdk'); // built by npm test before vitest runs
const built = () => readFileSync(resolve(DIST, 's.js'), 'utf8');
const posts: { url: string; body: any }[] = [];
const realFetch = globalThis.fetch;

beforeEach(() => {
  freshPage('https://www.vendor.example/');
  posts.length = 0;
  document.head.innerHTML = '';
  delete (window as any).abm;
  globalThis.fetch = vi.fn(async (url: any, init: any) => {
    posts.push({ url: String(url), body: JSON.parse(init.body) });
    return new Response(null, { status: 202 });
  }) as typeof fetch;
});
afterEach(() => void (globalThis.fetch = realFetch));

/** Puts a tag in the page, as a site would, and runs the built script as the browser would. */
function loadTag(attrs: Record<string, string>) {
  const tag = document.createElement('script');
  // src as a property only: happy-dom would try to fetch a src attribute.
  for (const [k, v] of Object.entries(attrs)) if (k !== 'src') tag.setAttribute(k, v);
  Object.defineProperty(tag, 'src', { value: attrs.src });
  document.head.append(tag);
  new Function(built())();
}

describe('the built tag (dist/sdk/s.js)', () => {
  it('reads data-site, derives the endpoint from its src, and replays the stub queue', async () => {
    (window as any).abm = function (...args: unknown[]) {
      ((window as any).abm.q = (window as any).abm.q || []).push(args);
    };
    (window as any).abm('track', 'early_call', { at: 'before load' });
    loadTag({ src: 'https://collector.example/s.js', 'data-site': 'site-key-1' });
    (window as any).abm('track', 'later_call');
    (window as any).abm('no_such_call', 1);
    await vi.waitFor(() => expect(posts.length).toBeGreaterThan(0));
    expect(posts[0]?.url).toBe('https://collector.example/v1/events');
    expect(posts[0]?.body.site).toBe('site-key-1');
    const events = posts.flatMap((b) => b.body.events);
    expect(events.map((e: any) => e.name ?? e.type)).toEqual(['page_view', 'early_call', 'later_call']);
    expect(events[1].props).toEqual({ at: 'before load' });
  });

  it('sends to data-api when given (first-party proxy path)', async () => {
    loadTag({ src: 'https://collector.example/s.js', 'data-site': 'k', 'data-api': '/abm/e' });
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]?.url).toBe('/abm/e');
  });

  it('reads its options from data- attributes', async () => {
    loadTag({ src: 'https://collector.example/s.js', 'data-site': 'k', 'data-consent': 'required' });
    await new Promise((r) => setTimeout(r, 300));
    expect(posts).toHaveLength(0);
    (window as any).abm('consent', true);
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]?.body.events[0].visitor).toBeDefined();
  });

  it('keeps no visitor with data-cookieless', async () => {
    loadTag({ src: 'https://collector.example/s.js', 'data-site': 'k', 'data-cookieless': '' });
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]?.body.events[0].visitor).toBeUndefined();
    expect(localStorage.length).toBe(0);
  });

  it('does nothing without a site key, runs once, and adds no global but abm', async () => {
    const before = new Set(Object.keys(window));
    expect(() => loadTag({ src: 'https://collector.example/s.js' })).not.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect(posts).toHaveLength(0);
    loadTag({ src: 'https://collector.example/s.js', 'data-site': 'k' });
    loadTag({ src: 'https://collector.example/s.js', 'data-site': 'k' });
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 300));
    expect(posts.flatMap((p) => p.body.events).filter((e: any) => e.type == 'page_view')).toHaveLength(1);
    expect(Object.keys(window).filter((k) => !before.has(k))).toEqual(['abm']);
  });
});

describe('size budget', () => {
  it('s.js is at most 3,072 bytes gzipped', () => {
    expect(gzipSync(built(), { level: 9 }).length).toBeLessThanOrEqual(3072);
  });

  it('the lazy chunks are built beside it', () => {
    expect(readdirSync(DIST).filter((f) => f.endsWith('.js')).sort()).toEqual(['s-forms.js', 's-queue.js', 's-vitals.js', 's.js']);
  });
});

describe('the ESM build', () => {
  it('queues calls made before init and replays them in order', async () => {
    vi.resetModules();
    const sdk = await import('../../sdk/api.js');
    const sent: any[] = [];
    sdk.track('first');
    sdk.page();
    sdk.init({ site: 'k', endpoint: 'https://c.example/v1/events', batchMs: 0, transport: async (_, body) => (sent.push(...JSON.parse(body).events), true) });
    sdk.track('second');
    await vi.waitFor(() => expect(sent.filter((e) => e.type != 'engagement')).toHaveLength(4));
    expect(sent.filter((e) => e.type != 'engagement').map((e) => e.name ?? e.type)).toEqual(['page_view', 'first', 'page_view', 'second']);
  });
});
