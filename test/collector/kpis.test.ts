import { describe, expect, it } from 'vitest';
import { evaluateStages } from '../../collector/stage-evaluation.js';
import { testApp } from '../helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

const json = async (res: Response) => (await res.json()) as any;
const NOW = Date.UTC(2026, 10, 23, 12);
const at = (d: number) => Date.UTC(2026, 10, d, 10);

describe('GET /api/kpis', () => {
  it('answers a hand-computed scenario: funnel, activity, reach, uplift, progression, candidates', async () => {
    const t = await testApp({ now: () => NOW, programmeStart: Date.UTC(2026, 10, 14) });
    await t.admin('/api/target-accounts', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'domain,name,tier\nalpha.com,Alpha,1\nbeta.com,Beta,1\ngamma.com,Gamma,2\ndelta.com,Delta,2\n',
    });
    const ids = new Map((await t.store.listTargets()).map((a) => [a.domain, a.id]));
    let n = 0;
    const ev = (domain: string, ts: number, visitor: string, over: Partial<StoredEvent> = {}): StoredEvent => ({
      siteId: t.site.id, id: `kpi-${++n}`, type: 'page_view', name: null, ts, receivedAt: ts, visitor, session: `${visitor}-${ts}`,
      url: 'https://vendor.example/', title: null, referrer: null, props: null, ip: null, userAgent: null, bot: false, points: 1, roleLevel: null,
      account: { id: ids.get(domain) ?? null, name: domain.split('.')[0]!, domain, nameKey: domain.split('.')[0]!, via: 'network' },
      ...over,
    });
    await t.store.insertEvents([
      ev('alpha.com', at(10), 'a-boss'), // the previous period: Alpha aware then
      // Alpha: the CEO fills a form today: 16 points × C-level 2 = 32 ≥ 30, MQA.
      ev('alpha.com', at(23), 'a-boss', {
        type: 'form', points: 16, roleLevel: 'c_level',
        props: { email_domain: 'alpha.com', email_hash: 'e'.repeat(64), job_title: 'CEO' },
        account: { id: ids.get('alpha.com')!, name: 'Alpha', domain: 'alpha.com', nameKey: 'alpha', via: 'email' },
      }),
      ev('beta.com', at(20), 'b-v'), ev('beta.com', at(21), 'b-v'), ev('beta.com', at(22), 'b-v'), // visits on 3 days: engaged
      ev('gamma.com', at(15), 'c-v'), // aware
      ev('epsilon.com', at(16), 'e-v', { points: 2 }), ev('epsilon.com', at(17), 'e-v'), ev('epsilon.com', at(18), 'e-v'), // a candidate
      ev('phi.com', at(19), 'f-v'), // aware, not a target
      ev('delta.com', at(19), 'bot', { bot: true, points: 0 }), // a crawler makes nobody aware
    ]);
    await evaluateStages(t.store, { now: () => NOW });

    const k = await json(await t.admin('/api/kpis?from=2026-11-14&to=2026-11-23'));
    expect(k).toMatchObject({
      from: '2026-11-14', to: '2026-11-23',
      target_accounts: 4, aware: 3, awareness_rate: 0.75, engaged: 2, penetration_rate: 0.5, mqa: 1, mqa_rate: 0.25, engagement_rate: 0.6667,
      active_accounts: 5, new_accounts: 4, new_target_accounts: 2, candidate_accounts: 1,
      reach: { visitors: 3, visitors_per_aware_account: 1, known_contacts: 1, seniority_levels: ['c_level'] },
      uplift: {
        previous_period: { from: '2026-11-04', to: '2026-11-13', aware: 2, engaged: null, mqa: null, visitors: 2, before: { awareness_rate: 0.25, penetration_rate: 0, mqa_rate: 0 } },
        programme: { start: '2026-11-14', aware: 2, engaged: null, mqa: null, visitors: 2 },
      },
    });
    expect(k.candidates).toEqual([{ id: expect.any(String), name: 'epsilon', score: expect.any(Number), visits: 3 }]);
    expect(k.stage_progression).toEqual([
      { from: 'unaware', to: 'aware', rate: 0.75 },
      { from: 'aware', to: 'engaged', rate: 0.6667 },
      { from: 'engaged', to: 'mqa', rate: 0.5 },
      { from: 'mqa', to: 'opportunity', rate: 0 },
      { from: 'opportunity', to: 'customer', rate: 0 },
    ]);
    // A segment of the target list.
    expect(await json(await t.admin('/api/kpis?from=2026-11-14&to=2026-11-23&tier=2'))).toMatchObject({ target_accounts: 2, aware: 1, engaged: 0, mqa: 0 });
  });
});
