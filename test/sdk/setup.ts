import { vi } from 'vitest';
import type { Envelope } from '../../sdk/wire.js';

/** A recording transport: what the SDK would have posted, parsed. */
export function recorder(result = true) {
  const calls: { endpoint: string; envelope: Envelope; beacon: boolean }[] = [];
  const transport = vi.fn(async (endpoint: string, body: string, beacon: boolean) => {
    calls.push({ endpoint, envelope: JSON.parse(body), beacon });
    return result;
  });
  return { calls, transport, events: () => calls.flatMap((c) => c.envelope.events) };
}

/** A fresh page: URL, title, referrer, storage, privacy signals and automation flags reset. */
export function freshPage(url = 'https://www.vendor.example/pricing') {
  localStorage.clear();
  document.body.innerHTML = '';
  (window as any).happyDOM.setURL(url);
  document.title = 'Pricing — Vendor';
  Object.defineProperty(document, 'referrer', { value: 'https://www.google.com/', configurable: true });
  for (const [k, v] of [['globalPrivacyControl', undefined], ['doNotTrack', null], ['webdriver', false], ['onLine', true]] as const) {
    Object.defineProperty(navigator, k, { value: v, configurable: true });
  }
  Object.defineProperty(navigator, 'userAgent', { value: 'Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Safari/605.1.15', configurable: true });
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
