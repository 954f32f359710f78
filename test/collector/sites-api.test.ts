import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type DatabaseTarget } from '../../collector/store/index.js';
import { SITE_CACHE_TTL_MS } from '../../collector/http/site-cache.js';
import { ORIGIN, PUBLIC_URL, pageView, testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;
const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 23, 10);

async function setup() {
  let now = T;
  const t = await testApp({ now: () => now });
  return { t, clock: { get: () => now, set: (v: number) => void (now = v) } };
}
const send = (t: Awaited<ReturnType<typeof testApp>>, key: string, headers: Record<string, string> = {}) => t.send({ site: key, events: [pageView()] }, headers);
const patch = (t: Awaited<ReturnType<typeof testApp>>, id: string, body: unknown) => t.admin(`/api/sites/${id}`, { method: 'PATCH', body: typeof body === 'string' ? body : JSON.stringify(body) });
const rotate = (t: Awaited<ReturnType<typeof testApp>>, id: string, body?: unknown) =>
  t.admin(`/api/sites/${id}/rotate-key`, { method: 'POST', ...(body !== undefined && { body: JSON.stringify(body) }) });

describe('PATCH /api/sites/:id', () => {
  it('changes what it is sent and keeps the rest, with effect on the next event', async () => {
    const { t } = await setup();
    const renamed = await json(await patch(t, t.site.id, { name: '  Marketing  ' }));
    expect(renamed).toMatchObject({ id: t.site.id, key: t.site.key, name: 'Marketing', origins: [ORIGIN], server_side: false, snippet: `<script async src="${PUBLIC_URL}/s.js" data-site="${t.site.key}"></script>` });
    expect((await send(t, t.site.key)).status).toBe(202);

    // A new origin list: the old origin is refused at once, the new one taken (normalised as on create).
    const moved = await json(await patch(t, t.site.id, { origins: ['https://docs.vendor.example/guide'] }));
    expect(moved.origins).toEqual(['https://docs.vendor.example']);
    expect(moved.name).toBe('Marketing');
    expect((await send(t, t.site.key)).status).toBe(403);
    expect((await send(t, t.site.key, { origin: 'https://docs.vendor.example' })).status).toBe(202);

    // Server-side senders (no Origin header) only once allowed.
    expect((await send(t, t.site.key, { origin: '' })).status).toBe(403);
    expect((await json(await patch(t, t.site.id, { server_side: true }))).server_side).toBe(true);
    expect((await send(t, t.site.key, { origin: '' })).status).toBe(202);
    expect((await json(await t.admin(`/api/sites/${t.site.id}`))).name).toBe('Marketing');
  });

  it.each([
    ['an empty name', { name: ' ' }, /^name: is required/],
    ['an origin that is not one', { origins: ['ftp://files.example'] }, /^origins\.0: not an http\(s\) origin/],
    ['server_side that is not a boolean', { server_side: 'yes' }, /^server_side: /],
    ['a misspelt field', { orgins: [] }, /unknown field "orgins"/],
    ['nothing to change', {}, /send at least one of name, origins, server_side/],
    ['a list', [], /.+/],
  ])('refuses %s with 400 invalid_site, changing nothing', async (_, body, message) => {
    const { t } = await setup();
    const res = await patch(t, t.site.id, body);
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_site');
    expect(error.message).toMatch(message);
    expect(await t.store.siteById(t.site.id)).toMatchObject({ name: 'Vendor', origins: [ORIGIN] });
  });

  it('answers an unknown id with 404 and a body that is not JSON with 400', async () => {
    const { t } = await setup();
    const res = await patch(t, 'no-such-site', { name: 'x' });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: 'unknown_site', message: 'no site has the id "no-such-site"' } });
    const bad = await patch(t, t.site.id, '{"name":');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('invalid_json');
    expect((await t.admin('/api/sites/no-such-site')).status).toBe(404);
  });
});

describe('POST /api/sites/:id/rotate-key', () => {
  it('issues a new key and snippet; the old key works for 24 hours, then is refused', async () => {
    const { t, clock } = await setup();
    const res = await rotate(t, t.site.id);
    expect(res.status).toBe(200);
    const site = await json(res);
    expect(site.key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(site.key).not.toBe(t.site.key);
    expect(site.snippet).toContain(`data-site="${site.key}"`);
    expect(site).toMatchObject({ previous_key: t.site.key, previous_key_expires_at: new Date(T + 24 * HOUR).toISOString() });
    expect((await send(t, site.key)).status).toBe(202);
    expect((await send(t, t.site.key)).status).toBe(202);
    clock.set(T + 24 * HOUR - 1);
    expect((await send(t, t.site.key)).status).toBe(202);
    clock.set(T + 24 * HOUR);
    const refused = await send(t, t.site.key);
    expect(refused.status).toBe(404);
    expect((await json(refused)).error.code).toBe('unknown_site');
    expect((await send(t, site.key)).status).toBe(202);
    // Once the grace is over the listing no longer mentions the old key.
    const [listed] = (await json(await t.admin('/api/sites'))).sites;
    expect(listed.previous_key).toBeUndefined();
  });

  it('takes grace_hours, 0 ending the old key at once, and refuses what is out of range', async () => {
    const { t } = await setup();
    const short = await json(await rotate(t, t.site.id, { grace_hours: 1.5 }));
    expect(short.previous_key_expires_at).toBe(new Date(T + 1.5 * HOUR).toISOString());
    const now = await json(await rotate(t, t.site.id, { grace_hours: 0 }));
    expect(now.previous_key).toBeUndefined();
    expect((await send(t, short.key)).status).toBe(404);
    expect((await send(t, t.site.key)).status).toBe(404);
    expect((await send(t, now.key)).status).toBe(202);
    for (const body of [{ grace_hours: 721 }, { grace_hours: -1 }, { grace_hours: '24' }, { grace: 24 }]) {
      const res = await rotate(t, t.site.id, body);
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('invalid_rotation');
    }
    expect((await rotate(t, 'no-such-site')).status).toBe(404);
  });
});

describe('DELETE /api/sites/:id', () => {
  it('removes the site with its events and says what it removed; its key is refused from then on', async () => {
    const { t } = await setup();
    const other = await json(await t.admin('/api/sites', { method: 'POST', body: JSON.stringify({ name: 'Docs', origins: [ORIGIN] }) }));
    await t.send({ site: t.site.key, events: [pageView({ visitor: 'ana', session: 's1' }), pageView({ visitor: 'ana', session: 's1' }), pageView({ visitor: 'bob', session: 's2' })] });
    await t.send({ site: other.key, events: [pageView({ visitor: 'cy', session: 's3' })] });
    const res = await t.admin(`/api/sites/${t.site.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      deleted: { site: { id: t.site.id, name: 'Vendor' }, events: 3, sessions: 2, visitors: 2, account_days: 0, account_day_keys: 0, accounts_recounted: 0 },
    });
    expect((await json(await t.admin('/api/sites'))).sites.map((s: any) => s.name)).toEqual(['Docs']);
    expect((await json(await t.admin('/api/events'))).events.map((e: any) => e.visitor)).toEqual(['cy']);
    const refused = await send(t, t.site.key);
    expect(refused.status).toBe(404);
    expect((await json(refused)).error.code).toBe('unknown_site');
    const again = await t.admin(`/api/sites/${t.site.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect((await json(again)).error.code).toBe('unknown_site');
  });

  it('is an admin\'s: without credentials 401', async () => {
    const { t } = await setup();
    expect((await t.request(`/api/sites/${t.site.id}`, { method: 'DELETE' })).status).toBe(401);
    expect((await t.request(`/api/sites/${t.site.id}`, { method: 'PATCH', body: '{"name":"x"}' })).status).toBe(401);
    expect((await t.request(`/api/sites/${t.site.id}/rotate-key`, { method: 'POST' })).status).toBe(401);
    expect(await t.store.siteById(t.site.id)).toMatchObject({ name: 'Vendor' });
  });
});

/** Two collector processes on one database: each has its own site cache. */
const dir = mkdtempSync(join(tmpdir(), 'abm-sites-api-'));
const pgUrl = process.env.TEST_DATABASE_URL;
const pgSchema = `test_sites_api_${process.pid}_${Date.now()}`;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!pgUrl) return;
  const client = new pg.Client(pgUrl);
  await client.connect();
  await client.query(`drop schema if exists ${pgSchema} cascade`);
  await client.end();
});
const databases: [string, DatabaseTarget][] = [['sqlite', { kind: 'sqlite', path: join(dir, 'shared.db') }]];
if (pgUrl) databases.push(['postgres', { kind: 'postgres', url: pgUrl, schema: pgSchema }]);

describe.each(databases)('several collector processes (%s)', (_kind, target) => {
  it('see edits, rotations and deletions made by another within the cache lifetime, and store nothing for a deleted site meanwhile', async () => {
    let now = T;
    const one = await testApp({ store: await openStore(target), now: () => now });
    const two = await testApp({ store: await openStore(target), now: () => now, adminToken: undefined });
    try {
      const site = one.site;
      expect((await send(two, site.key)).status).toBe(202); // process two now remembers the site

      await patch(one, site.id, { origins: ['https://new.vendor.example'] });
      expect((await send(one, site.key)).status).toBe(403); // at once where the change was made
      expect((await send(two, site.key)).status).toBe(202); // the other still has it in mind…
      now += SITE_CACHE_TTL_MS;
      expect((await send(two, site.key)).status).toBe(403); // …for the cache's lifetime at most

      const rotated = await json(await rotate(one, site.id, { grace_hours: 0 }));
      const fromNew = { origin: 'https://new.vendor.example' };
      expect((await send(two, site.key, fromNew)).status).toBe(202);
      now += SITE_CACHE_TTL_MS;
      expect((await send(two, site.key, fromNew)).status).toBe(404);
      expect((await send(two, rotated.key, fromNew)).status).toBe(202);

      const stored = (await one.store.newestEvents({ limit: 100, siteId: site.id })).length;
      expect((await one.admin(`/api/sites/${site.id}`, { method: 'DELETE' })).status).toBe(200);
      // Process two still knows the key for a moment, but the store takes nothing for a deleted site.
      const late = await json(await send(two, rotated.key, fromNew));
      expect(late.accepted).toBe(0);
      expect(stored).toBeGreaterThan(0);
      expect(await two.store.newestEvents({ limit: 100, siteId: site.id })).toEqual([]);
      now += SITE_CACHE_TTL_MS;
      expect((await send(two, rotated.key, fromNew)).status).toBe(404);
    } finally {
      await one.store.close();
      await two.store.close();
    }
  });
});
