/**
 * The tag's entry (dist/sdk/s.js):
 *   <script async src="https://COLLECTOR/s.js" data-site="KEY"></script>
 * Reads its options from its data- attributes, replaces the `window.abm` stub with the real
 * function and replays what the page queued. Its lazy chunks sit beside it (s-vitals.js,
 * s-queue.js), so a first-party proxy path serves them too.
 */
import { call } from './api.js';
import { createTracker, type Options } from './tracker.js';

type Stub = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; l?: 1 };

(() => {
  try {
    const w = window as Window & { abm?: Stub };
    const tag = (document.currentScript || document.querySelector('script[data-site]')) as HTMLScriptElement | null;
    const d = tag?.dataset;
    if (!d?.site || w.abm?.l) return;
    const chunk = (name: string) => () => import(/* @vite-ignore */ new URL(`s-${name}.js`, tag!.src).href);
    const tracker = createTracker({
      site: d.site,
      endpoint: d.api || new URL('/v1/events', tag!.src).href,
      cookieless: d.cookieless != null,
      hash: d.hash != null,
      downloadExtensions: (d.downloadExt || '').split(',').filter(Boolean),
      consent: d.consent as Options['consent'], // only "required" means anything
      respectDnt: d.respectDnt != 'false',
      allowBots: d.allowBots != null,
      loaders: { vitals: chunk('vitals'), queue: chunk('queue'), forms: chunk('forms') },
    });
    const queued = w.abm?.q || [];
    const abm: Stub = (...args: unknown[]) => call(tracker, args);
    abm.l = 1;
    w.abm = abm;
    for (const args of Array.from(queued)) call(tracker, Array.from(args));
  } catch {
    /* never break the host page */
  }
})();
