import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;

describe('GET /api/accounts', () => {
  it('answers the contract shape with filters, sort, pagination and CSV', async () => {
    const t = await testApp({ now: () => Date.UTC(2026, 10, 23, 12) });
    await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ domain: 'acme.com', name: 'Acme', tier: '1' }, { domain: 'pfizer.com', name: 'Pfizer' }]) });
    const [acme] = (await t.store.listTargets()).filter((a) => a.name === 'Acme');
    await t.store.insertEvents([
      { siteId: t.site.id, id: 'acct-ev-1', type: 'page_view', name: null, ts: Date.UTC(2026, 10, 22, 9), receivedAt: 0, visitor: 'v1', session: 's1', url: 'https://vendor.example/pricing', title: null, referrer: null, props: null, ip: null, userAgent: null, bot: false, points: 2, roleLevel: 'manager', account: { id: acme!.id, name: 'Acme', domain: 'acme.com', nameKey: 'acme', via: 'network' } },
    ]);
    const all = await json(await t.admin('/api/accounts'));
    expect(all).toMatchObject({ from: '2026-10-25', to: '2026-11-23', total: 2, limit: 50, offset: 0 });
    expect(all.accounts[0]).toEqual({
      id: acme!.id, name: 'Acme', domain: 'acme.com', target: true, country: null, tier: '1', owner: null, stage: 'unaware',
      score: 1.95, visits: 1, visitors: 1, page_views: 1, last_seen: '2026-11-22T09:00:00.000Z',
    }); // 2 points × manager 1.0 × 0.5^(1 day / 30) = 1.954
    expect((await json(await t.admin('/api/accounts?sort=name'))).accounts.map((a: any) => a.name)).toEqual(['Acme', 'Pfizer']);
    expect((await json(await t.admin('/api/accounts?sort=-name&limit=1'))).accounts.map((a: any) => a.name)).toEqual(['Pfizer']);
    expect((await json(await t.admin('/api/accounts?q=pfiz'))).accounts.map((a: any) => a.name)).toEqual(['Pfizer']);
    expect((await json(await t.admin('/api/accounts?target=false'))).accounts).toEqual([]);
    const csv = (await (await t.admin('/api/accounts?format=csv')).text()).split('\r\n');
    expect(csv[0]).toBe('id,name,domain,target,tier,owner,country,stage,score,visits,visitors,page_views,last_seen');
    expect(csv[1]).toContain(',Acme,acme.com,true,1,');
  });

  it('refuses bad queries with the error shape', async () => {
    const t = await testApp();
    for (const q of ['sort=price', 'limit=0', 'limit=5000', 'offset=-1', 'target=maybe', 'from=2026-13-01']) {
      const res = await t.admin(`/api/accounts?${q}`);
      expect([q, res.status, (await json(res)).error.code]).toEqual([q, 400, 'invalid_query']);
    }
  });
});
