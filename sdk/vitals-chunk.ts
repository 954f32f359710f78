/**
 * Loaded when the browser is idle after load (dist/sdk/s-vitals.js): web-vitals measures LCP,
 * INP, CLS, FCP and TTFB of the page load, and one `vitals` event carries them, for the first
 * view, the first time the page is hidden or left.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import { safe, type Ctx } from './context.js';

export function start(ctx: Ctx, url: string, view: string | undefined): void {
  const values: Record<string, number> = {};
  let sent = false;
  const record = (m: Metric) => (values[m.name.toLowerCase()] = Math.round(m.value * 1e4) / 1e4);
  for (const on of [onCLS, onFCP, onINP, onLCP, onTTFB]) on(record);
  const send = safe(() => {
    if (!sent && Object.keys(values).length) {
      sent = true;
      ctx.emit('vitals', { url, props: { view, ...values } });
      ctx.flush(true);
    }
  });
  // web-vitals reports its final values from capture-phase listeners on window; this one, on the
  // document, runs after them. Leaving a page fires visibilitychange after pagehide, so a page
  // being left sends here too, with a beacon.
  document.addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && send());
}
