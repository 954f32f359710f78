import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { createDemoSite } from '../../demo-site/server.js';
import { freePort } from './chromium.js';

/**
 * The parts of the SDK's browser tests around Chromium: a recording proxy in front of the
 * collector, and the fixture site (test/e2e/fixtures) on an origin of its own, so every send is
 * cross-origin, as in production.
 */
export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

export interface RecordingProxy {
  /** Where pages load the tag from, and send to. */
  origin: string;
  /** Every body POSTed to /v1/events, in order of arrival. */
  arrived: string[];
  close(): void;
}

/**
 * Records every body POSTed to /v1/events, then passes all requests on to the collector.
 * Playwright sees fetch keepalive sends and beacons of a living page, but not beacons sent from a
 * page that is unloading (pagehide), though those do arrive: this sees them all.
 */
export async function startRecordingProxy(collectorUrl: string): Promise<RecordingProxy> {
  const port = await freePort();
  const arrived: string[] = [];
  const forward = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.text();
    if (req.method === 'POST' && url.pathname === '/v1/events') arrived.push(body ?? '');
    const headers = new Headers(req.headers);
    // Plain bodies (no gzip to re-encode) and no hop-by-hop headers; Origin and User-Agent go through.
    for (const h of ['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'accept-encoding']) headers.delete(h);
    const res = await fetch(`${collectorUrl}${url.pathname}${url.search}`, { method: req.method, headers, body });
    const out = new Headers(res.headers);
    for (const h of ['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']) out.delete(h);
    return new Response(req.method === 'HEAD' ? null : await res.arrayBuffer(), { status: res.status, headers: out });
  };
  const server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: forward, port, hostname: '127.0.0.1' }, () => ready(s));
  });
  return { origin: `http://127.0.0.1:${port}`, arrived, close: () => void server.close() };
}

export interface FixtureSite {
  /** e.g. http://localhost:PORT */
  origin: string;
  /** The origins a site must allow for these pages (localhost and 127.0.0.1). */
  allowedOrigins: string[];
  /** Bodies the site's own backend received at POST /contact. */
  contactPosts: string[];
  close(): void;
}

/** The fixture pages, their tag pointing at `tagOrigin` with `siteKey`, plus the site's own form backend (POST /contact). */
export async function serveFixtureSite(tagOrigin: string, siteKey: string): Promise<FixtureSite> {
  const port = await freePort();
  const pages = createDemoSite({ collectorUrl: tagOrigin, siteKey, root: FIXTURES });
  const contactPosts: string[] = [];
  const handle = async (req: Request): Promise<Response> => {
    if (req.method === 'POST' && new URL(req.url).pathname === '/contact') {
      contactPosts.push(await req.text());
      return Response.json({ ok: true });
    }
    return pages.fetch(req);
  };
  const server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: handle, port, hostname: '127.0.0.1' }, () => ready(s));
  });
  return { origin: `http://localhost:${port}`, allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`], contactPosts, close: () => void server.close() };
}
