import { describe, expect, it } from 'vitest';
import { evaluateStages, evaluateStagesOver } from '../../collector/stage-evaluation.js';
import type { StageChange } from '../../collector/store/index.js';
import { testApp } from '../helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

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

  it('evaluates as of past moments: stepping through the days after the events were stored gives each change its day, its time and what moved it', async () => {
    const t = await testApp({ now: () => NOW });
    await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ domain: 'acme.com', name: 'Acme' }, { domain: 'late.com', name: 'Late' }]) });
    const ids = new Map((await t.store.listTargets()).map((a) => [a.domain, a.id]));
    const day0 = Date.UTC(2026, 9, 1);
    let n = 0;
    const ev = (domain: string, ts: number, path: string, title: string, o: Partial<StoredEvent> = {}): StoredEvent => ({
      siteId: t.site.id, id: `asof-${++n}`, type: 'page_view', name: null, ts, receivedAt: NOW, visitor: `${domain}-v`, session: `${domain}-${Math.floor(ts / DAY)}`,
      url: `https://vendor.example${path}`, title, referrer: null, props: null, ip: null, userAgent: null, bot: false, points: 1, roleLevel: null,
      account: { id: ids.get(domain)!, name: domain, domain, nameKey: domain, via: 'network' }, ...o,
    });
    await t.store.insertEvents([
      ev('acme.com', day0 + 10 * 3600_000, '/', 'Home'), // day 0: a first visit
      ev('acme.com', day0 + DAY + 9 * 3600_000, '/blog/x', 'Closing faster'), // days 1 and 2: three active days, engaged
      ev('acme.com', day0 + 2 * DAY + 14 * 3600_000, '/pricing', 'Pricing'),
      ev('acme.com', day0 + 5 * DAY + 15 * 3600_000, '/pricing', 'Pricing'), // day 5: a demo request by a senior person, MQA
      ev('acme.com', day0 + 5 * DAY + 15 * 3600_000 + 120_000, '/contact', 'Contact', { type: 'form', props: { form_id: 'demo-request' }, points: 20, roleLevel: 'c_level' }),
      ev('late.com', day0 + 8 * DAY + 11 * 3600_000, '/', 'Home'), // seen only on day 8
    ]);
    const changes: StageChange[] = await evaluateStagesOver(t.store, { from: day0 - 1, to: day0 + 10 * DAY - 1 });
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(changes.filter((c) => c.accountId === ids.get('acme.com')).map((c) => [c.to, iso(c.at)])).toEqual([
      ['aware', '2026-10-01T10:00:00.000Z'],
      ['engaged', '2026-10-03T14:00:00.000Z'],
      ['mqa', '2026-10-06T15:02:00.000Z'],
    ]);
    expect(changes.filter((c) => c.accountId === ids.get('late.com')).map((c) => [c.to, iso(c.at)])).toEqual([['aware', '2026-10-09T11:00:00.000Z']]);
    const reason = (to: string) => changes.find((c) => c.accountId === ids.get('acme.com') && c.to === to)!.reason;
    expect(reason('aware')).toMatch(/^score [\d.]+, visits on 1 of the last 30 days; read Home$/);
    expect(reason('engaged')).toMatch(/^score [\d.]+, visits on 3 of the last 30 days; read Pricing, Closing faster and Home$/);
    expect(reason('mqa')).toMatch(/; read Pricing, Closing faster and Home; sent the form demo-request$/);
    // Nothing is left to move now, and the history reads as it happened.
    expect(await evaluateStages(t.store, { now: () => NOW })).toEqual([]);
    expect((await t.store.stageChanges({ accountId: ids.get('acme.com')!, limit: 10 })).map((c) => c.to)).toEqual(['mqa', 'engaged', 'aware']);
  });

  it('does not count a visit after the moment evaluated, even one before the window of a later moment', async () => {
    const t = await testApp({ now: () => NOW });
    await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ domain: 'acme.com', name: 'Acme' }]) });
    const [acme] = await t.store.listTargets();
    const visit = (ts: number, id: string): StoredEvent => ({
      siteId: t.site.id, id, type: 'page_view', name: null, ts, receivedAt: NOW, visitor: 'v', session: id, url: 'https://vendor.example/', title: 'Home', referrer: null, props: null,
      ip: null, userAgent: null, bot: false, points: 1, roleLevel: null, account: { id: acme!.id, name: 'Acme', domain: 'acme.com', nameKey: 'acme', via: 'network' },
    });
    await t.store.insertEvents([visit(NOW - 10 * DAY, 'late')]);
    expect(await evaluateStages(t.store, { at: NOW - 50 * DAY })).toEqual([]);
    expect(await evaluateStages(t.store, { at: NOW - 20 * DAY })).toEqual([]);
    expect((await evaluateStages(t.store, { at: NOW - 9 * DAY })).map((c) => [c.to, c.at])).toEqual([['aware', NOW - 9 * DAY]]);
  });

  it('steps through a stretch one UTC day at a time, ending at its end', async () => {
    const t = await testApp({ now: () => NOW });
    const seen: [number, number][] = [];
    const spy = { ...t.store, accountMetrics: async (q: Parameters<typeof t.store.accountMetrics>[0]) => (seen.push([Date.parse(`${q.fromDay}T00:00:00Z`), Date.parse(`${q.toDay}T00:00:00Z`)]), t.store.accountMetrics(q)) };
    await evaluateStagesOver(spy, { from: Date.UTC(2026, 9, 1, 12), to: Date.UTC(2026, 9, 4, 6) });
    expect(seen.map(([, to]) => new Date(to).toISOString().slice(0, 10))).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04']);
    expect(seen.every(([from, to]) => to - from === 29 * DAY)).toBe(true);
  });
});
