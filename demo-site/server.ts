import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { ALERTS_PAGE_PATH, alertsOffPage, alertsViewer, escapeHtml, type AlertsViewerOptions } from './alerts-viewer.js';

export { ALERTS_HOOK_PATH, ALERTS_PAGE_PATH, alertsViewer, type AlertsViewerOptions } from './alerts-viewer.js';

export const PAGES_DIR = fileURLToPath(new URL('./pages', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.ico': 'image/x-icon',
};

export interface DemoSiteOptions {
  /** Where the pages' script tag loads /s.js from and sends events to. */
  collectorUrl: string;
  siteKey: string;
  root?: string;
  /**
   * Turns on the alert viewer: POST /hooks/alerts takes the collector's alert webhook (signed
   * with this secret) and GET /alerts lists what arrived. Without it, /alerts says it is off.
   */
  alerts?: AlertsViewerOptions;
}

/**
 * The demo vendor site: static pages whose script tag is filled in with the collector's URL and
 * the demo site key as they are served. Served on its own port, so beacons are cross-origin.
 */
export function createDemoSite(o: DemoSiteOptions): Hono {
  const root = resolve(o.root ?? PAGES_DIR);
  const partials = readPartials();
  const fill = (html: string) =>
    withPartials(html, partials).replaceAll('{{COLLECTOR_URL}}', escapeHtml(o.collectorUrl)).replaceAll('{{SITE_KEY}}', escapeHtml(o.siteKey));
  const app = new Hono();
  // Before the catch-alls below, which would take its POST for a form and its page for a file.
  if (o.alerts) app.route('/', alertsViewer(o.alerts));
  else app.get(ALERTS_PAGE_PATH, (c) => c.html(alertsOffPage(), 404));
  // The newsletter form posts by fetch; other forms post and land on the thank-you page. The
  // bodies are not read: this demo keeps nothing its visitors type.
  app.post('/api/newsletter', (c) => c.body(null, 204));
  app.post('*', (c) => c.redirect('/thanks.html', 303));
  app.get('*', async (c) => {
    let pathname = '';
    try {
      pathname = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      /* a malformed escape: not found, below */
    }
    // The product tour is a single-page app: every /app/… path is its page.
    const file = await locate(root, pathname.startsWith('/app/') ? '/app/' : pathname);
    if (!file) return c.html(fill(await readFile(join(root, 'index.html'), 'utf8')).replace(/<main>[\s\S]*<\/main>/, '<main><h1>Page not found</h1><p><a href="/">Home</a></p></main>'), 404);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    c.header('Content-Type', type);
    c.header('Cache-Control', 'no-cache');
    if (type.startsWith('text/html')) return c.body(fill(await readFile(file, 'utf8')));
    return c.body(new Uint8Array(await readFile(file)));
  });
  return app;
}

export const PARTIALS_DIR = fileURLToPath(new URL('./partials', import.meta.url));

/** The markup every page shares (header, footer, the newsletter box), read once per site. */
function readPartials(): Record<'header' | 'footer' | 'newsletter', string> {
  const read = (name: string) => readFileSync(join(PARTIALS_DIR, `${name}.html`), 'utf8').trimEnd();
  return { header: read('header'), footer: read('footer'), newsletter: read('newsletter') };
}

/**
 * Puts the shared markup in: `<!--#footer-->`, `<!--#newsletter-->`, and `<!--#header-->` or
 * `<!--#header HREF page|true-->`, which marks the navigation link to HREF as the current page
 * (`page`) or the current section (`true`).
 */
export function withPartials(html: string, p: Record<'header' | 'footer' | 'newsletter', string>): string {
  return html
    .replace(/<!--#header(?: (\S+) (page|true))?-->/g, (_, href?: string, current?: string) =>
      href ? p.header.replace(`href="${href}"`, `href="${href}" aria-current="${current}"`) : p.header,
    )
    .replaceAll('<!--#footer-->', p.footer)
    .replaceAll('<!--#newsletter-->', p.newsletter);
}

/** The file a path names inside root (directories mean their index.html), or undefined. */
async function locate(root: string, pathname: string): Promise<string | undefined> {
  if (!pathname || pathname.includes('\0')) return undefined;
  const target = normalize(join(root, pathname));
  if (target !== root && !target.startsWith(root + sep)) return undefined;
  for (const candidate of [target, join(target, 'index.html'), `${target}.html`]) {
    const s = await stat(candidate).catch(() => undefined);
    if (s?.isFile()) return candidate;
  }
  return undefined;
}
