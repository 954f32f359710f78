import { join } from 'node:path';
import { parseConfig } from '../../collector/config.js';
import { startCollector, type RunningCollector } from '../../collector/main.js';
import { seedAccounts } from '../dashboard/helpers.js';
import type { TestApp } from '../helpers.js';
import { freePort } from './chromium.js';
import type { Site } from '../../collector/schema/domain.js';

export interface SeededCollector {
  collector: RunningCollector;
  site: Site;
  /** The target accounts' ids by name (seedAccounts). */
  ids: Record<string, string>;
  /** The moment the seed's history ends at. */
  now: number;
}

/**
 * A real collector on an SQLite file in `dir` (loopback, no open ASN data), with one site
 * accepting `origin` and the dashboard tests' seed (three target accounts and their visits over
 * the ten days before a minute ago; `hostile` text in their titles, names and campaigns when
 * given), written through the store's real write path.
 */
export async function startSeededCollector(dir: string, o: { token: string; siteKey: string; origin: string; siteName?: string; hostile?: string }): Promise<SeededCollector> {
  const port = await freePort();
  const collector = await startCollector(
    parseConfig({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'abm.db')}`, ADMIN_TOKEN: o.token, OPEN_ASN: 'off', PUBLIC_URL: `http://127.0.0.1:${port}` }),
  );
  const site = await collector.store.createSite({ id: `site-${o.siteKey}`, key: o.siteKey, name: o.siteName ?? 'Vendor website', origins: [o.origin] });
  const t = {
    store: collector.store,
    site,
    admin: (path: string, init: RequestInit = {}) => fetch(`${collector.url}${path}`, { ...init, headers: { authorization: `Bearer ${o.token}`, ...(init.headers as Record<string, string>) } }),
  } as unknown as TestApp;
  const now = Date.now() - 60_000;
  const ids = await seedAccounts(t, now, o.hostile ? { hostile: o.hostile } : {});
  return { collector, site, ids, now };
}
