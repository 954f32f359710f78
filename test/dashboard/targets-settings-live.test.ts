import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../collector/dashboard/index.js';
import { PUBLIC_URL, testApp, type TestApp } from '../helpers.js';
import { seedAccounts, signIn, type DashboardClient } from './helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

const NOW = Date.UTC(2026, 10, 23, 12);
const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)>';

async function setup(extra: { hostile?: string } = {}) {
  const t = await testApp({ now: () => NOW });
  const ids = await seedAccounts(t, NOW, extra);
  const admin = await signIn(t);
  return { t, ids, admin };
}

async function addUser(t: TestApp, role: 'admin' | 'viewer', email = `${role}@vendor.example`, password = 'correct horse battery') {
  await t.store.createUser({ id: randomUUID(), email, name: role, role, passwordHash: await hashPassword(password), createdAt: NOW });
  return signIn(t, { email, password });
}

const location = (res: Response) => decodeURIComponent((res.headers.get('location') ?? '').replace(/\+/g, ' '));
const csvForm = (csv: string, asFile = true) => {
  const form = new FormData();
  if (asFile) form.set('file', new File([csv], 'targets.csv', { type: 'text/csv' }));
  else form.set('csv', csv);
  return form;
};
const expectEscaped = (html: string) => {
  expect(html).not.toContain('<script>alert');
  expect(html).not.toContain('<img src=x');
  expect(html).not.toMatch(/href="\s*javascript:/i);
};

describe('target list', () => {
  it('lists the targets with links to their account pages', async () => {
    const { ids, admin } = await setup();
    const res = await admin.get('/app/targets');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/app/accounts/${encodeURIComponent(ids.Acme!)}"`);
    expect(html).toContain('globex.com');
    expect(html).toContain('ana@vendor.example');
    expect(html).toContain('enctype="multipart/form-data"');
  });

  it('imports an uploaded CSV and reports each row, the bad one with its reason', async () => {
    const { t, admin } = await setup();
    const csv = 'domain,name,tier,owner_email,aliases\npiedpiper.com,Pied Piper,1,gavin@vendor.example,PP Inc.;Pied Piper XYZ\nnot a domain!,Broken,2,,\nacme.com,Acme Corporation,1,,\n';
    const res = await admin.upload('/app/targets/upload', csvForm(csv));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/result-created">created/);
    expect(html).toMatch(/result-updated">updated/);
    expect(html).toMatch(/result-rejected">rejected/);
    expect(html).toContain('is not a domain name');
    const targets = await t.store.listTargets();
    const piper = targets.find((a) => a.domain === 'piedpiper.com');
    expect(piper).toMatchObject({ name: 'Pied Piper', tier: '1', owner: 'gavin@vendor.example', aliases: ['PP Inc.', 'Pied Piper XYZ'] });
    expect(targets.find((a) => a.domain === 'acme.com')?.name).toBe('Acme Corporation');
    expect(targets.some((a) => a.name === 'Broken')).toBe(false);

    // Pasted rows work too; nothing importable is a 400 with the report.
    const pasted = await admin.upload('/app/targets/upload', csvForm('domain,name,tier,owner_email,aliases\numbrella.com,Umbrella,3,,', false));
    expect(pasted.status).toBe(200);
    expect((await t.store.listTargets()).some((a) => a.domain === 'umbrella.com')).toBe(true);
    const bad = await admin.upload('/app/targets/upload', csvForm('domain,name,tier,owner_email,aliases\n,,1,nobody,'));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('a row needs a name or a domain');
    const empty = await admin.upload('/app/targets/upload', new FormData());
    expect(empty.status).toBe(303);
    expect(location(empty)).toContain('error=Choose a CSV file');

    // The admin API's own checks: a misspelt column refuses the upload, naming it; semicolons are read; every problem of a row is shown with its line.
    const misspelt = await admin.upload('/app/targets/upload', csvForm('domain,name,tier,owner_emial\nhooli.com,Hooli,1,bill@vendor.example\n'));
    expect(misspelt.status).toBe(303);
    expect(location(misspelt)).toMatch(/error=Nothing was imported: .*owner_emial.*did you mean owner_email/);
    expect((await t.store.listTargets()).some((a) => a.domain === 'hooli.com')).toBe(false);
    const semicolons = await admin.upload('/app/targets/upload', csvForm('domain;name;tier;owner_email;aliases\nhooli.com;Hooli;2;;\nnot a domain!;;7;nobody;\n'));
    expect(semicolons.status).toBe(200);
    const report = await semicolons.text();
    expect((await t.store.listTargets()).find((a) => a.domain === 'hooli.com')?.tier).toBe('2');
    expect(report).toContain('is not a domain name');
    expect(report).toMatch(/tier[^<]*7|7[^<]*tier/i);
    expect(report).toContain('<td class="num">3</td>');
  });

  it('adds, edits, sets the stage of and removes one account', async () => {
    const { t, admin } = await setup();
    const add = await admin.post('/app/targets/add', { domain: 'https://www.Soylent.com/', name: 'Soylent', tier: '2', owner_email: 'ana@vendor.example', aliases: 'Soylent Corp; Soylent Green' });
    expect(add.status).toBe(303);
    expect(location(add)).toContain('ok=Soylent was added');
    let soylent = (await t.store.listTargets()).find((a) => a.domain === 'soylent.com')!;
    expect(soylent).toMatchObject({ name: 'Soylent', tier: '2', aliases: ['Soylent Corp', 'Soylent Green'] });

    const invalid = await admin.post('/app/targets/add', { domain: '', name: 'X', owner_email: 'not-an-email' });
    expect(location(invalid)).toContain('error=Not added: owner_email');

    const form = await admin.get(`/app/targets/${encodeURIComponent(soylent.id)}/edit`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('value="Soylent"');
    const edit = await admin.post(`/app/targets/${encodeURIComponent(soylent.id)}/edit`, { domain: 'elsewhere.com', name: 'Soylent Industries', tier: '1', owner_email: '', aliases: '' });
    expect(edit.status).toBe(303);
    expect(location(edit)).toContain('ok=Soylent Industries was saved');
    soylent = (await t.store.listTargets()).find((a) => a.id === soylent.id)!;
    // The domain identifies the account: it stays.
    expect(soylent).toMatchObject({ domain: 'soylent.com', name: 'Soylent Industries', tier: '1', owner: null, aliases: [] });

    const stage = await admin.post(`/app/targets/${encodeURIComponent(soylent.id)}/stage`, { stage: 'opportunity', reason: 'Deal in CRM' });
    expect(stage.status).toBe(303);
    expect((await t.store.listTargets()).find((a) => a.id === soylent.id)?.stage).toBe('opportunity');
    expect((await t.store.stageChanges({ accountId: soylent.id, limit: 5 }))[0]).toMatchObject({ from: 'unaware', to: 'opportunity', reason: 'Deal in CRM' });
    const wrong = await admin.post(`/app/targets/${encodeURIComponent(soylent.id)}/stage`, { stage: 'won' });
    expect(location(wrong)).toContain('error=The stage must be one of');

    const remove = await admin.post(`/app/targets/${encodeURIComponent(soylent.id)}/remove`, {});
    expect(remove.status).toBe(303);
    expect((await t.store.listTargets()).some((a) => a.id === soylent.id)).toBe(false);
    expect(await (await admin.get('/app/targets')).text()).toContain('data-confirm=');
  });

  it('keeps a domainless account by its name key when editing', async () => {
    const { t, admin } = await setup();
    await admin.post('/app/targets/add', { name: 'Vandelay Industries' });
    const vandelay = (await t.store.listTargets()).find((a) => a.name === 'Vandelay Industries')!;
    const renamed = await admin.post(`/app/targets/${encodeURIComponent(vandelay.id)}/edit`, { name: 'Kramerica' });
    expect(location(renamed)).toContain('error=Not saved: without a domain');
    const taken = await admin.post(`/app/targets/${encodeURIComponent(vandelay.id)}/edit`, { name: 'Vandelay Industries', domain: 'acme.com' });
    expect(location(taken)).toContain('already belongs to the account Acme');
    const ok = await admin.post(`/app/targets/${encodeURIComponent(vandelay.id)}/edit`, { name: 'Vandelay Industries', domain: 'vandelay.com' });
    expect(location(ok)).toContain('ok=');
    expect((await t.store.listTargets()).find((a) => a.id === vandelay.id)?.domain).toBe('vandelay.com');
  });

  it('refuses a POST without the CSRF token, and viewers', async () => {
    const { t, admin } = await setup();
    const before = (await t.store.listTargets()).length;
    const noToken = await t.request('/app/targets/add', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ domain: 'evil.com', name: 'Evil' }).toString(),
    });
    expect(noToken.status).toBe(403);
    const upload = csvForm('domain,name\nevil2.com,Evil');
    upload.set('_csrf', 'wrong');
    expect((await admin.upload('/app/targets/upload', upload)).status).toBe(403);
    expect((await t.store.listTargets()).length).toBe(before);

    const viewer = await addUser(t, 'viewer');
    const acme = (await t.store.listTargets()).find((a) => a.domain === 'acme.com')!;
    const refused = [
      await viewer.post('/app/targets/add', { domain: 'evil.com', name: 'Evil' }),
      await viewer.upload('/app/targets/upload', csvForm('domain,name\nevil3.com,Evil')),
      await viewer.post(`/app/targets/${encodeURIComponent(acme.id)}/edit`, { name: 'Pwned' }),
      await viewer.post(`/app/targets/${encodeURIComponent(acme.id)}/stage`, { stage: 'customer' }),
      await viewer.post(`/app/targets/${encodeURIComponent(acme.id)}/remove`, {}),
      await viewer.post('/app/settings/sites', { name: 'Evil', origins: '' }),
      await viewer.post('/app/settings/users', { email: 'evil@vendor.example', role: 'admin', password: 'long enough password' }),
    ];
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 403));
    const after = await t.store.listTargets();
    expect(after.length).toBe(before);
    expect(after.find((a) => a.id === acme.id)).toMatchObject({ name: 'Acme', stage: acme.stage });
    expect((await t.store.listSites()).length).toBe(1);
    expect(await t.store.findUser({ email: 'evil@vendor.example' })).toBeUndefined();
    // A viewer reads the list without the forms.
    const page = await (await viewer.get('/app/targets')).text();
    expect(page).toContain('Acme');
    expect(page).not.toContain('action="/app/targets/add"');
    expect((await viewer.get(`/app/targets/${encodeURIComponent(acme.id)}/edit`)).status).toBe(403);
  });
});

describe('settings', () => {
  it("shows each site's tag with its key, and adds a site", async () => {
    const { t, admin } = await setup();
    const html = await (await admin.get('/app/settings')).text();
    const tag = `&lt;script async src=&quot;${PUBLIC_URL}/s.js&quot; data-site=&quot;${t.site.key}&quot;&gt;&lt;/script&gt;`;
    expect(html).toContain(tag);
    const id = /<pre class="snippet" id="([^"]+)"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain(`data-copy="${id}"`);
    expect(html).toContain('SCORE_HALF_LIFE_DAYS');
    expect(html).toContain('No IP database is loaded');

    const bad = await admin.post('/app/settings/sites', { name: 'Docs', origins: 'ftp://docs.example.com' });
    expect(location(bad)).toContain('error=Site not added. Allowed origins');
    const res = await admin.post('/app/settings/sites', { name: 'Docs', origins: 'https://docs.example.com/path\r\nhttps://help.example.com' });
    expect(res.status).toBe(303);
    const docs = (await t.store.listSites()).find((s) => s.name === 'Docs')!;
    expect(docs.origins).toEqual(['https://docs.example.com', 'https://help.example.com']);
    expect(await (await admin.get('/app/settings')).text()).toContain(`data-site=&quot;${docs.key}&quot;`);
  });

  it('lists loaded IP databases', async () => {
    const databases = [{ type: 'GeoLite2-ASN', kind: 'asn', path: '/data/GeoLite2-ASN.mmdb', builtAt: new Date(NOW - 86_400_000), loadedAt: new Date(NOW) }];
    const t = await testApp({ now: () => NOW, identification: { refresh: async () => {}, databases } });
    const html = await (await (await signIn(t)).get('/app/settings')).text();
    expect(html).toContain('GeoLite2-ASN');
    expect(html).toContain('/data/GeoLite2-ASN.mmdb');
    // Built is a day; loaded is a moment, shown as every moment is (relative, the absolute time on hover).
    expect(html).toContain(`<td>${new Date(NOW - 86_400_000).toISOString().slice(0, 10)}</td>`);
    expect(html).toContain(`<time datetime="${new Date(NOW).toISOString()}" title="`);
  });

  it('adds a user who can then sign in, rejects short passwords and duplicates, deletes users', async () => {
    const { t, admin } = await setup();
    const short = await admin.post('/app/settings/users', { email: 'new@vendor.example', name: 'New', role: 'viewer', password: 'short' });
    expect(location(short)).toContain('error=User not added: a password needs at least 10 characters');
    expect(await t.store.findUser({ email: 'new@vendor.example' })).toBeUndefined();
    expect(location(await admin.post('/app/settings/users', { email: 'nope', role: 'viewer', password: 'long enough password' }))).toContain('error=');
    expect(location(await admin.post('/app/settings/users', { email: 'x@vendor.example', role: 'owner', password: 'long enough password' }))).toContain('error=');

    const add = await admin.post('/app/settings/users', { email: 'New@Vendor.example', name: 'New person', role: 'viewer', password: 'long enough password' });
    expect(add.status).toBe(303);
    expect(location(add)).toContain('ok=');
    const user = await t.store.findUser({ email: 'new@vendor.example' });
    expect(user).toMatchObject({ role: 'viewer', name: 'New person', createdAt: NOW });
    expect(user!.passwordHash).not.toContain('long enough password');
    const again = await admin.post('/app/settings/users', { email: 'new@vendor.example', role: 'admin', password: 'another long password' });
    expect(location(again)).toContain('already exists');

    const session = await signIn(t, { email: 'new@vendor.example', password: 'long enough password' });
    const viewerPage = await (await session.get('/app/settings')).text();
    expect(viewerPage).not.toContain('action="/app/settings/users"');
    expect(viewerPage).not.toContain('action="/app/settings/sites"');

    const list = await (await admin.get('/app/settings')).text();
    expect(list).toContain('new@vendor.example');
    const del = await admin.post(`/app/settings/users/${encodeURIComponent(user!.id)}/delete`, {});
    expect(del.status).toBe(303);
    expect(await t.store.findUser({ id: user!.id })).toBeUndefined();
    expect((await session.get('/app/settings')).status).toBe(302);
  });

  it('will not let an admin delete themselves', async () => {
    const { t } = await setup();
    const me: DashboardClient = await addUser(t, 'admin');
    const user = await t.store.findUser({ email: 'admin@vendor.example' });
    const res = await me.post(`/app/settings/users/${encodeURIComponent(user!.id)}/delete`, {});
    expect(location(res)).toContain('error=You cannot delete yourself');
    expect(await t.store.findUser({ id: user!.id })).toBeDefined();
  });
});

// The live view's own tests are in live.test.ts; its escaping is checked below with the other pages.

describe('hostile data', () => {
  it('renders escaped on the target list, settings and live pages', async () => {
    const { t, admin } = await setup({ hostile: HOSTILE });
    const base = { siteId: t.site.id, name: HOSTILE, title: HOSTILE, receivedAt: NOW, referrer: null, ip: null, userAgent: null, bot: false, visitor: HOSTILE, session: null, network: null, account: null };
    const events: StoredEvent[] = [
      { ...base, id: 'js-url', type: 'page_view', ts: NOW, url: 'javascript:alert(1)', props: null },
      { ...base, id: 'js-href', type: 'download', ts: NOW, url: 'https://vendor.example/', props: { href: 'javascript:alert(2)', text: HOSTILE } },
      { ...base, id: 'custom', type: 'custom', ts: NOW, url: 'https://vendor.example/', props: null },
    ];
    await t.store.insertEvents(events);
    await t.store.createSite({ id: randomUUID(), key: 'k', name: HOSTILE, origins: [] });
    await t.store.createUser({ id: randomUUID(), email: 'x@vendor.example', name: HOSTILE, role: 'viewer', passwordHash: await hashPassword('long enough password'), createdAt: NOW });

    const acme = (await t.store.listTargets()).find((a) => a.domain === 'initech.com')!;
    for (const path of ['/app/targets', `/app/targets/${encodeURIComponent(acme.id)}/edit`, '/app/settings', '/app/live', '/app/live/rows', `/app/targets?error=${encodeURIComponent(HOSTILE)}`]) {
      const res = await admin.get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expectEscaped(html);
      if (path !== '/app/live/rows') expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const report = await admin.upload('/app/targets/upload', csvForm(`domain,name,tier,owner_email,aliases\nhostile.com,"${HOSTILE.replace(/"/g, '""')}",1,,\n`));
    expectEscaped(await report.text());
  });
});
