import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../collector/dashboard/index.js';
import { ADMIN_TOKEN, testApp } from '../helpers.js';
import { signIn } from './helpers.js';

const NOW = Date.UTC(2026, 10, 23, 12);

async function loginForm(t: Awaited<ReturnType<typeof testApp>>) {
  const res = await t.request('/app/login');
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('abm_login='))!.split(';')[0]!;
  const field = /name="_login" value="([^"]+)"/.exec(await res.text())![1]!;
  return { cookie, field };
}

async function attempt(t: Awaited<ReturnType<typeof testApp>>, fields: Record<string, string>, ip = '203.0.113.9') {
  const { cookie, field } = await loginForm(t);
  return t.request('/app/login', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-test-client-ip': ip },
    body: new URLSearchParams({ _login: field, ...fields }).toString(),
  });
}

describe('dashboard sign-in', () => {
  it('hashes passwords with scrypt: the right one verifies, a wrong one or a mangled hash does not', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toBe(await hashPassword('correct horse battery'));
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterz', hash)).toBe(false);
    expect(await verifyPassword('correct horse battery', hash.replace('scrypt', 'md5'))).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(passwordProblem('short')).toMatch(/10 characters/);
    expect(passwordProblem('long enough, surely')).toBeNull();
  });

  it('sends signed-out pages to the login and back after it; the cookie is httpOnly and SameSite=Lax, Secure when the public URL is https', async () => {
    const t = await testApp({ now: () => NOW });
    const res = await t.request('/app/accounts?tier=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/login?next=%2Fapp%2Faccounts%3Ftier%3D1');
    expect((await t.request('/app/targets', { method: 'POST' })).status).toBe(401);

    const { cookie, field } = await loginForm(t);
    const ok = await t.request('/app/login', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _login: field, token: ADMIN_TOKEN, next: '/app/accounts?tier=1' }).toString(),
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/app/accounts?tier=1');
    const session = ok.headers.getSetCookie().find((c) => c.startsWith('abm_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Secure/); // PUBLIC_URL in the test helpers is https
    // The store keeps only a hash of the cookie's id.
    const id = session.split(';')[0]!.split('=')[1]!;
    expect(await t.store.findDashboardSession(id, NOW)).toBeUndefined();
  });

  it('never returns to another site after signing in', async () => {
    const t = await testApp({ now: () => NOW });
    for (const next of ['https://evil.example/', '//evil.example/app', '/api/accounts', 'javascript:alert(1)']) {
      const res = await attempt(t, { token: ADMIN_TOKEN, next });
      expect(res.headers.get('location')).toBe('/app');
    }
  });

  it('refuses a login form without its cookie token (another site cannot sign a browser in)', async () => {
    const t = await testApp({ now: () => NOW });
    const res = await t.request('/app/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _login: 'forged', token: ADMIN_TOKEN }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('abm_session='))).toBe(false);
  });

  it('signs users in by e-mail and password, as admin or viewer; a viewer may read the API with the cookie but not write', async () => {
    const t = await testApp({ now: () => NOW });
    await t.store.createUser({ id: 'u1', email: 'Mia@Vendor.example', name: 'Mia', role: 'viewer', passwordHash: await hashPassword('a long passphrase'), createdAt: NOW });
    expect((await attempt(t, { email: 'mia@vendor.example', password: 'wrong passphrase' })).status).toBe(401);
    const mia = await signIn(t, { email: 'MIA@vendor.example', password: 'a long passphrase' });
    expect(await (await mia.get('/app')).text()).toContain('mia@vendor.example');
    expect((await mia.get('/api/sites')).status).toBe(200);
    const write = (headers: Record<string, string>) =>
      t.request('/api/sites', { method: 'POST', headers: { cookie: mia.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'X', origins: [] }) });
    expect((await write({})).status).toBe(403);
    expect(await (await write({ 'x-csrf-token': mia.csrf })).json()).toMatchObject({ error: { code: 'forbidden' } });

    const admin = await signIn(t);
    const created = await t.request('/api/sites', { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json', 'x-csrf-token': admin.csrf }, body: JSON.stringify({ name: 'Docs', origins: ['https://docs.vendor.example'] }) });
    expect(created.status).toBe(201);
    const noCsrf = await t.request('/api/sites', { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Forged', origins: [] }) });
    expect(noCsrf.status).toBe(403);
    expect((await t.store.listSites()).map((s) => s.name).sort()).toEqual(['Docs', 'Vendor']);

    // Deleting the user signs their browsers out.
    await t.store.deleteUser('u1');
    expect((await mia.get('/app')).status).toBe(302);
  });

  it('limits failed sign-ins per address and per e-mail', async () => {
    const t = await testApp({ now: () => NOW });
    await t.store.createUser({ id: 'u1', email: 'ana@vendor.example', name: null, role: 'admin', passwordHash: await hashPassword('the right passphrase'), createdAt: NOW });
    for (let i = 0; i < 10; i++) expect((await attempt(t, { token: `guess-${i}` })).status).toBe(401);
    const limited = await attempt(t, { token: ADMIN_TOKEN });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toMatch(/Too many failed sign-ins/);
    // Another address is not held back by the first one's failures…
    expect((await attempt(t, { token: ADMIN_TOKEN }, '198.51.100.20')).status).toBe(302);
    // …but guessing one e-mail's password from many addresses is.
    for (let i = 0; i < 10; i++) expect((await attempt(t, { email: 'ana@vendor.example', password: `guess ${i}` }, `192.0.2.${i}`)).status).toBe(401);
    expect((await attempt(t, { email: 'ana@vendor.example', password: 'the right passphrase' }, '192.0.2.200')).status).toBe(429);
  });

  it('ends a session at sign-out and when it expires', async () => {
    let now = NOW;
    const t = await testApp({ now: () => now });
    const a = await signIn(t);
    expect((await a.get('/app')).status).toBe(200);
    now += 13 * 60 * 60 * 1000;
    expect((await a.get('/app')).status).toBe(302);
    const b = await signIn(t);
    expect((await b.post('/app/logout', {})).status).toBe(302);
    expect((await b.get('/app')).status).toBe(302);
  });

  it('serves pages with a strict Content-Security-Policy and no caching', async () => {
    const t = await testApp({ now: () => NOW });
    const a = await signIn(t);
    for (const path of ['/app', '/app/login']) {
      const res = path === '/app' ? await a.get(path) : await t.request(path);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const css = await t.request('/app/assets/app.css');
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect((await t.request('/app/assets/app.css', { headers: { 'if-none-match': css.headers.get('etag')! } })).status).toBe(304);
  });
});
