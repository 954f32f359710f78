import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../collector/dashboard/index.js';
import { testApp } from '../helpers.js';
import { signIn } from './helpers.js';

const NOW = Date.UTC(2026, 10, 23, 12);

describe('API tokens made for users', () => {
  it('are made in the dashboard, shown once, act with their user role on the admin API, and stop at revocation', async () => {
    const t = await testApp({ now: () => NOW });
    await t.store.createUser({ id: 'u-admin', email: 'ops@vendor.example', name: null, role: 'admin', passwordHash: await hashPassword('a long passphrase'), createdAt: NOW });
    await t.store.createUser({ id: 'u-view', email: 'mia@vendor.example', name: null, role: 'viewer', passwordHash: await hashPassword('a long passphrase'), createdAt: NOW });
    const admin = await signIn(t);
    const make = async (user: string, name: string) => {
      const res = await admin.post('/app/settings/tokens', { user_id: user, name });
      expect(res.status).toBe(200);
      const html = await res.text();
      return /<pre class="snippet" id="new-token">(abm_[\w-]+)<\/pre>/.exec(html)![1]!;
    };
    const opsToken = await make('u-admin', 'CRM sync');
    const miaToken = await make('u-view', 'Reporting');
    // Shown once: the list has names and users, never the token.
    const list = await (await admin.get('/app/settings/tokens')).text();
    expect(list).toContain('CRM sync');
    expect(list).not.toContain(opsToken);
    const bearer = (token: string, init: RequestInit = {}) => t.request('/api/sites', { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
    expect((await bearer(opsToken)).status).toBe(200);
    expect((await bearer(opsToken, { method: 'POST', body: JSON.stringify({ name: 'Docs', origins: [] }) })).status).toBe(201);
    expect((await bearer(miaToken)).status).toBe(200);
    const refused = await bearer(miaToken, { method: 'POST', body: JSON.stringify({ name: 'Nope', origins: [] }) });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await bearer('abm_not-a-token')).status).toBe(401);
    expect((await t.store.listApiTokens()).find((x) => x.name === 'CRM sync')?.lastUsedAt).toBe(NOW);
    // Revoked: refused at once. Deleting a user revokes theirs.
    const id = (await t.store.listApiTokens()).find((x) => x.name === 'CRM sync')!.id;
    expect((await admin.post(`/app/settings/tokens/${id}/revoke`, {})).status).toBe(303);
    expect((await bearer(opsToken)).status).toBe(401);
    await t.store.deleteUser('u-view');
    expect((await bearer(miaToken)).status).toBe(401);
    // Viewers cannot make tokens; a post without CSRF is refused.
    await t.store.createUser({ id: 'u-view2', email: 'lou@vendor.example', name: null, role: 'viewer', passwordHash: await hashPassword('a long passphrase'), createdAt: NOW });
    const viewer = await signIn(t, { email: 'lou@vendor.example', password: 'a long passphrase' });
    expect((await viewer.get('/app/settings/tokens')).status).toBe(403);
    expect((await viewer.post('/app/settings/tokens', { user_id: 'u-view2', name: 'mine' })).status).toBe(403);
    expect((await t.request('/app/settings/tokens', { method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'user_id=u-admin&name=x' })).status).toBe(403);
  });
});
