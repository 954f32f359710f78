/**
 * The tag's entry (dist/sdk/s.js):
 *   <script async src="https://COLLECTOR/s.js" data-site="KEY"></script>
 * Replaces the `window.abm` stub with the real function and replays what the page queued.
 */
import { call, init } from './index.js';

type Stub = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };

(() => {
  try {
    const w = window as Window & { abm?: Stub };
    const tag = (document.currentScript ?? document.querySelector('script[data-site]')) as HTMLScriptElement | null;
    const site = tag?.dataset.site;
    if (!tag || !site || (w.abm && !w.abm.q && (w.abm as { l?: 1 }).l)) return;
    const endpoint = tag.dataset.api || new URL('/v1/events', tag.src).href;
    const tracker = init({ site, endpoint, cookieless: 'cookieless' in tag.dataset });
    if (!tracker) return;
    const queued = w.abm?.q ?? [];
    const abm = ((...args: unknown[]) => call(tracker, args)) as Stub & { l: 1 };
    abm.l = 1;
    w.abm = abm;
    for (const args of Array.from(queued)) call(tracker, Array.from(args));
  } catch {
    /* never break the host page */
  }
})();
