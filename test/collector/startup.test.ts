import { afterEach, describe, expect, it } from 'vitest';
import { stopCollector, spawnCollector, waitHealthy, type CollectorProcess } from '../process-helpers.js';

/** What `npm run collector` prints when it is up: where it listens, and where to open the dashboard. */
describe('collector start-up line', () => {
  let p: CollectorProcess | undefined;
  afterEach(async () => stopCollector(p));

  it('prints the dashboard URL, from PUBLIC_URL', async () => {
    p = await spawnCollector('sqlite::memory:', { PUBLIC_URL: 'https://abm.vendor.example' });
    await waitHealthy(p);
    await expect.poll(() => p!.output(), { timeout: 5000 }).toContain('dashboard: https://abm.vendor.example/app');
    expect(p.output()).toMatch(/collector listening on 127\.0\.0\.1:\d+ \(store: sqlite::memory:\)/);
  });

  it('prints the dashboard URL at the default public URL, and warns when no ADMIN_TOKEN is set', async () => {
    p = await spawnCollector('sqlite::memory:', { ADMIN_TOKEN: '' });
    await waitHealthy(p);
    await expect.poll(() => p!.output(), { timeout: 5000 }).toContain(`dashboard: http://localhost:${p.port}/app`);
    expect(p.output()).toContain('ADMIN_TOKEN is not set');
  });
});
