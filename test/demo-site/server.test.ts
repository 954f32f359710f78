import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoSite, PAGES_DIR } from '../../demo-site/server.js';
import { ensureDemoSite } from '../../demo-site/setup.js';
import { openStore } from '../../collector/store/index.js';

describe('demo site', () => {
  const site = createDemoSite({ collectorUrl: 'http://localhost:8787', siteKey: 'key"><script>x' });

  it('fills the script tag with the collector URL and the site key, escaped', async () => {
    const html = await (await site.request('/pricing.html')).text();
    expect(html).toContain('<script async src="http://localhost:8787/s.js" data-site="key&#34;&#62;&#60;script&#62;x"></script>');
    expect(html).not.toContain('{{');
  });

  it('serves directories, extensionless paths and assets with their types', async () => {
    expect((await site.request('/')).headers.get('content-type')).toMatch(/text\/html/);
    expect(await (await site.request('/pricing')).text()).toContain('<title>Pricing');
    expect((await site.request('/styles.css')).headers.get('content-type')).toMatch(/text\/css/);
  });

  it('serves the product tour at every /app/ path, PDFs as PDFs, and answers form posts', async () => {
    expect(await (await site.request('/app/close')).text()).toContain('<title>Product tour');
    const pdf = await site.request('/files/close-benchmark-2026.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const posted = await site.request('/thanks.html', { method: 'POST', body: 'email=a%40b.com' });
    expect([posted.status, posted.headers.get('location')]).toEqual([303, '/thanks.html']);
    expect((await site.request('/api/newsletter', { method: 'POST' })).status).toBe(204);
  });

  it('never serves files outside its folder', async () => {
    for (const path of ['/../server.ts', '/%2e%2e/server.ts', '/..%2fstart.ts', '/blog/../../setup.ts', '/%E0%A4%A']) {
      const res = await site.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('import');
    }
  });

  it('creates the demo site key once and finds it on later runs', async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    const first = await ensureDemoSite(store, 3000);
    const second = await ensureDemoSite(store, 3000);
    expect(first.created).toBe(true);
    expect(second).toEqual({ site: first.site, created: false });
    expect(first.site.origins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000']);
    await store.close();
  });
});

describe('the demo vendor site, crawled from its home page', () => {
  const COLLECTOR = 'http://localhost:8787';
  const KEY = 'demo-site-key';
  const TAG = `<script async src="${COLLECTOR}/s.js" data-site="${KEY}"></script>`;
  const site = createDemoSite({ collectorUrl: COLLECTOR, siteKey: KEY, alerts: { secret: 'crawl-test-secret-0123456789' } });
  const ORIGIN = 'http://localhost:3000';
  /** Pages for people, not the demo's own tools: /alerts carries no tag, on purpose. */
  const TOOLS = new Set(['/alerts']);

  /** Every same-origin href and src of an HTML page, as paths (query kept, fragment dropped). */
  const linksOf = (html: string, from: string): string[] =>
    [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)]
      .map((m) => new URL(m[1]!.replaceAll('&amp;', '&'), `${ORIGIN}${from}`))
      .filter((u) => u.origin === ORIGIN)
      .map((u) => u.pathname + u.search);

  /** Form actions posted while crawling, with the status each answered. */
  const posted = new Map<string, number>();
  async function crawl(): Promise<Map<string, { status: number; type: string; body: string }>> {
    const seen = new Map<string, { status: number; type: string; body: string }>();
    const queue = ['/'];
    while (queue.length) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      const res = await site.request(path);
      const type = res.headers.get('content-type') ?? '';
      const body = type.startsWith('text/html') ? await res.text() : '';
      seen.set(path, { status: res.status, type, body });
      if (!body) continue;
      queue.push(...linksOf(body, path).filter((p) => !seen.has(p)));
      // Forms: each is posted (empty) where it posts; where the answer sends the visitor is crawled too.
      for (const [, action] of body.matchAll(/<form\b[^>]*\baction="([^"]*)"[^>]*\bmethod="post"/g)) {
        const target = new URL(action!, `${ORIGIN}${path}`).pathname;
        if (posted.has(target)) continue;
        const answer = await site.request(target, { method: 'POST', body: new FormData() });
        posted.set(target, answer.status);
        const location = answer.headers.get('location');
        if (location) queue.push(new URL(location, ORIGIN).pathname);
      }
    }
    return seen;
  }

  it('reaches every page and file from /, with no broken link', async () => {
    const pages = await crawl();
    const broken = [...pages].filter(([, p]) => p.status !== 200).map(([path, p]) => `${path} → ${p.status}`);
    expect(broken).toEqual([]);
    expect(Object.fromEntries(posted)).toEqual({ '/thanks.html': 303, '/api/newsletter': 204 });
    // Every file in the folder is linked from somewhere (the favicon and the script included).
    const files = (await readdir(PAGES_DIR, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => `/${relative(PAGES_DIR, join(d.parentPath, d.name))}`);
    const reached = new Set([...pages.keys()].map((p) => (p.endsWith('/') ? `${p}index.html` : p)));
    expect(files.filter((f) => !reached.has(f))).toEqual([]);
    // What the issue asks of the site: products, pricing, a blog, case studies, whitepapers, two forms, the app.
    for (const path of ['/product/reconciliation.html', '/product/close-management.html', '/product/integrations.html', '/pricing.html', '/blog/', '/case-studies/', '/resources/', '/demo.html', '/app/', '/alerts']) {
      expect(pages.has(path), path).toBe(true);
    }
    expect([...pages.keys()].filter((p) => p.startsWith('/blog/') && p !== '/blog/').length).toBeGreaterThanOrEqual(4);
    expect([...pages.keys()].filter((p) => p.startsWith('/case-studies/') && p !== '/case-studies/').length).toBe(3);
    expect([...pages.keys()].filter((p) => p.endsWith('.pdf')).length).toBeGreaterThanOrEqual(4);
  });

  it('carries the tag, filled with the collector URL and the site key, on every page, with one header and one footer', async () => {
    const html = [...(await crawl())].filter(([path, p]) => p.type.startsWith('text/html') && !TOOLS.has(path));
    expect(html.length).toBeGreaterThan(20);
    const header = (body: string) => body.match(/<header>[\s\S]*?<\/header>/)?.[0].replace(/ aria-current="[^"]*"/g, '');
    const footer = (body: string) => body.match(/<footer>[\s\S]*?<\/footer>/)?.[0];
    for (const [path, { body }] of html) {
      expect(body, path).toContain(TAG);
      expect(body, path).toContain('<script>window.abm=window.abm||function(){(abm.q=abm.q||[]).push(arguments)}</script>');
      expect(body, path).not.toContain('{{');
      expect(body, path).not.toContain('<!--#'); // every shared part put in
      expect(body, path).toMatch(/<title>[^<]+ — Ledgerline<\/title>|<title>Ledgerline — /);
      expect(header(body), path).toBe(header(html[0]![1].body));
      expect(footer(body), path).toBe(footer(html[0]![1].body));
    }
    expect(header(html[0]![1].body)).toContain('<a class="cta" href="/demo.html">Book a demo</a>');
    // The navigation marks the page, or the section, it is on.
    const served = new Map(html);
    expect(served.get('/pricing.html')?.body).toContain('<a href="/pricing.html" aria-current="page">Pricing</a>');
    expect(served.get('/blog/continuous-close.html')?.body).toContain('<a href="/blog/" aria-current="true">Blog</a>');
    expect(footer(html[0]![1].body)).toContain('<a href="/alerts">Alerts (demo)</a>');
  });

  it('has a demo-request form and a newsletter form on the blog, shaped for what the tag reads', async () => {
    const demo = await (await site.request('/demo.html')).text();
    const form = demo.match(/<form id="demo-request"[\s\S]*?<\/form>/)?.[0] ?? '';
    expect([...form.matchAll(/ name="([^"]+)"/g)].map((m) => m[1])).toEqual(['demo-request', 'name', 'email', 'company', 'job_title', 'phone', 'message']);
    expect(form).toContain('type="email"');
    expect(form).toContain('action="/thanks.html" method="post"');
    for (const path of ['/blog/', '/blog/month-end-close-checklist.html', '/blog/continuous-close.html']) {
      const html = await (await site.request(path)).text();
      expect(html, path).toContain('<form id="newsletter" name="newsletter" action="/api/newsletter" method="post">');
      expect(html, path).toContain('<script src="/site.js" defer></script>');
    }
  });

  it('serves whitepapers as well-formed PDFs: the cross-reference table points at every object', async () => {
    const files = (await readdir(join(PAGES_DIR, 'files'))).filter((f) => f.endsWith('.pdf'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const name of files) {
      const res = await site.request(`/files/${name}`);
      expect(res.headers.get('content-type'), name).toBe('application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.equals(await readFile(join(PAGES_DIR, 'files', name))), name).toBe(true);
      const text = pdf.toString('latin1');
      expect(text.startsWith('%PDF-1.'), name).toBe(true);
      expect(text.trimEnd().endsWith('%%EOF'), name).toBe(true);
      const startxref = Number(text.match(/startxref\s+(\d+)\s+%%EOF\s*$/)?.[1]);
      expect(text.slice(startxref, startxref + 4), name).toBe('xref');
      const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n\s*$/gm)].map((m) => Number(m[1]));
      expect(offsets.length, name).toBeGreaterThanOrEqual(5);
      offsets.forEach((offset, i) => expect(text.slice(offset, offset + 12), `${name} object ${i + 1}`).toMatch(new RegExp(`^${i + 1} 0 obj\\s`)));
      expect(text, name).toMatch(/\/Type \/Catalog/);
      expect(text, name).toMatch(/\) Tj/);
    }
  });
});
