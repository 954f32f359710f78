import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../collector/dashboard/password.js';
import { PERIOD_COOKIE, periodOf, periodParams } from '../../collector/dashboard/period.js';
import { testApp, type TestApp } from '../helpers.js';
import { DAY, seedAccounts, signIn, type DashboardClient } from './helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * The ten-second test: period presets that survive navigation, what each account read on the
 * overview and the list, "my accounts" for an owner, the account page's visits a page at a time
 * with people near the top, and labels that mean one thing.
 */
const NOW = Date.UTC(2026, 10, 23, 12);
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const card = (html: string, title: string) => {
  const start = html.indexOf(`<h2>${title}</h2>`);
  if (start < 0) return '';
  const end = html.indexOf('<section class="card', start);
  return html.slice(start, end < 0 ? undefined : end);
};
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => decode(m[1]!));
const navHref = (html: string, label: string) => decode(new RegExp(`<nav><a[\\s\\S]*?href="([^"]*)"[^>]*>${label}</a>`).exec(html.slice(html.indexOf('<nav>')))?.[1] ?? '');

async function setup(): Promise<{ t: TestApp; ids: Record<string, string>; d: DashboardClient }> {
  const t = await testApp({ now: () => NOW });
  const ids = await seedAccounts(t, NOW);
  return { t, ids, d: await signIn(t) };
}

/** A GET with the session cookie and, when given, the remembered period. */
const get = (t: TestApp, d: DashboardClient, path: string, period?: string) => t.request(path, { headers: { cookie: period ? `${d.cookie}; ${PERIOD_COOKIE}=${period}` : d.cookie } });
const rememberedOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${PERIOD_COOKIE}=`));

describe('period presets', () => {
  it('resolve to UTC days ending today: today, 7, 30 and 90 days, and this calendar quarter to date', () => {
    expect(periodOf({ period: 'today' }, NOW)).toMatchObject({ fromDay: '2026-11-23', toDay: '2026-11-23', preset: 'today', chosen: true });
    expect(periodOf({ period: '7d' }, NOW)).toMatchObject({ fromDay: '2026-11-17', toDay: '2026-11-23', preset: '7d' });
    expect(periodOf({ period: '90d' }, NOW)).toMatchObject({ fromDay: '2026-08-26', toDay: '2026-11-23' });
    expect(periodOf({ period: 'quarter' }, NOW)).toMatchObject({ fromDay: '2026-10-01', toDay: '2026-11-23', preset: 'quarter' });
    expect(periodOf({ period: 'quarter' }, Date.UTC(2026, 0, 1, 3))).toMatchObject({ fromDay: '2026-01-01', toDay: '2026-01-01' });
    // Days win over a preset; an unknown preset is the default, not chosen.
    expect(periodOf({ period: '7d', from: '2026-11-01', to: '2026-11-02' }, NOW)).toMatchObject({ fromDay: '2026-11-01', preset: null, chosen: true });
    expect(periodOf({ period: 'forever' }, NOW)).toMatchObject({ fromDay: '2026-10-25', preset: '30d', chosen: false });
    expect(periodParams(periodOf({ period: '7d' }, NOW))).toEqual({ period: '7d' });
    expect(periodParams(periodOf({ from: '2026-11-01' }, NOW))).toEqual({ from: '2026-11-01', to: '2026-11-23' });
    expect(periodParams(periodOf({}, NOW))).toEqual({});
  });

  it('are offered on every report page, the chosen one marked, the quarter named', async () => {
    const { t, ids, d } = await setup();
    for (const path of ['/app', '/app/accounts', '/app/content', '/app/channels', `/app/accounts/${encodeURIComponent(ids.Acme!)}`]) {
      const html = await (await get(t, d, `${path}${path.includes('?') ? '&' : '?'}period=7d`)).text();
      expect(html, path).toContain(`<a href="${path}?period=today"`);
      expect(html, path).toMatch(new RegExp(`<a href="${path.replace(/[?]/g, '\\?')}\\?period=7d" class="on" aria-current="true"[^>]*>7 days</a>`));
      expect(html, path).toContain('>Q4 to date</a>');
      expect(html, path).toContain('This calendar quarter so far: 2026-10-01 to today (UTC days)');
      expect(html, path).toContain('Last 7 days · 2026-11-17 – 2026-11-23');
    }
  });

  it('survive navigation: links carry the preset, and a page opened without one shows the period last chosen', async () => {
    const { t, ids, d } = await setup();
    const res = await get(t, d, '/app?period=7d');
    expect(rememberedOf(res)).toMatch(/^abm_period=7d; .*Path=\/app; HttpOnly; SameSite=Lax/i);
    const overview = await res.text();
    // The navigation and the links between pages keep it.
    for (const label of ['Overview', 'Accounts', 'Content', 'Channels']) expect(navHref(overview, label), label).toContain('period=7d');
    expect(navHref(overview, 'Live')).toBe('/app/live');
    expect(hrefs(card(overview, 'Newest target-account visits'))).toContain(`/app/accounts/${encodeURIComponent(ids.Acme!)}?period=7d`);
    expect(hrefs(overview)).toContain('/app/content?period=7d');

    // Reached from Live (no period in the URL): the remembered one; a URL that names one wins.
    const accounts = await (await get(t, d, '/app/accounts', '7d')).text();
    expect(accounts).toContain('Last 7 days · 2026-11-17 – 2026-11-23');
    expect(accounts).toContain('value="2026-11-17"');
    const custom = await get(t, d, '/app/accounts?from=2026-11-01&to=2026-11-10', '7d');
    expect(rememberedOf(custom)).toMatch(/^abm_period=2026-11-01~2026-11-10;/);
    expect(await custom.text()).toContain('value="2026-11-01"');
    expect(await (await get(t, d, '/app/content', '2026-11-01~2026-11-10')).text()).toContain('What target accounts read and downloaded · 2026-11-01 – 2026-11-10');
    // A broken remembered value is the default; a broken URL forgets the choice.
    expect(await (await get(t, d, '/app/channels', 'x~y')).text()).toContain('2026-10-25 – 2026-11-23');
    expect(rememberedOf(await get(t, d, '/app?period=bogus'))).toMatch(/^abm_period=;/);
  });

  it('is kept by filters, sorting, pagination, CSV links and the stage form', async () => {
    const { t, ids, d } = await setup();
    const html = await (await get(t, d, '/app/accounts?period=7d&target=true')).text();
    const links = hrefs(html);
    expect(links.filter((h) => h.startsWith('/app/') && h.includes('sort=')).filter((h) => !h.includes('period=7d'))).toEqual([]);
    expect(links.find((h) => h.startsWith('/api/accounts'))).toContain('from=2026-11-17&to=2026-11-23');
    // The filter form carries the preset; the preset links carry the filters.
    expect(html).toContain('<input type="hidden" name="period" value="7d"/>');
    expect(links).toContain('/app/accounts?target=true&period=90d');
    expect(links).toContain(`/app/accounts/${encodeURIComponent(ids.Acme!)}?period=7d`);
    // The stage form sends it back.
    const account = await (await get(t, d, `/app/accounts/${encodeURIComponent(ids.Acme!)}?period=7d`)).text();
    expect(account).toMatch(/<form method="post" action="[^"]*\/stage"[\s\S]*?<input type="hidden" name="period" value="7d"\/>/);
    const res = await d.post(`/app/accounts/${encodeURIComponent(ids.Acme!)}/stage`, { stage: 'opportunity', period: '7d' });
    expect(res.headers.get('location')).toBe(`/app/accounts/${encodeURIComponent(ids.Acme!)}?period=7d&ok=opportunity`);
  });
});

describe('what they read', () => {
  it('shows each newest target-account visit with its pages, intent pages marked, and a plain link to the account', async () => {
    const { t, ids, d } = await setup();
    const html = await (await get(t, d, '/app?period=7d')).text();
    const newest = card(html, 'Newest target-account visits');
    const acme = newest.slice(newest.indexOf(`data-account="${ids.Acme}"`), newest.indexOf(`data-account="${ids.Globex}"`));
    expect(acme).toContain(`<a href="/app/accounts/${encodeURIComponent(ids.Acme!)}?period=7d" class="acct-name">Acme</a>`);
    expect(acme).toMatch(/<span class="read-title" title="https:\/\/vendor.example\/pricing">Pricing<\/span><span class="badge intent"[^>]*>pricing<\/span>/);
    expect(acme).toMatch(/title="https:\/\/vendor.example\/demo">Book a demo<\/span><span class="badge intent"[^>]*>demo \/ contact<\/span>/);
    expect(acme).toMatch(/ABM whitepaper<\/span><span class="badge download"/);
    // In the last 7 days Acme read 4 pages and a download: 4 shown, the rest counted.
    expect(acme).toContain('+ 1 more');
    expect(acme).not.toContain('Product tour'); // read 9 days ago
  });

  it('shows on the accounts list what each account read, and says so for an account without a visit', async () => {
    const { t, ids, d } = await setup();
    const html = await (await get(t, d, '/app/accounts?period=7d')).text();
    const row = (id: string) => {
      const start = html.indexOf(`data-account="${id}"`);
      return html.slice(start, html.indexOf('</tr>', start));
    };
    expect(row(ids.Globex!)).toMatch(/>Pricing<\/span><span class="badge intent"/);
    expect(row(ids.Acme!)).toContain('+ 2 more');
    expect(html).toContain('<th title="Pages and downloads of the period');
    const old = await (await get(t, d, '/app/accounts?from=2026-11-14&to=2026-11-14')).text();
    expect(old).toContain('no visit in the period');
  });
});

describe('my accounts', () => {
  async function asUser(t: TestApp, email: string) {
    await t.store.createUser({ id: `u-${email}`, email, name: email, role: 'viewer', passwordHash: await hashPassword('a long passphrase'), createdAt: NOW });
    return signIn(t, { email, password: 'a long passphrase' });
  }

  it('are one click away for a user who owns target accounts, on the overview and the list', async () => {
    const { t, ids } = await setup();
    const ana = await asUser(t, 'Ana@Vendor.example');
    const overview = await (await ana.get('/app?period=7d')).text();
    const mine = decode(/<a href="([^"]*)"[^>]*data-mine="">My accounts \(2\)<\/a>/.exec(overview)![1]!);
    expect(mine).toBe('/app?period=7d&owner=ana%40vendor.example');
    const segment = await (await ana.get(mine)).text();
    expect(segment).toContain('· target accounts: my accounts</p>');
    expect(segment).toMatch(/class="on" aria-current="true" data-mine="">My accounts \(2\)/);
    const newest = card(segment, 'Newest target-account visits');
    expect(newest).toContain('>Acme</a>');
    expect(newest).toContain(`data-account="${ids.Initech}"`);
    expect(newest).not.toContain('>Globex</a>');

    const list = await (await ana.get('/app/accounts')).text();
    const listMine = decode(/<a href="([^"]*)"[^>]*data-mine="">My accounts \(2\)<\/a>/.exec(list)![1]!);
    const own = await (await ana.get(listMine)).text();
    expect([...own.matchAll(/class="acct-name">([^<]*)</g)].map((m) => m[1]).sort()).toEqual(['Acme', 'Initech']);
  });

  it('are not offered to the admin token (no e-mail) nor to a user who owns nothing', async () => {
    const { t, d } = await setup();
    expect(await (await d.get('/app')).text()).not.toContain('My accounts');
    expect(await (await d.get('/app/accounts')).text()).not.toContain('My accounts');
    const mia = await asUser(t, 'mia@vendor.example');
    expect(await (await mia.get('/app')).text()).not.toContain('My accounts');
    expect(await (await mia.get('/app/accounts')).text()).not.toContain('My accounts');
  });
});

describe('the account page', () => {
  it('pages its visits 20 at a time, newest first, keeping the period, with people near the top', async () => {
    const { t, ids, d } = await setup();
    const acme = { id: ids.Acme!, name: 'Acme', domain: 'acme.com', nameKey: 'acme', via: 'network' as const };
    const network = { class: 'business', organization: 'ACME Corporation', domain: null, source: 'account-ranges', confidence: 0.95 };
    const events: StoredEvent[] = Array.from({ length: 45 }, (_, i) => ({
      siteId: t.site.id, id: `many-${i}`, type: 'page_view', name: null, ts: NOW - 8 * DAY + i * 3 * 3_600_000, receivedAt: 0, visitor: 'many-v', session: `many-${i}`,
      url: `https://vendor.example/visit-${i}`, title: `Visit ${i}`, referrer: null, props: null, ip: null, userAgent: null, bot: false, network, account: acme, roleLevel: null, points: 1,
    }));
    await t.store.insertEvents(events);
    const path = `/app/accounts/${encodeURIComponent(ids.Acme!)}`;
    const first = await (await get(t, d, `${path}?period=30d`)).text();
    // 45 added and Acme's own 3.
    expect(first).toContain('<h2>Visits, newest first (48)</h2>');
    expect(first).toContain('Visits 1–20 of 48, newest first');
    const timeline = first.slice(first.indexOf('class="timeline"'));
    expect(timeline).toContain('Visit 44');
    expect(timeline).not.toContain('Visit 24<');
    expect(timeline.indexOf('Visit 44')).toBeLessThan(timeline.indexOf('Visit 43'));
    expect(first).toContain('<span class="off">← Newer visits</span>');
    const older = decode(/<a href="([^"]*)" rel="next">Older visits →<\/a>/.exec(first)![1]!);
    expect(older).toBe(`${path}?period=30d&visits=20#visits`);
    const second = await (await get(t, d, older.replace('#visits', ''))).text();
    expect(second).toContain('Visits 21–40 of 48, newest first');
    expect(second).toContain('Visit 24<');
    expect(decode(/<a href="([^"]*)" rel="prev">← Newer visits<\/a>/.exec(second)![1]!)).toBe(`${path}?period=30d#visits`);
    const last = await (await get(t, d, `${path}?period=30d&visits=40`)).text();
    expect(last).toContain('Visits 41–48 of 48, newest first');
    expect(last).toContain('<span class="off">Older visits →</span>');
    // A page never runs past the end, whatever the URL says.
    expect(await (await get(t, d, `${path}?visits=9999`)).text()).toContain('No visits on this page.');
    expect(await (await get(t, d, `${path}?visits=-5`)).text()).toContain('Visits 1–20 of 48');

    // People (known roles) come before what they read, the charts and the visits.
    const people = first.indexOf('<h2>People and roles reached</h2>');
    expect(people).toBeGreaterThan(0);
    expect(people).toBeLessThan(first.indexOf('<h2>What they read</h2>'));
    expect(people).toBeLessThan(first.indexOf('<h2>Score trend</h2>'));
    expect(first.slice(people, first.indexOf('<h2>What they read</h2>'))).toContain('VP Marketing');
    // What they read covers the whole period, not only the page of visits shown: the demo request
    // (yesterday, on the first page of visits) is there on the last page too.
    expect(card(last, 'What they read')).toContain('Book a demo');
    expect(card(last, 'What they read')).toMatch(/<span class="badge stage-mqa">form<\/span> <span class="mono">demo-request<\/span>/);
    expect(last.slice(last.indexOf('class="timeline"'))).not.toContain('demo-request');
  });
});

describe('one label, one meaning', () => {
  it('names views by who viewed, visits as visits, and rounds scores one way', async () => {
    const { t, d } = await setup();
    const overview = await (await get(t, d, '/app')).text();
    const top = card(overview, 'Top content among target accounts');
    expect(top).toMatch(/title="Page views \(downloads, for an asset\) by visitors from target accounts">Views by targets<\/th>/);
    expect(top).not.toMatch(/>Views<\/th>/);
    const content = await (await get(t, d, '/app/content')).text();
    expect(content).toMatch(/by every visitor, bots left out">All views<\/th>/);
    expect(content).not.toMatch(/>Views<\/th>/);
    for (const html of [overview, content, await (await get(t, d, '/app/channels')).text(), await (await get(t, d, '/app/accounts')).text()]) {
      expect(html).not.toMatch(/>Sessions</);
    }
    // Scores: one decimal, always.
    const list = await (await get(t, d, '/app/accounts')).text();
    const scores = [...list.matchAll(/<td class="num strong">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(scores.length).toBe(4);
    for (const s of scores) expect(s).toMatch(/^\d+\.\d$/);
    const newest = [...card(overview, 'Newest target-account visits').matchAll(/<td class="num">(\d+\.\d)<\/td>/g)].map((m) => m[1]);
    expect(newest.length).toBe(3);
  });
});
