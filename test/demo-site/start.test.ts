import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT } from '../process-helpers.js';

/**
 * `npm start`'s launcher end to end, as a newcomer runs it: a fresh data directory, the open ASN
 * data compiled, 90 days of demo traffic simulated through the Events API, then the dashboard's
 * numbers, and the demo's alert viewer receiving what the collector sends.
 */
describe('the demo launcher (demo-site/start.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abm-demo-start-'));
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with a living product: target accounts that visited, KPIs, four channels or more, stages moved over the days, and alerts with pages at the viewer', async () => {
    const [port, demoPort] = [await freePort(), await freePort()];
    const token = 'demo-start-test-token-0123456789';
    child = spawn(process.execPath, ['--import', 'tsx', 'demo-site/start.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), DEMO_PORT: String(demoPort), DATABASE_URL: `sqlite:${join(dir, 'abm.db')}`, DATA_DIR: join(dir, 'data'), ADMIN_TOKEN: token, PUBLIC_URL: `http://localhost:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    const started = Date.now();
    while (!out.includes('Open ABM is running')) {
      if (child.exitCode !== null || Date.now() - started > 150_000) throw new Error(`the launcher did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(Date.now() - started).toBeLessThan(180_000);
    expect(out).toContain(`http://localhost:${demoPort}/alerts`);
    const api = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;
    const kpis = await api('/api/kpis');
    expect(kpis.aware).toBeGreaterThanOrEqual(10);
    expect(kpis.mqa).toBeGreaterThan(0);
    const channels = await api('/api/channels');
    expect(channels.channels.filter((c: { sessions: number }) => c.sessions > 0).length).toBeGreaterThanOrEqual(4);
    const targets = await api('/api/accounts?target=true&sort=visits&limit=1');
    const timeline = await api(`/api/accounts/${targets.accounts[0].id}`);
    expect(timeline.sessions.length).toBeGreaterThan(0);
    expect(timeline.sessions[0].pages.length).toBeGreaterThan(0);
    // Stages moved as the days passed: the warm accounts' changes fall on many days, each saying what moved it.
    const warm = await api('/api/accounts?target=true&stage=mqa&limit=100');
    expect(warm.accounts.length).toBeGreaterThan(0);
    const changes = (await Promise.all(warm.accounts.map((a: { id: string }) => api(`/api/accounts/${a.id}`)))).flatMap((d: any) => d.stage_changes);
    expect(new Set(changes.map((c: { at: string }) => c.at.slice(0, 10))).size).toBeGreaterThanOrEqual(5);
    for (const c of changes) expect(c.reason).toMatch(/; read \S/);
    // The last week's alerts reach the demo's webhook viewer, each with the pages read.
    const until = Date.now() + 30_000;
    let viewer = '';
    let count = 0;
    while (Date.now() < until) {
      viewer = await (await fetch(`http://127.0.0.1:${demoPort}/alerts`)).text();
      const now = viewer.split('<li class="alert">').length - 1;
      if (now >= 5 && now === count) break; // arrived, and nothing more since the last look
      count = now;
      await new Promise((r) => setTimeout(r, 1500));
    }
    const items = viewer.split('<li class="alert">').slice(1);
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const item of items) expect(item).toMatch(/<ol class="pages"><li><a href="http:\/\/localhost:\d+\//);
    expect(viewer).toContain('High-intent page');
  }, 200_000);
});
