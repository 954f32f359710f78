import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

const json = async (res: Response) => (await res.json()) as any;
const NOW = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;

describe('attribution and campaigns', () => {
  it('shares each account\'s credit among its sessions\' channels, per model, and counts campaigns by accounts reached', async () => {
    const t = await testApp({ now: () => NOW });
    await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ domain: 'acme.com', name: 'Acme' }]) });
    const [acme] = await t.store.listTargets();
    let n = 0;
    const visit = (account: 'acme' | 'initech', ts: number, channel: string, campaign: string | null): StoredEvent => ({
      siteId: t.site.id, id: `att-${++n}`, type: 'page_view', name: null, ts, receivedAt: ts, visitor: `${account}-v`, session: `${account}-s${n}`,
      url: `https://vendor.example/${campaign ? `?utm_campaign=${campaign}` : ''}`, title: null, referrer: null, props: null, ip: null, userAgent: null, bot: false,
      campaign: campaign ? { source: 'x', medium: 'y', name: campaign, term: null, content: null, clickId: null, network: null } : null,
      touch: { channel, source: 'x', medium: 'y' },
      account: account === 'acme' ? { id: acme!.id, name: 'Acme', domain: 'acme.com', nameKey: 'acme', via: 'network' } : { id: null, name: 'Initech', domain: 'initech.com', nameKey: 'initech', via: 'network' },
    });
    await t.store.insertEvents([
      visit('acme', NOW - 10 * DAY, 'Paid Social', 'q4-abm'),
      visit('acme', NOW - 3 * DAY, 'Organic Search', null),
      visit('initech', NOW - 2 * DAY, 'Paid Social', 'q4-abm'),
      visit('initech', NOW - 1 * DAY, 'Email', 'newsletter'),
    ]);
    const linear = await json(await t.admin('/api/attribution?model=linear'));
    expect(linear).toMatchObject({ model: 'linear', accounts: 2, target_accounts: 1 });
    expect(linear.channels).toEqual([
      { channel: 'Paid Social', credit: 1, target_credit: 0.5 },
      { channel: 'Email', credit: 0.5, target_credit: 0 },
      { channel: 'Organic Search', credit: 0.5, target_credit: 0.5 },
    ]);
    expect((await json(await t.admin('/api/attribution?model=first_touch'))).channels).toEqual([{ channel: 'Paid Social', credit: 2, target_credit: 1 }]);
    expect((await json(await t.admin('/api/attribution?model=last_touch'))).channels).toEqual([
      { channel: 'Email', credit: 1, target_credit: 0 },
      { channel: 'Organic Search', credit: 1, target_credit: 1 },
    ]);
    expect((await json(await t.admin('/api/campaigns'))).campaigns).toEqual([
      { campaign: 'q4-abm', sessions: 2, accounts: 2, target_accounts: 1 },
      { campaign: 'newsletter', sessions: 1, accounts: 1, target_accounts: 0 },
    ]);
    const detail = await json(await t.admin(`/api/accounts/${acme!.id}`));
    expect(detail.attribution.first_touch).toEqual([{ channel: 'Paid Social', credit: 1 }]);
    expect(detail.attribution.linear).toEqual([{ channel: 'Organic Search', credit: 0.5 }, { channel: 'Paid Social', credit: 0.5 }]);
    const bad = await t.admin('/api/attribution?model=u-shaped');
    expect([bad.status, (await json(bad)).error.code]).toEqual([400, 'invalid_query']);
  });
});
