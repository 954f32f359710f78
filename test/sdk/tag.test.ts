// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resolve } from 'node:path';

const SDK_SCRIPT_PATH = resolve('dist/sdk/s.js'); // built by npm test before vitest runs

const built = () => readFileSync(SDK_SCRIPT_PATH, 'utf8');
const beacons: { url: string; body: any }[] = [];

beforeEach(() => {
  beacons.length = 0;
  localStorage.clear();
  document.head.innerHTML = '';
  delete (window as any).abm;
  (window as any).happyDOM.setURL('https://www.vendor.example/');
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: (url: string, body: string) => (beacons.push({ url, body: JSON.parse(body) }), true),
  });
});

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
    await vi.waitFor(() => expect(beacons.length).toBeGreaterThan(0));
    expect(beacons[0]?.url).toBe('https://collector.example/v1/events');
    const events = beacons.flatMap((b) => b.body.events);
    expect(beacons[0]?.body.site).toBe('site-key-1');
    expect(events.map((e: any) => e.name ?? e.type)).toEqual(['page_view', 'early_call', 'later_call']);
    expect(events[1].props).toEqual({ at: 'before load' });
  });

  it('sends to data-api when given (first-party proxy path)', async () => {
    loadTag({ src: 'https://collector.example/s.js', 'data-site': 'k', 'data-api': '/abm/e' });
    await vi.waitFor(() => expect(beacons).toHaveLength(1));
    expect(beacons[0]?.url).toBe('/abm/e');
  });

  it('does nothing without a site key, and never throws', async () => {
    expect(() => loadTag({ src: 'https://collector.example/s.js' })).not.toThrow();
    await new Promise((r) => setTimeout(r, 10));
    expect(beacons).toHaveLength(0);
  });

  it('fits the size budget: at most 3,072 bytes gzipped', () => {
    const size = gzipSync(built(), { level: 9 }).length;
    expect(size).toBeLessThanOrEqual(3072);
  });
});

describe('the ESM build', () => {
  it('queues calls made before init and replays them in order', async () => {
    vi.resetModules();
    const sdk = await import('../../sdk/index.js');
    const sent: any[] = [];
    sdk.track('first');
    sdk.identify({ id: 'u-1' });
    sdk.init({ site: 'k', endpoint: 'https://c.example/v1/events', transport: (_, env) => void sent.push(...env.events) });
    sdk.track('second');
    await vi.waitFor(() => expect(sent).toHaveLength(4));
    expect(sent.map((e) => e.name ?? e.type)).toEqual(['page_view', 'first', 'identify', 'second']);
  });
});
