import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { contentRoutes } from '../../collector/http/content.js';
import { errorHandler } from '../../collector/http/errors.js';
import type { ContentQuery, ContentRow } from '../../collector/store/content.js';

const json = async (res: Response) => (await res.json()) as any;
const NOW = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;

const rows: ContentRow[] = [
  { kind: 'page', url: 'https://www.vendor.example/pricing', title: 'Pricing, plans', views: 6, visitors: 5, accounts: 3, targetAccounts: 2, peoplePerTargetAccount: 1.5, targetShare: 2 / 3 },
  { kind: 'asset', url: 'https://www.vendor.example/guide.pdf', title: '=HYPERLINK("x")', views: 1, visitors: 1, accounts: 0, targetAccounts: 0, peoplePerTargetAccount: 0, targetShare: 0 },
];

/** The route over a fake store that remembers what it was asked. */
function setup() {
  const asked: ContentQuery[] = [];
  const store = {
    contentReport: async (q: ContentQuery) => {
      asked.push(q);
      return { rows, targetAccounts: 3 };
    },
    listSites: async () => [{ id: 'site-1', key: 'key-1' }],
  };
  const app = new Hono().route('/', contentRoutes(store, () => NOW));
  app.onError(
    errorHandler((err) => {
      throw err;
    }),
  );
  return { asked, request: (path: string) => app.request(path) };
}

describe('GET /api/content', () => {
  it('replies with the contract shape over the last 30 days by default', async () => {
    const t = setup();
    const res = await t.request('/api/content');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      from: '2026-10-25',
      to: '2026-11-23',
      target_accounts: 3,
      content: [
        { kind: 'page', url: 'https://www.vendor.example/pricing', title: 'Pricing, plans', views: 6, visitors: 5, accounts: 3, target_accounts: 2, people_per_target_account: 1.5, target_share: 0.6667 },
        { kind: 'asset', url: 'https://www.vendor.example/guide.pdf', title: '=HYPERLINK("x")', views: 1, visitors: 1, accounts: 0, target_accounts: 0, people_per_target_account: 0, target_share: 0 },
      ],
    });
    expect(t.asked).toEqual([{ from: Date.UTC(2026, 9, 25), to: Date.UTC(2026, 10, 23) + DAY, limit: 100 }]);
  });

  it('passes dates, site (by id or key), kind and limit to the store', async () => {
    const t = setup();
    expect((await t.request('/api/content?from=2026-11-01&to=2026-11-02&site=key-1&kind=asset&limit=5')).status).toBe(200);
    expect((await t.request('/api/content?site=site-1')).status).toBe(200);
    expect(t.asked[0]).toEqual({ from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 3), siteId: 'site-1', kind: 'asset', limit: 5 });
    expect(t.asked[1]?.siteId).toBe('site-1');
  });

  it('answers CSV with a header row and neutralised formulas', async () => {
    const t = setup();
    const res = await t.request('/api/content?format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('kind,url,title,views,visitors,accounts,target_accounts,people_per_target_account,target_share');
    expect(lines[1]).toBe('page,https://www.vendor.example/pricing,"Pricing, plans",6,5,3,2,1.5,0.6667');
    expect(lines[2]).toBe(`asset,https://www.vendor.example/guide.pdf,"'=HYPERLINK(""x"")",1,1,0,0,0,0`);
  });

  it('refuses bad queries with 400 invalid_query and an unknown site with 404', async () => {
    const t = setup();
    for (const q of ['from=yesterday', 'to=2026-02-30', 'from=2026-11-20&to=2026-11-01', 'kind=video', 'limit=0', 'limit=abc', 'format=xml']) {
      const res = await t.request(`/api/content?${q}`);
      expect([q, res.status, (await json(res)).error.code]).toEqual([q, 400, 'invalid_query']);
    }
    const res = await t.request('/api/content?site=nope');
    expect([res.status, (await json(res)).error.code]).toEqual([404, 'unknown_site']);
    expect(t.asked).toEqual([]);
  });
});
