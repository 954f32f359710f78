import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

const json = async (res: Response) => (await res.json()) as any;
const NOW = Date.UTC(2026, 10, 23, 12);

describe('GET /api/accounts/:id', () => {
  it('shows who the account is, how it was identified, its score history, and what each session read', async () => {
    const t = await testApp({ now: () => NOW });
    await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ domain: 'acme.com', name: 'Acme', tier: '1', owner_email: 'ana@vendor.example', aliases: ['ACME Corp'] }]) });
    const [acme] = await t.store.listTargets();
    const ref = (via: 'network' | 'email') => ({ id: acme!.id, name: 'Acme', domain: 'acme.com', nameKey: 'acme', via });
    const base = { siteId: t.site.id, name: null, receivedAt: 0, referrer: null, ip: '198.51.100.0', userAgent: null, bot: false, roleLevel: null, title: null };
    const day1 = Date.UTC(2026, 10, 21, 9);
    const day2 = Date.UTC(2026, 10, 22, 9);
    const network = { class: 'business', organization: 'ACME Corporation', domain: null, source: 'GeoIP2-ISP', confidence: 0.85 };
    const events: StoredEvent[] = [
      { ...base, id: 'd-pv1', type: 'page_view', ts: day1, visitor: 'v1', session: 's1', url: 'https://vendor.example/', title: 'Home', props: null, points: 1, network, account: ref('network'), touch: { channel: 'Organic Search', source: 'google', medium: 'organic' } },
      { ...base, id: 'd-en1', type: 'engagement', ts: day1 + 40_000, visitor: 'v1', session: 's1', url: 'https://vendor.example/', props: { view: 'd-pv1', visible_ms: 35_000 }, points: 0, network, account: ref('network') },
      { ...base, id: 'd-pv2', type: 'page_view', ts: day1 + 60_000, visitor: 'v1', session: 's1', url: 'https://vendor.example/pricing', title: 'Pricing', props: null, points: 2, network, account: ref('network') },
      { ...base, id: 'd-dl', type: 'download', ts: day1 + 90_000, visitor: 'v1', session: 's1', url: 'https://vendor.example/pricing', props: { href: 'https://vendor.example/files/guide.pdf', text: 'Guide' }, points: 3, network, account: ref('network') },
      { ...base, id: 'd-form', type: 'form', ts: day2, visitor: 'v2', session: 's2', url: 'https://vendor.example/contact', props: { form_id: 'contact', email_domain: 'acme.com', email_hash: 'f'.repeat(64), job_title: 'VP Marketing' }, points: 8, roleLevel: 'vp', account: ref('email'), touch: { channel: 'Direct', source: '(direct)', medium: '(none)' } },
    ];
    await t.store.insertEvents(events);
    const a = await json(await t.admin(`/api/accounts/${acme!.id}?from=2026-11-20&to=2026-11-23`));
    expect(a).toMatchObject({ id: acme!.id, name: 'Acme', domain: 'acme.com', aliases: ['ACME Corp'], target: true, tier: '1', owner: 'ana@vendor.example', from: '2026-11-20', to: '2026-11-23' });
    expect(a.identification).toEqual(
      expect.arrayContaining([
        { via: 'network', source: 'GeoIP2-ISP', network_class: 'business', organization: 'ACME Corporation', events: 4, confidence: 0.85 },
        { via: 'email', source: null, network_class: null, organization: null, events: 1, confidence: null },
      ]),
    );
    // Day 1: (1 + 2 + 3) × other 0.5 = 3; day 2: 8 × VP 1.5 = 12. Score at the end of the 23rd: 3 × 0.5^(2/30) + 12 × 0.5^(1/30).
    expect(a.score_history.map((h: any) => [h.day, h.points])).toEqual([['2026-11-20', 0], ['2026-11-21', 3], ['2026-11-22', 12], ['2026-11-23', 0]]);
    expect(a.score).toBeCloseTo(3 * 0.5 ** (2 / 30) + 12 * 0.5 ** (1 / 30), 2);
    expect(a.totals).toEqual({ visits: 2, page_views: 2, downloads: 1, forms: 1, engaged_ms: 35_000 });
    const s1 = a.sessions.find((s: any) => s.id === 's1');
    expect(s1).toMatchObject({ channel: 'Organic Search', source: 'google', landing_url: 'https://vendor.example/' });
    expect(s1.pages).toEqual([
      { url: 'https://vendor.example/', title: 'Home', at: new Date(day1).toISOString(), time_ms: 35_000 },
      { url: 'https://vendor.example/pricing', title: 'Pricing', at: new Date(day1 + 60_000).toISOString(), time_ms: null },
    ]);
    expect(s1.downloads).toEqual([{ href: 'https://vendor.example/files/guide.pdf', text: 'Guide', at: new Date(day1 + 90_000).toISOString() }]);
    expect(a.sessions.find((s: any) => s.id === 's2').forms).toEqual([{ form_id: 'contact', url: 'https://vendor.example/contact', at: new Date(day2).toISOString() }]);
    expect(a.people).toEqual({ known: [expect.objectContaining({ email_domain: 'acme.com', job_title: 'VP Marketing', role_level: 'vp' })], anonymous_visitors: 1 });
    expect(a.channels).toEqual(expect.arrayContaining([{ channel: 'Organic Search', sessions: 1 }, { channel: 'Direct', sessions: 1 }]));
    expect((await t.admin('/api/accounts/acc_nope')).status).toBe(404);
  });
});
