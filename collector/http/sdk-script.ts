import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';

/** The SDK files the collector serves: the tag's script `s.js` and the chunks it loads (`s-*.js`). */
export type SdkFiles = Record<string, string>;

const NAME = /^s(-[a-z]+)?\.js$/;

interface Variant {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/**
 * `GET /s.js` and its lazily loaded chunks (`/s-vitals.js`, …). Built once at start: an ETag of
 * each file's content and a gzip copy. Cached for an hour by browsers and CDNs, revalidated
 * cheaply after that (304). CORS-open: chunks are fetched with import(), which needs it.
 */
export function sdkScriptRoutes(files: SdkFiles): Hono {
  const served = new Map<string, { plain: Variant; gzip: Variant }>();
  for (const [name, content] of Object.entries(files)) {
    if (!NAME.test(name)) continue;
    const hash = createHash('sha256').update(content).digest('base64url').slice(0, 22);
    served.set(name, {
      plain: { body: new Uint8Array(Buffer.from(content)), etag: `"${hash}"` },
      gzip: { body: new Uint8Array(gzipSync(content, { level: 9 })), etag: `"${hash}-gz"` },
    });
  }
  const app = new Hono();
  app.get('/:file{s(-[a-z]+)?\\.js}', (c, next) => {
    const file = served.get(c.req.param('file'));
    if (!file) return next();
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const variant = gzip ? file.gzip : file.plain;
    c.header('Cache-Control', 'public, max-age=3600, stale-while-revalidate=86400');
    c.header('Vary', 'Accept-Encoding');
    c.header('ETag', variant.etag);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    const inm = c.req.header('if-none-match');
    if (inm && (inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === variant.etag))) {
      return c.body(null, 304);
    }
    c.header('Content-Type', 'application/javascript; charset=utf-8');
    if (gzip) c.header('Content-Encoding', 'gzip');
    return c.body(variant.body);
  });
  return app;
}
