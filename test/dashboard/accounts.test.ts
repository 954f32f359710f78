import { beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../collector/dashboard/password.js';
import { testApp, type TestApp } from '../helpers.js';
import { seedAccounts, signIn, type DashboardClient } from './helpers.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const HOSTILE = '<img src=x onerror=alert(1)>"\'><script>alert(2)</script>';

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const textOf = (html: string) => decode(html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim());

/** The accounts table's rows: the account's name and each cell's text. */
function tableRows(html: string): { name: string; cells: string[] }[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => {
    const row = m[1]!;
    const name = decode(/class="acct-name">([^<]*)</.exec(row)?.[1] ?? '');
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => textOf(c[1]!));
    return { name, cells };
  });
}
const names = (html: string) => tableRows(html).map((r) => r.name);
const visitsOf = (html: string, name: string) => tableRows(html).find((r) => r.name === name)?.cells[4];

describe('dashboard accounts', () => {
  let t: TestApp;
  let ids: Record<string, string>;
  let d: DashboardClient;
  beforeEach(async () => {
    t = await testApp({ now: () => NOW });
    ids = await seedAccounts(t, NOW);
    d = await signIn(t);
  });

  const page = async (path: string) => {
    const res = await d.get(path);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('lists the accounts with their visits, highest score first', async () => {
    const html = await page('/app/accounts');
    expect(names(html).sort()).toEqual(['Acme', 'Globex', 'Hooli', 'Initech']);
    expect(names(html)[0]).toBe('Acme');
    expect(visitsOf(html, 'Acme')).toBe('3');
    expect(visitsOf(html, 'Globex')).toBe('2');
    expect(visitsOf(html, 'Initech')).toBe('1');
    expect(visitsOf(html, 'Hooli')).toBe('1');
    expect(html).toContain(`href="/app/accounts/${encodeURIComponent(ids.Acme!)}"`);
    expect(html).toContain('acme.com');
    expect(html).toContain('Tier 1');
    expect(html).toContain('ana@vendor.example');
    // The filters' options come from the target list.
    expect(html).toContain('<option value="bob@vendor.example">');
    expect(html).toContain('<option value="2">Tier 2</option>');
    // The CSV has the same filters and is served by the admin API to the dashboard cookie.
    const csvHref = decode(/href="(\/api\/accounts\?[^"]*)"/.exec(html)![1]!);
    expect(csvHref).toContain('format=csv');
    const csv = await d.get(csvHref);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('Acme');
  });

  it('filters by target, search and tier, and keeps the filters in the CSV link', async () => {
    expect(names(await page('/app/accounts?target=true')).sort()).toEqual(['Acme', 'Globex', 'Initech']);
    expect(names(await page('/app/accounts?target=false'))).toEqual(['Hooli']);
    expect(names(await page('/app/accounts?q=glob'))).toEqual(['Globex']);
    expect(names(await page('/app/accounts?q=hooli.com'))).toEqual(['Hooli']);
    const tier1 = await page('/app/accounts?tier=1');
    expect(names(tier1).sort()).toEqual(['Acme', 'Initech']);
    expect(tier1).toContain('<option value="1" selected="">Tier 1</option>');
    expect(decode(/href="(\/api\/accounts\?[^"]*)"/.exec(tier1)![1]!)).toContain('tier=1');
    expect(names(await page('/app/accounts?owner=bob%40vendor.example'))).toEqual(['Globex']);
    const none = await page('/app/accounts?q=nothing-like-this');
    expect(names(none)).toEqual([]);
    expect(none).toContain('No account matches these filters');
  });

  it('sorts by the column headers, keeping the filters', async () => {
    const byName = await page('/app/accounts?sort=name');
    expect(names(byName)).toEqual(['Acme', 'Globex', 'Hooli', 'Initech']);
    expect(names(await page('/app/accounts?sort=-name'))).toEqual(['Initech', 'Hooli', 'Globex', 'Acme']);
    expect(byName).toContain('Account ↑');
    // The active header links to the other direction; the others keep the filters.
    const filtered = await page('/app/accounts?target=true&sort=name');
    expect(filtered).toMatch(/href="\/app\/accounts\?[^"]*target=true[^"]*sort=-name"/);
    expect(filtered).toMatch(/href="\/app\/accounts\?[^"]*target=true[^"]*sort=-visits"/);
    expect(names(await page('/app/accounts?sort=%2Bvisits')).at(-1)).toBe('Acme');
    // Nonsense is ignored, not refused.
    expect(names(await page('/app/accounts?sort=evil&offset=-3&stage=nope&from=x')).length).toBe(4);
  });

  it('pages through more than 50 accounts, keeping the filters', async () => {
    await t.store.importTargets(
      Array.from({ length: 60 }, (_, i) => ({ domain: `extra${String(i).padStart(2, '0')}.com`, name: `Extra ${String(i).padStart(2, '0')}`, nameKey: `extra ${i}`, tier: '3', owner: null, aliases: [] })),
    );
    const first = await page('/app/accounts?tier=3&sort=name');
    expect(names(first)).toHaveLength(50);
    expect(first).toContain('1–50 of 60');
    const next = decode(/href="([^"]*)">Next →/.exec(first)![1]!);
    expect(next).toContain('tier=3');
    expect(next).toContain('offset=50');
    const second = await page(next);
    expect(names(second)).toEqual(Array.from({ length: 10 }, (_, i) => `Extra ${50 + i}`));
    expect(second).toContain('51–60 of 60');
    expect(names(await page('/app/accounts?tier=1'))).toHaveLength(2);
    expect(await page('/app/accounts?tier=1')).not.toContain('class="pager"');
  });

  it('shows what an account read, who read it and how it was identified', async () => {
    const html = await page(`/app/accounts/${encodeURIComponent(ids.Acme!)}`);
    for (const s of ['Pricing', 'Book a demo', 'Product tour', 'ABM whitepaper', 'https://vendor.example/files/abm-whitepaper.pdf', 'demo-request', 'VP Marketing', 'Organic Search', 'Paid Social', 'q4-abm', 'ACME Corporation', 'acme.com', 'Time engaged', 'Score trend', '<svg class="chart"']) {
      expect(html, s).toContain(s);
    }
    expect(html).toContain('href="https://acme.com/"');
    // Sessions newest first: the demo request's session before the search one.
    const timeline = html.slice(html.indexOf('class="timeline"'));
    expect(timeline.indexOf('Book a demo')).toBeLessThan(timeline.indexOf('Product tour'));
    expect(timeline).toContain('40 s');
    // Confidence as a percentage.
    expect(html).toContain('95 %');
    // The admin sees the stage form.
    expect(html).toContain(`action="/app/accounts/${encodeURIComponent(ids.Acme!)}/stage"`);
    expect(html).toContain(`name="_csrf" value="${d.csrf}"`);
  });

  it('answers an unknown account with a 404 page', async () => {
    const res = await d.get('/app/accounts/no-such-account');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('Account not found');
    expect(html).toContain('class="top"');
    expect((await d.post('/app/accounts/no-such-account/stage', { stage: 'customer' })).status).toBe(404);
  });

  it('sets the stage with the CSRF token, and lists the change', async () => {
    const id = ids.Acme!;
    const path = `/app/accounts/${encodeURIComponent(id)}/stage`;
    const before = (await t.store.listAccounts({ limit: 1, ids: [id] }))[0]!.stage;
    expect((await d.post(path, { _csrf: 'wrong', stage: 'opportunity' })).status).toBe(403);
    const noToken = await t.request(path, { method: 'POST', headers: { cookie: d.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'stage=opportunity' });
    expect(noToken.status).toBe(403);
    expect((await t.store.listAccounts({ limit: 1, ids: [id] }))[0]!.stage).toBe(before);

    const res = await d.post(path, { stage: 'opportunity', reason: 'Deal opened', from: '2026-11-01', to: '2026-11-23' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe(`/app/accounts/${encodeURIComponent(id)}?from=2026-11-01&to=2026-11-23&ok=opportunity`);
    expect((await t.store.listAccounts({ limit: 1, ids: [id] }))[0]!.stage).toBe('opportunity');
    const changes = await t.store.stageChanges({ accountId: id, limit: 10 });
    expect(changes[0]).toMatchObject({ from: before, to: 'opportunity', source: 'api' });
    expect(changes[0]!.reason).toContain('Deal opened');

    const html = await page(location);
    expect(html).toContain('Stage set to Opportunity.');
    expect(html).toContain('Deal opened');
    expect(html).toMatch(/stage-opportunity">opportunity<\/span>\s*<\/td>/);

    // Setting it again changes nothing; back to automatic lets engagement decide.
    expect((await d.post(path, { stage: 'opportunity' })).headers.get('location')).toContain('ok=same');
    const auto = await d.post(path, { stage: 'auto' });
    expect(auto.status).toBe(303);
    expect(auto.headers.get('location')).toContain('how=auto');
    expect((await t.store.listAccounts({ limit: 1, ids: [id] }))[0]!.stage).not.toBe('opportunity');
    expect((await d.post(path, { stage: 'bogus' })).headers.get('location')).toContain('error=stage');
  });

  it('lets a viewer look but not set the stage', async () => {
    await t.store.createUser({ id: 'u-viewer', email: 'mia@vendor.example', name: 'Mia', role: 'viewer', passwordHash: await hashPassword('a long passphrase'), createdAt: NOW });
    const v = await signIn(t, { email: 'mia@vendor.example', password: 'a long passphrase' });
    const path = `/app/accounts/${encodeURIComponent(ids.Globex!)}`;
    const html = await (await v.get(path)).text();
    expect(html).toContain('Globex');
    expect(html).not.toContain('/stage"');
    const res = await v.post(`${path}/stage`, { stage: 'customer' });
    expect(res.status).toBe(403);
    expect((await t.store.listAccounts({ limit: 1, ids: [ids.Globex!] }))[0]!.stage).not.toBe('customer');
  });
});

describe('dashboard accounts with hostile event data', () => {
  it('escapes everything that came from events on both pages', async () => {
    const t = await testApp({ now: () => NOW });
    const ids = await seedAccounts(t, NOW, { hostile: HOSTILE });
    const d = await signIn(t);
    const escaped = '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&gt;&lt;script&gt;alert(2)&lt;/script&gt;';
    for (const path of ['/app/accounts', '/app/accounts?q=initech', `/app/accounts/${encodeURIComponent(ids.Initech!)}`, `/app/accounts/${encodeURIComponent(ids.Acme!)}`]) {
      const res = await d.get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).not.toContain('<script>alert');
      expect(html, path).not.toContain('<img src=x');
      expect(html, path).toContain(escaped);
      expect(html, path).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    }
  });
});
