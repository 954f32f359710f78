import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pageView, testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;
const hash = createHash('sha256').update('ana.lopez@pfizer.com').digest('hex');
const post = (t: Awaited<ReturnType<typeof testApp>>, body: unknown) =>
  t.admin('/api/erasure', { method: 'POST', body: JSON.stringify(body) });

async function seeded() {
  const t = await testApp();
  await t.send({
    site: t.site.key,
    events: [
      pageView({ visitor: 'visitor-ana' }),
      pageView({ visitor: 'visitor-ana', type: 'form', props: { email_domain: 'pfizer.com', email_hash: hash } }),
      pageView({ visitor: 'visitor-bob' }),
    ],
  });
  return t;
}

describe('POST /api/erasure', () => {
  it('erases by email, hashing it as the SDK does, and says what it removed', async () => {
    const t = await seeded();
    const res = await post(t, { email: '  Ana.Lopez@Pfizer.com ' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ erased: { visitors: ['visitor-ana'], events: 2, sessions: 1 } });
    expect((await t.store.newestEvents({ limit: 10 })).map((e) => e.visitor)).toEqual(['visitor-bob']);
  });

  it('erases by email hash or visitor id', async () => {
    const t = await seeded();
    expect(await json(await post(t, { email_hash: hash }))).toEqual({ erased: { visitors: ['visitor-ana'], events: 2, sessions: 1 } });
    expect(await json(await post(t, { visitor: 'visitor-bob' }))).toEqual({ erased: { visitors: ['visitor-bob'], events: 1, sessions: 1 } });
    expect(await t.store.newestEvents({ limit: 10 })).toEqual([]);
  });

  it('erases every visitor id the Events API accepts, however short', async () => {
    const t = await seeded();
    const sent = await t.send({ site: t.site.key, events: [pageView({ visitor: 'x' }), pageView({ visitor: 'a-b' })] });
    expect((await json(sent)).accepted).toBe(2);
    expect(await json(await post(t, { visitor: 'x' }))).toEqual({ erased: { visitors: ['x'], events: 1, sessions: 1 } });
    expect((await t.store.newestEvents({ limit: 10 })).map((e) => e.visitor).sort()).toEqual(['a-b', 'visitor-ana', 'visitor-ana', 'visitor-bob']);
    // One rule for both: what the Events API refuses as a visitor id, erasure refuses too.
    for (const visitor of ['', 'has space', 'x'.repeat(65), '../etc']) {
      const refused = await t.send({ site: t.site.key, events: [pageView({ visitor })] });
      expect((await json(refused)).rejected[0]?.code).toBe('invalid_visitor');
      expect((await post(t, { visitor })).status).toBe(400);
    }
  });

  it.each([[{}], [{ visitor: '' }], [{ visitor: 'a b' }], [{ visitor: 'x'.repeat(65) }], [{ email_hash: 'not-hex' }], [{ email: 'nope' }], [{ visitor: 'visitor-ana', email: 'a@b.c' }]])(
    'refuses %j with 400 and erases nothing',
    async (body) => {
      const t = await seeded();
      const res = await post(t, body);
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('invalid_subject');
      expect(await t.store.newestEvents({ limit: 10 })).toHaveLength(3);
    },
  );

  it('needs the admin token', async () => {
    const t = await seeded();
    expect((await t.request('/api/erasure', { method: 'POST', body: JSON.stringify({ visitor: 'visitor-ana' }) })).status).toBe(401);
  });
});
