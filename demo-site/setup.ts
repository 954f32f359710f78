import { randomUUID } from 'node:crypto';
import { newSiteKey } from '../collector/http/index.js';
import type { Store } from '../collector/store/index.js';
import type { Site } from '../collector/schema/domain.js';

export const DEMO_SITE_NAME = 'Ledgerline (demo site)';

/** The demo site's key: created on first run, found again on every later one. */
export async function ensureDemoSite(store: Store, port: number): Promise<{ site: Site; created: boolean }> {
  const existing = (await store.listSites()).find((s) => s.name === DEMO_SITE_NAME);
  if (existing) return { site: existing, created: false };
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const site = await store.createSite({ id: randomUUID(), key: newSiteKey(), name: DEMO_SITE_NAME, origins });
  return { site, created: true };
}
