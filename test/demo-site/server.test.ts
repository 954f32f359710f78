import { describe, expect, it } from 'vitest';
import { createDemoSite } from '../../demo-site/server.js';
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
