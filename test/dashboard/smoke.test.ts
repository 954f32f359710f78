import { expect, it } from 'vitest';
import { testApp } from '../helpers.js';
import { seedAccounts, signIn } from './helpers.js';
it('smoke', async () => {
  const now = Date.UTC(2026, 10, 23, 12);
  const t = await testApp({ now: () => now });
  await seedAccounts(t, now);
  expect((await t.request('/app')).status).toBe(302);
  const d = await signIn(t);
  const res = await d.get('/app');
  expect(res.status).toBe(200);
  expect(d.csrf.length).toBeGreaterThan(10);
  const list = await (await d.get('/api/accounts?from=2026-11-10&to=2026-11-23')).json() as any;
  expect(list.accounts.map((a: any) => a.name)).toContain('Acme');
  expect((await t.request('/app/logout', { method: 'POST', headers: { cookie: d.cookie } })).status).toBe(403);
  expect((await d.post('/app/logout', {})).status).toBe(302);
  expect((await d.get('/app')).status).toBe(302);
});
