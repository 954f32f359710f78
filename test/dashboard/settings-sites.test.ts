import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../collector/dashboard/index.js';
import { DEFAULT_SCORING } from '../../collector/accounts/index.js';
import { ORIGIN, pageView, testApp } from '../helpers.js';
import { signIn } from './helpers.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const HOUR = 3_600_000;
const location = (res: Response) => decodeURIComponent((res.headers.get('location') ?? '').replace(/\+/g, ' '));

async function setup() {
  let now = NOW;
  const t = await testApp({ now: () => now });
  const admin = await signIn(t);
  return { t, admin, setNow: (v: number) => void (now = v) };
}

describe('settings: sites', () => {
  it('edits a site through the same command as the API: partial forms, errors naming the field', async () => {
    const { t, admin } = await setup();
    const page = await (await admin.get('/app/settings')).text();
    expect(page).toContain(`action="/app/settings/sites/${t.site.id}/edit"`);
    expect(page).toContain('>Vendor</h3>');

    const saved = await admin.post(`/app/settings/sites/${t.site.id}/edit`, { name: 'Marketing site', origins: 'https://www.vendor.example/\r\nhttps://docs.vendor.example', server_side: 'on' });
    expect(saved.status).toBe(303);
    expect(location(saved)).toContain('ok=Marketing site was saved.');
    expect(location(saved)).toContain(`#site-${t.site.id}`);
    expect(await t.store.siteById(t.site.id)).toMatchObject({ name: 'Marketing site', origins: ['https://www.vendor.example', 'https://docs.vendor.example'], serverSide: true });
    // An unticked box turns server senders off again.
    await admin.post(`/app/settings/sites/${t.site.id}/edit`, { name: 'Marketing site', origins: ORIGIN });
    expect((await t.store.siteById(t.site.id))?.serverSide).toBe(false);

    const bad = await admin.post(`/app/settings/sites/${t.site.id}/edit`, { name: 'X', origins: 'not an origin' });
    expect(location(bad)).toContain('error=Not saved. Allowed origins: not an http(s) origin: not an origin.');
    const empty = await admin.post(`/app/settings/sites/${t.site.id}/edit`, { name: '  ', origins: '' });
    expect(location(empty)).toContain('error=Not saved. Name: is required.');
    expect((await t.store.siteById(t.site.id))?.name).toBe('Marketing site');
    const missing = await admin.post('/app/settings/sites/nope/edit', { name: 'x' });
    expect(location(missing)).toContain('error=Not saved. no site has the id "nope".');
  });

  it('issues a new key, shows its tag and until when the old key works, and refuses the old key after that', async () => {
    const { t, admin, setNow } = await setup();
    const res = await admin.post(`/app/settings/sites/${t.site.id}/rotate`, { grace_hours: '24' });
    expect(res.status).toBe(303);
    expect(location(res)).toContain('has a new key: put its new tag (below) on every page. The old key keeps working until 24 Nov 2026, 12:00 UTC.');
    const site = (await t.store.siteById(t.site.id))!;
    expect(site.key).not.toBe(t.site.key);
    const page = await (await admin.get('/app/settings')).text();
    expect(page).toContain(`data-site=&quot;${site.key}&quot;`);
    expect(page).not.toContain(`data-site=&quot;${t.site.key}&quot;`);
    expect(page).toMatch(new RegExp(`<span class="mono">${t.site.key}</span> still works until <time datetime="2026-11-24T12:00:00.000Z">24 Nov 2026, 12:00 UTC</time>`));

    expect((await t.send({ site: t.site.key, events: [pageView()] })).status).toBe(202);
    setNow(NOW + 24 * HOUR);
    expect((await t.send({ site: t.site.key, events: [pageView()] })).status).toBe(404);
    expect((await t.send({ site: site.key, events: [pageView()] })).status).toBe(202);
    const later = await signIn(t); // the first session has expired by now
    expect(await (await later.get('/app/settings')).text()).not.toContain('still works until');

    const now = await later.post(`/app/settings/sites/${t.site.id}/rotate`, { grace_hours: '0' });
    expect(location(now)).toContain('The old key is refused from now on.');
    expect((await t.send({ site: site.key, events: [pageView()] })).status).toBe(404);
    const bad = await later.post(`/app/settings/sites/${t.site.id}/rotate`, { grace_hours: '9999' });
    expect(location(bad)).toContain('error=No new key. Grace period: must be at most 720 (30 days).');
  });

  it('deletes a site only when its name is typed, with its events, and says what went', async () => {
    const { t, admin } = await setup();
    await t.send({ site: t.site.key, events: [pageView({ visitor: 'ana', session: 's1' }), pageView({ visitor: 'ana', session: 's1' })] });
    const wrong = await admin.post(`/app/settings/sites/${t.site.id}/delete`, { confirm: 'vendor' });
    expect(location(wrong)).toContain("error=Not deleted. Confirmation: type the site's name, Vendor, to delete it.");
    expect(await t.store.siteById(t.site.id)).toBeDefined();
    expect(await t.store.newestEvents({ limit: 5 })).toHaveLength(2);

    const res = await admin.post(`/app/settings/sites/${t.site.id}/delete`, { confirm: ' Vendor ' });
    expect(location(res)).toContain('ok=Vendor was deleted with 2 events, 1 session and 1 visitor.');
    expect(await t.store.siteById(t.site.id)).toBeUndefined();
    expect(await t.store.newestEvents({ limit: 5 })).toEqual([]);
    const page = await (await admin.get('/app/settings')).text();
    expect(page).toContain('No sites yet');
    expect((await t.send({ site: t.site.key, events: [pageView()] })).status).toBe(404);
  });

  it('offers to finish a deletion that was interrupted', async () => {
    const { t, admin } = await setup();
    await t.send({ site: t.site.key, events: Array.from({ length: 10 }, () => pageView()) });
    await expect(t.store.deleteSite(t.site.id, { pageSize: 4, onProgress: () => { throw new Error('stopped'); } })).rejects.toThrow('stopped');
    const page = await (await admin.get('/app/settings')).text();
    expect(page).toContain('did not finish');
    expect(page).toContain(`action="/app/settings/sites/${t.site.id}/delete"`);
    const res = await admin.post(`/app/settings/sites/${t.site.id}/delete`, { confirm: 'Vendor' });
    expect(location(res)).toContain('ok=Vendor was deleted with 6 events, 1 session and 1 visitor.');
    expect(await (await admin.get('/app/settings')).text()).not.toContain('did not finish');
  });

  it('shows viewers the tags but no forms, and refuses their posts', async () => {
    const { t } = await setup();
    await t.store.createUser({ id: randomUUID(), email: 'viewer@vendor.example', name: 'V', role: 'viewer', passwordHash: await hashPassword('correct horse battery'), createdAt: NOW });
    const viewer = await signIn(t, { email: 'viewer@vendor.example', password: 'correct horse battery' });
    const page = await (await viewer.get('/app/settings')).text();
    expect(page).toContain(`data-site=&quot;${t.site.key}&quot;`);
    expect(page).not.toContain('/app/settings/sites/');
    for (const action of ['edit', 'rotate', 'delete']) {
      expect((await viewer.post(`/app/settings/sites/${t.site.id}/${action}`, { name: 'x', confirm: 'Vendor' })).status).toBe(403);
    }
    expect(await t.store.siteById(t.site.id)).toMatchObject({ name: 'Vendor', key: t.site.key });
  });

  it('escapes a hostile site name everywhere it is shown', async () => {
    const { t, admin } = await setup();
    const hostile = '"><script>alert(1)</script>';
    await t.store.updateSite(t.site.id, { name: hostile });
    const html = await (await admin.get('/app/settings')).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('settings: scoring in plain words', () => {
  it('shows the configured points per action, role weights, half-life and stage thresholds', async () => {
    const rules = { ...DEFAULT_SCORING, points: { pageView: 2, pricingView: 4, download: 6, form: 7, demoForm: 13 } };
    const reading = { weights: { c_level: 3, vp: 1.75, director: 1.25, manager: 1, other: 0.5 }, halfLifeDays: 14 };
    const stages = { engagedScore: 12, engagedDays: 4, mqaScore: 40, windowDays: 21 };
    const t = await testApp({ now: () => NOW, scoring: { rules, reading, stages } });
    const html = (await (await (await signIn(t)).get('/app/settings')).text()).replace(/<!-- -->/g, '');
    const row = (label: string, value: string) => new RegExp(`<td>${label}(<div[^>]*>[^<]*</div>)?</td><td class="num">${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</td>`);
    expect(html).toMatch(row('A page view', '2 points'));
    expect(html).toMatch(row('A view of a pricing page', '4 points'));
    expect(html).toMatch(row('A download', '6 points'));
    expect(html).toMatch(row('A form sent', '7 points'));
    expect(html).toMatch(row('A demo or contact request', '13 points'));
    expect(html).toMatch(row('C-level', '× 3'));
    expect(html).toMatch(row('VP', '× 1.75'));
    expect(html).toContain('A point loses half its worth every 14 days');
    expect(html).toContain('a demo request from a VP adds 22.75 to the score today, and counts 11.38 after 14 days');
    expect(html).toContain('a score of at least 12 over the last 21 days, or visits on at least 4 days of them');
    expect(html).toContain('a score of at least 40 over the last 21 days');
    expect(html).toContain('page_view=2,pricing_view=4,download=6,form=7,demo_form=13');
    expect(html).toContain(DEFAULT_SCORING.pricingPattern.source.replace(/\\/g, '\\'));
  });
});
