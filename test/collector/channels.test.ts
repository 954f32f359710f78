import { describe, expect, it } from 'vitest';
import { ORIGIN, pageView, testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;
const day = Date.UTC(2026, 10, 20, 10);

describe('channels through the pipeline', () => {
  it('gives each session the channel of its landing and breaks the period down by channel', async () => {
    const t = await testApp({ now: () => Date.UTC(2026, 10, 23, 12) });
    const send = (events: Record<string, unknown>[], ua = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0') =>
      t.send({ site: t.site.key, events }, { 'user-agent': ua });
    await send([
      pageView({ visitor: 'a', session: 'sa', ts: day, referrer: 'https://www.google.co.uk/', url: `${ORIGIN}/` }),
      // The second page's referrer is the site itself: the session stays Organic Search.
      pageView({ visitor: 'a', session: 'sa', ts: day + 60_000, referrer: `${ORIGIN}/`, url: `${ORIGIN}/pricing` }),
    ]);
    await send([pageView({ visitor: 'b', session: 'sb', ts: day, referrer: '', url: `${ORIGIN}/?utm_source=linkedin&utm_medium=paid_social&utm_campaign=q4` })]);
    await send([pageView({ visitor: 'c', session: 'sc', ts: day, referrer: 'https://news.ycombinator.com/item?id=1' })]);
    await send([pageView({ visitor: 'd', session: 'sd', ts: day, referrer: 'https://partner.example.org/blog' })]);
    await send([pageView({ visitor: 'e', session: 'se', ts: day, referrer: '', url: `${ORIGIN}/?gclid=abc` })]);
    await send([pageView({ visitor: 'f', session: 'sf', ts: day, referrer: '' })]);
    await send([pageView({ visitor: 'g', session: 'sg', ts: day, referrer: 'https://www.google.com/' })], 'Googlebot/2.1 (+http://www.google.com/bot.html)');

    const events = (await json(await t.admin('/api/events?limit=20'))).events as any[];
    expect(events.filter((e) => e.session === 'sa').map((e) => e.channel)).toEqual(['Organic Search', 'Organic Search']);
    const sessions = new Map((await t.store.listSessions({ limit: 20 })).map((s) => [s.id, [s.channel, s.source, s.medium]]));
    expect(Object.fromEntries(sessions)).toMatchObject({
      sa: ['Organic Search', 'google', 'organic'],
      sb: ['Paid Social', 'linkedin', 'paid_social'],
      sd: ['Referral', 'partner.example.org', 'referral'],
      se: ['Paid Search', 'google', 'cpc'],
      sf: ['Direct', '(direct)', '(none)'],
    });

    const res = await json(await t.admin('/api/channels?from=2026-11-20&to=2026-11-20'));
    expect(res.from).toBe('2026-11-20');
    const by = Object.fromEntries((res.channels as any[]).map((c) => [c.channel, c.sessions]));
    // The crawler's session is left out.
    expect(by).toEqual({ 'Organic Search': 1, 'Paid Social': 1, 'Organic Social': 1, Referral: 1, 'Paid Search': 1, Direct: 1 });
    expect((await json(await t.admin('/api/channels'))).channels).toHaveLength(6); // the last 30 days by default
    expect((await json(await t.admin('/api/channels?from=2026-11-21'))).channels).toEqual([]);
    const csv = await (await t.admin('/api/channels?from=2026-11-20&to=2026-11-20&format=csv')).text();
    expect(csv.split('\r\n')[0]).toBe('channel,sessions,visitors,accounts,target_accounts');
  });

  it('refuses bad dates with the error shape', async () => {
    const t = await testApp();
    for (const q of ['from=yesterday', 'to=2026-02-30', 'from=2026-11-20&to=2026-11-01']) {
      const res = await t.admin(`/api/channels?${q}`);
      expect([res.status, (await json(res)).error.code]).toEqual([400, 'invalid_query']);
    }
    expect((await t.request('/api/channels')).status).toBe(401);
  });
});
