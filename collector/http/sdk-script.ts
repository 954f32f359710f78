import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';

/**
 * `GET /s.js`: the tag's script. Built once at start: an ETag of its content, a gzip copy.
 * Cached for an hour by browsers and CDNs, revalidated cheaply after that (304).
 */
export function sdkScriptRoutes(script: string): Hono {
  const hash = createHash('sha256').update(script).digest('base64url').slice(0, 22);
  const plain = { body: Buffer.from(script), etag: `"${hash}"` };
  const gzip = { body: gzipSync(script, { level: 9 }), etag: `"${hash}-gz"` };
  const app = new Hono();
  app.get('/s.js', (c) => {
    const variant = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '') ? gzip : plain;
    c.header('Cache-Control', 'public, max-age=3600, stale-while-revalidate=86400');
    c.header('Vary', 'Accept-Encoding');
    c.header('ETag', variant.etag);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('X-Content-Type-Options', 'nosniff');
    const inm = c.req.header('if-none-match');
    if (inm && (inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === variant.etag))) {
      return c.body(null, 304);
    }
    c.header('Content-Type', 'application/javascript; charset=utf-8');
    if (variant === gzip) c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(variant.body));
  });
  return app;
}
