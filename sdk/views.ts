import { safe, type Ctx } from './context.js';
import { now } from './env.js';
import { redactUrl } from './redact.js';

/**
 * Page views — the first, single-page-app navigations, bfcache restores — and, per view, the
 * visible time and deepest scroll, sent as an `engagement` event when the page is hidden,
 * left, or navigated away from inside the app.
 */
export function captureViews(ctx: Ctx, hashMode: boolean): { page: () => string | undefined } {
  let viewId: string | undefined;
  let viewUrl = '';
  let visibleMs = 0;
  let since = 0;
  let sentMs = 0;
  let scroll = 0;

  const visible = () => document.visibilityState == 'visible';
  const current = () => redactUrl(location.href, hashMode);
  const engagedMs = () => visibleMs + (since ? now() - since : 0);
  const measureScroll = safe(() => {
    const d = document.documentElement;
    scroll = Math.max(scroll, Math.min(100, Math.round(((scrollY + innerHeight) / d.scrollHeight) * 100) || 0));
  });

  const sendEngagement = () => {
    const ms = engagedMs();
    if (!viewId || ms <= sentMs) return;
    sentMs = ms;
    ctx.emit('engagement', { url: viewUrl, props: { view: viewId, visible_ms: ms, scroll_pct: scroll } });
  };

  const page = (referrer = document.referrer) => {
    sendEngagement();
    viewUrl = current();
    visibleMs = sentMs = scroll = 0;
    since = visible() ? now() : 0;
    measureScroll();
    return (viewId = ctx.emit('page_view', { title: document.title.slice(0, 512), referrer }));
  };

  // Single-page apps: a push or pop to another URL is a view; a replace is one only when the
  // path changes (frameworks replace to store state or tidy the query). Deferred a tick, so
  // the app has set its title and redundant pushes collapse into one view.
  const path = (href: string) => href.replace(/[?#].*/, '') + (hashMode ? new URL(href).hash : '');
  let pending = 0;
  const route = (replace?: boolean) => {
    clearTimeout(pending);
    pending = setTimeout(
      safe(() => {
        const url = current();
        if (url != viewUrl && (!replace || path(url) != path(viewUrl))) page(viewUrl);
      }),
    ) as unknown as number;
  };
  for (const m of ['pushState', 'replaceState'] as const) {
    const original = history[m];
    history[m] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      safe(route)(m == 'replaceState');
      return result;
    };
  }
  addEventListener('popstate', safe(() => route()));
  if (hashMode) addEventListener('hashchange', safe(() => route()));
  addEventListener('scroll', measureScroll, { passive: true });

  // Leaving fires pagehide, then visibilitychange: the clock stops at the first, so the
  // engagement goes out once, and again only if the visitor comes back and reads on.
  const hide = safe(() => {
    visibleMs = engagedMs();
    since = 0;
    sendEngagement();
    ctx.flush(true);
  });
  document.addEventListener('visibilitychange', () => (visible() ? (since = now()) : hide()));
  addEventListener('pagehide', hide);
  // A page restored from the back/forward cache is a new view of it.
  addEventListener('pageshow', safe((e: PageTransitionEvent) => e.persisted && page()));
  return { page: () => page() };
}
