import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../collector/dashboard/index.js';
import { defaultSteps } from '../../collector/enrich/index.js';
import { openStore } from '../../collector/store/index.js';
import { pageView, testApp } from '../helpers.js';
import { openAsnFixture } from '../ipdb/open-asn-fixture.js';
import { signIn } from './helpers.js';

/** The target's networks page: the evidence shown, escaped; confirm and reject through the page's forms, by admins only. */
const HOSTILE = 'Globodyne <script>alert(1)</script> & Sons';
const fixture = openAsnFixture('dash-networks', [
  ['198.51.100.0', '198.51.100.255', 64500, 'Globodyne Stores, Inc.', 'US'],
  ['203.0.113.0', '203.0.113.255', 64501, HOSTILE, 'US'],
]);

/** The flash message a form's redirect carries. */
const flash = (res: Response) => {
  const q = new URL(res.headers.get('location')!, 'http://x').searchParams;
  return q.get('ok') ?? q.get('error') ?? '';
};


async function setup() {
  const store = await openStore({ kind: 'sqlite', path: ':memory:' });
  const ident = await fixture.start(store);
  const t = await testApp({ store, steps: defaultSteps('truncate', ident.options), identification: ident });
  const admin = await signIn(t);
  const form = new FormData();
  form.set('file', new File(['domain,name,country\nglobodyne.com,Globodyne,United States\n'], 'targets.csv', { type: 'text/csv' }));
  const report = await admin.upload('/app/targets/upload', form);
  expect(report.status).toBe(200);
  const id = (await store.listTargets())[0]!.id;
  // The import's report links each account to its networks.
  const html = await report.text();
  expect(html).toContain(`/app/targets/${id}/networks`);
  // …with what it found: the home network credited, the look-alike named like it waiting for a decision.
  expect(html).toContain('1 credited · 1 to confirm');
  return { t, admin, id, store };
}

describe('dashboard: a target account\'s networks', () => {
  it('shows each network with its evidence, escaped, and the visits seen from it', async () => {
    const { t, admin, id, store } = await setup();
    expect((await store.listTargets())[0]!.country).toBe('US');
    await t.send({ site: t.site.key, events: [pageView({ visitor: 'a' })] }, { 'x-test-client-ip': '203.0.113.4' });
    const page = await admin.get(`/app/targets/${id}/networks`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Networks of Globodyne');
    expect(html).toContain('AS64500');
    expect(html).toMatch(/credited/);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('Globodyne &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons');
    expect(html).toContain('registered in US, the target&#39;s country');
    expect(html).toContain('United States');
    // The visit already seen from the look-alike network, counted in words.
    expect(html).toMatch(/1 visit · last <time/);
    // The target list links to it and shows the country.
    const list = await (await admin.get('/app/targets')).text();
    expect(list).toContain(`/app/targets/${id}/networks`);
    expect(list).toMatch(/title="United States">US</);
  });

  it('confirms and rejects through its forms, with the CSRF token, and says what moved', async () => {
    const { t, admin, id, store } = await setup();
    await t.send({ site: t.site.key, events: [pageView({ visitor: 'b' })] }, { 'x-test-client-ip': '198.51.100.4' });
    const rejected = await admin.post(`/app/targets/${id}/networks/64500`, { decision: 'reject' });
    expect(rejected.status).toBe(303);
    expect(flash(rejected)).toContain('AS64500 (Globodyne Stores, Inc.) rejected. 1 past event moved.');
    expect(await store.listNetworkDecisions(id)).toMatchObject([{ asn: 64500, decision: 'reject', decidedBy: 'admin token' }]);
    const page = await (await admin.get(`/app/targets/${id}/networks`)).text();
    expect(page).toContain('rejected');
    // Without the CSRF token: refused, nothing decided.
    const forged = await t.request(`/app/targets/${id}/networks/64500`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=confirm',
    });
    expect(forged.status).toBe(403);
    expect((await store.listNetworkDecisions(id))[0]!.decision).toBe('reject');
    // A decision that is neither is refused with a message, an unknown AS too.
    expect(flash(await admin.post(`/app/targets/${id}/networks/64500`, { decision: 'maybe' }))).toContain('Choose confirm or reject');
    expect(flash(await admin.post(`/app/targets/${id}/networks/99999`, { decision: 'confirm' }))).toContain('AS99999 is not in the network data');
  });

  it('a viewer sees the networks but cannot decide', async () => {
    const { t, id, store } = await setup();
    await t.store.createUser({ id: randomUUID(), email: 'viewer@vendor.example', name: 'Viewer', role: 'viewer', passwordHash: await hashPassword('correct horse battery'), createdAt: Date.now() });
    const viewer = await signIn(t, { email: 'viewer@vendor.example', password: 'correct horse battery' });
    const page = await (await viewer.get(`/app/targets/${id}/networks`)).text();
    expect(page).toContain('AS64500');
    expect(page).not.toContain('name="decision"');
    expect((await viewer.post(`/app/targets/${id}/networks/64500`, { decision: 'reject' })).status).toBe(403);
    expect(await store.listNetworkDecisions(id)).toEqual([]);
  });

  it('a missing target is a 404 page', async () => {
    const { admin } = await setup();
    expect((await admin.get('/app/targets/acc_nope/networks')).status).toBe(404);
  });
});
