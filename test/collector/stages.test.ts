import { describe, expect, it } from 'vitest';
import { evaluateStages } from '../../collector/stage-evaluation.js';
import type { StoredEvent } from '../../collector/store/index.js';
import { testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;
const NOW = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;

describe('stages', () => {
  it('moves accounts up the funnel from engagement, every step kept; the CRM sets opportunity and customer', async () => {
    const t = await testApp({ now: () => NOW });
    await t.admin('/api/target-accounts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(['acme.com', 'beta.com', 'gamma.com', 'delta.com'].map((domain) => ({ domain, name: domain.split('.')[0] }))),
    });
    const ids = new Map((await t.store.listTargets()).map((a) => [a.domain, a.id]));
    let n = 0;
    const ev = (domain: string, ts: number, points: number, roleLevel: string | null = null): StoredEvent => ({
      siteId: t.site.id, id: `stage-ev-${++n}`, type: 'page_view', name: null, ts, receivedAt: ts, visitor: `${domain}-v`, session: `${domain}-${ts}`,
      url: 'https://vendor.example/', title: null, referrer: null, props: null, ip: null, userAgent: null, bot: false, points, roleLevel,
      account: { id: ids.get(domain)!, name: domain, domain, nameKey: domain, via: 'network' },
    });
    await t.store.insertEvents([
      ev('acme.com', NOW - 3600_000, 16, 'c_level'), // 16 × 2 = 32 today: MQA
      ev('beta.com', NOW - 1 * DAY, 1), ev('beta.com', NOW - 2 * DAY, 1), ev('beta.com', NOW - 3 * DAY, 1), // visits on 3 days: engaged
      ev('gamma.com', NOW - 40 * DAY, 1), // one visit, before the window: aware
    ]);
    const changes = await evaluateStages(t.store, { now: () => NOW });
    const steps = (id: string) => changes.filter((c) => c.accountId === id).map((c) => `${c.from}→${c.to}`);
    expect(steps(ids.get('acme.com')!)).toEqual(['unaware→aware', 'aware→engaged', 'engaged→mqa']);
    expect(steps(ids.get('beta.com')!)).toEqual(['unaware→aware', 'aware→engaged']);
    expect(steps(ids.get('gamma.com')!)).toEqual(['unaware→aware']);
    expect(steps(ids.get('delta.com')!)).toEqual([]);
    expect(await evaluateStages(t.store, { now: () => NOW + 60_000 })).toEqual([]);

    // The CRM: one account by id, others by CSV; engagement never moves them back.
    const one = await json(await t.admin(`/api/accounts/${ids.get('beta.com')}/stage`, { method: 'POST', body: JSON.stringify({ stage: 'opportunity', reason: 'deal 42' }) }));
    expect(one).toEqual({ id: ids.get('beta.com'), stage: 'opportunity', previous: 'engaged', changed: true });
    const csv = await json(
      await t.admin('/api/stages', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'domain,stage,reason\nacme.com,customer,closed won\nnope.com,customer,\ngamma.com,bogus,\n' }),
    );
    expect(csv).toMatchObject({ changed: 1, errors: 2, rows: [{ row: 1, status: 'changed', previous: 'mqa' }, { row: 2, status: 'error' }, { row: 3, status: 'error' }] });
    expect(await evaluateStages(t.store, { now: () => NOW + 120_000 })).toEqual([]);
    const history = await t.store.stageChanges({ accountId: ids.get('acme.com')!, limit: 10 });
    expect(history.map((h) => [h.to, h.source])).toEqual([['customer', 'csv'], ['mqa', 'auto'], ['engaged', 'auto'], ['aware', 'auto']]);
    expect(history[0]).toMatchObject({ to: 'customer', source: 'csv', reason: 'closed won', at: NOW });

    expect((await t.admin('/api/accounts/nope/stage', { method: 'POST', body: JSON.stringify({ stage: 'customer' }) })).status).toBe(404);
    const bad = await t.admin(`/api/accounts/${ids.get('acme.com')}/stage`, { method: 'POST', body: JSON.stringify({ stage: 'won' }) });
    expect([bad.status, (await json(bad)).error.code]).toEqual([400, 'invalid_stage']);
  });
});
