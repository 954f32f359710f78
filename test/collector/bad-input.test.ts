import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { pageView, testApp, type TestApp } from '../helpers.js';

/**
 * The collector faces the open internet. Every malformed request gets a 4xx with the error shape
 * or a per-event rejection, never a 5xx; the good events of a mixed batch are all kept, exactly.
 */
const json = async (res: Response) => (await res.json()) as any;
const deep = (levels: number) => {
  let s = '1';
  for (let i = 0; i < levels; i++) s = `{"a":${s}}`;
  return s;
};

describe('bad input', () => {
  const requests: [string, (key: string) => string | undefined, number, string][] = [
    ['an empty body', () => '', 400, 'invalid_json'],
    ['whitespace', () => '   ', 400, 'invalid_json'],
    ['a JSON array', () => '[]', 400, 'invalid_envelope'],
    ['a JSON string', () => '"hello"', 400, 'invalid_envelope'],
    ['null', () => 'null', 400, 'invalid_envelope'],
    ['a numeric site key', () => '{"site": 42, "events": [{}]}', 400, 'invalid_envelope'],
    ['events as an object', (k) => `{"site": "${k}", "events": {"0": {}}}`, 400, 'invalid_envelope'],
    ['a 10,000-event batch', (k) => JSON.stringify({ site: k, events: Array.from({ length: 10_000 }, () => ({})) }), 413, 'too_many_events'],
    ['a 10,000-event batch over the body limit', (k) => JSON.stringify({ site: k, events: Array.from({ length: 10_000 }, () => pageView()) }), 413, 'payload_too_large'],
    ['20,000 levels of nesting', (k) => `{"site": "${k}", "events": [${deep(20_000)}]}`, 413, 'payload_too_large'],
    ['a NUL-ridden site key', () => '{"site": "k\\u0000ey", "events": [{}]}', 404, 'unknown_site'],
    ['an invalid UTF-8 body', () => undefined, 400, 'invalid_json'],
  ];
  for (const [what, body, status, code] of requests) {
    it(`${what} → ${status} ${code}`, async () => {
      const t = await testApp();
      const raw = body(t.site.key);
      const res = await t.request('/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://www.vendor.example' },
        body: raw ?? new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      });
      expect(res.status).toBe(status);
      expect((await json(res)).error).toEqual({ code, message: expect.any(String) });
      // Still up, and still right: a good batch goes through afterwards.
      expect((await json(await t.send({ site: t.site.key, events: [pageView()] }))).accepted).toBe(1);
    });
  }

  it('refuses 10,000 events by count when the body limit allows them', async () => {
    const t = await testApp({ maxBodyBytes: 10 * 1024 * 1024 });
    const res = await t.send({ site: t.site.key, events: Array.from({ length: 10_000 }, () => pageView()) });
    expect([res.status, (await json(res)).error.code]).toEqual([413, 'too_many_events']);
    expect(await t.store.newestEvents({ limit: 1 })).toHaveLength(0);
  });

  it('rejects bad events one by one and keeps every good one, exactly', async () => {
    const t = await testApp({ maxBodyBytes: 1024 * 1024 });
    const good = [pageView(), pageView({ props: { a: { b: { c: 'deep enough' } } } }), pageView({ title: '日本語 🚀 Ünïcödé' })];
    const res = await t.send({
      site: t.site.key,
      events: [
        good[0],
        pageView({ ts: -1 }),
        pageView({ ts: 1e20 }),
        pageView({ ts: '1763900000000' }),
        pageView({ ts: 253402300800000 }),
        pageView({ id: 'short' }),
        pageView({ id: '../../etc/passwd' }),
        pageView({ url: 'x'.repeat(5000) }),
        pageView({ url: `https://a.example/${'x'.repeat(5000)}` }),
        good[1],
        pageView({ props: JSON.parse(`{"p": ${deep(10)}}`) }),
        pageView({ props: JSON.parse('{"__proto__": {"polluted": true}}') }),
        pageView({ props: JSON.parse('{"a": {"__proto__": {"polluted": true}}}') }),
        pageView({ props: { big: 'x'.repeat(9000) } }),
        pageView({ props: [1, 2] }),
        pageView({ visitor: 'has spaces' }),
        null,
        42,
        good[2],
      ],
    });
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body.accepted).toBe(3);
    expect(body.rejected.map((r: any) => r.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(body.rejected.map((r: any) => r.code)).toEqual([
      'invalid_ts', 'invalid_ts', 'invalid_ts', 'invalid_ts', 'invalid_id', 'invalid_id', 'invalid_url', 'invalid_url',
      'invalid_props', 'invalid_props', 'invalid_props', 'invalid_props', 'invalid_props', 'invalid_visitor', 'invalid_event', 'invalid_event',
    ]);
    const stored = await t.store.newestEvents({ limit: 50 });
    expect(stored.map((e) => e.id).sort()).toEqual(good.map((e) => e.id).sort());
    expect(({} as any).polluted).toBeUndefined();
    expect(stored.find((e) => e.id === good[2]!.id)?.title).toBe('日本語 🚀 Ünïcödé');
  });

  it('refuses props 20,000 levels deep as one event, keeping its batch', async () => {
    const t = await testApp({ maxBodyBytes: 1024 * 1024 });
    const good = JSON.stringify(pageView());
    const bad = JSON.stringify(pageView({ props: 'PLACEHOLDER' })).replace('"PLACEHOLDER"', `{"p": ${deep(20_000)}}`);
    const res = await t.send(`{"site": "${t.site.key}", "events": [${good}, ${bad}]}`);
    expect(res.status).toBe(202);
    expect(await json(res)).toMatchObject({ accepted: 1, rejected: [{ index: 1, code: 'invalid_props' }] });
  });

  it('cleans NUL bytes and lone surrogates inside props', async () => {
    const t = await testApp();
    await t.send({ site: t.site.key, events: [pageView({ props: { note: 'a\u0000b\uDC00', list: ['\u0000x'] } })] });
    const [stored] = await t.store.newestEvents({ limit: 1 });
    expect(stored?.props).toEqual({ note: 'ab\uFFFD', list: ['x'] });
  });

  it('counts resends as duplicates, exactly, across mixed batches', async () => {
    const t = await testApp();
    const a = pageView();
    const b = pageView();
    expect(await json(await t.send({ site: t.site.key, events: [a, pageView({ url: 'nope' })] }))).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await json(await t.send({ site: t.site.key, events: [a, b, b, pageView({ ts: -5 })] }))).toMatchObject({ accepted: 1, duplicates: 2 });
    expect(await t.store.newestEvents({ limit: 10 })).toHaveLength(2);
  });
});

/** One POST over a real socket; `chunks` are written one by one with chunked transfer encoding. */
function postChunked(port: number, chunks: string[]): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', agent: false, method: 'POST', path: '/v1/events', headers: { 'content-type': 'text/plain', origin: 'https://www.vendor.example' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    // The server may answer and close before the sender has finished writing.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('bodies without a Content-Length, over a real socket', () => {
  const withServer = async (work: (port: number, t: TestApp) => Promise<void>) => {
    const t = await testApp({ maxBodyBytes: 64 * 1024 });
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      await work((server.address() as AddressInfo).port, t);
    } finally {
      (server as import('node:http').Server).closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  };

  it('reads a chunked batch in pieces and stores it', () =>
    withServer(async (port, t) => {
      const body = JSON.stringify({ site: t.site.key, events: [pageView(), pageView()] });
      const res = await postChunked(port, [body.slice(0, 10), body.slice(10, 50), body.slice(50)]);
      expect([res.status, res.body.accepted]).toEqual([202, 2]);
    }));

  it('stops reading a chunked body as soon as it passes the limit: 413, and the server stays up', () =>
    withServer(async (port, t) => {
      const piece = 'x'.repeat(16 * 1024);
      const res = await postChunked(port, [`{"site": "${t.site.key}", "events": [`, ...Array.from({ length: 10 }, () => piece)]);
      expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
      const ok = await postChunked(port, [JSON.stringify({ site: t.site.key, events: [pageView()] })]);
      expect(ok.body.accepted).toBe(1);
    }));
});
