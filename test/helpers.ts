import { randomUUID } from 'node:crypto';
import { createApp, type AppDeps } from '../collector/http/index.js';
import { openStore, type Store } from '../collector/store/index.js';
import type { Site } from '../collector/schema/domain.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const ORIGIN = 'https://www.vendor.example';
export const PUBLIC_URL = 'https://abm.vendor.example';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: Store;
  site: Site;
  request(path: string, init?: RequestInit): Promise<Response>;
  admin(path: string, init?: RequestInit): Promise<Response>;
  send(body: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** A collector on an in-memory SQLite store, with one site allowing ORIGIN. */
export async function testApp(deps: Partial<AppDeps> = {}): Promise<TestApp> {
  const store = deps.store ?? (await openStore({ kind: 'sqlite', path: ':memory:' }));
  const site = await store.createSite({ id: randomUUID(), key: `key${randomUUID().slice(0, 8)}`, name: 'Vendor', origins: [ORIGIN] });
  const app = createApp({
    store,
    sdk: { 's.js': 'console.log("sdk")' },
    publicUrl: PUBLIC_URL,
    adminToken: ADMIN_TOKEN,
    clientIp: (c) => c.req.header('x-test-client-ip'),
    ...deps,
  });
  const request = async (path: string, init?: RequestInit) => app.request(path, init);
  return {
    app,
    store,
    site,
    request,
    admin: (path, init = {}) =>
      request(path, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(init.headers as Record<string, string>) } }),
    send: (body, headers = {}) =>
      request('/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

let counter = 0;
/** A valid page_view event; override any field. */
export function pageView(over: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    id: `evt-${Date.now()}-${counter}`,
    type: 'page_view',
    ts: 1_763_900_000_000 + counter,
    visitor: 'visitor-1',
    url: `${ORIGIN}/pricing`,
    title: 'Pricing',
    referrer: 'https://www.google.com/',
    ...over,
  };
}
