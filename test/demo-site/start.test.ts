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

  it('starts with a living product: target accounts that visited, KPIs, four channels or more, and alerts at the viewer', async () => {
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
    // The accounts that reached MQA are announced to the demo's webhook viewer.
    const until = Date.now() + 15_000;
    let viewer = '';
    while (Date.now() < until && !viewer.includes('became a marketing-qualified account')) {
      viewer = await (await fetch(`http://127.0.0.1:${demoPort}/alerts`)).text();
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(viewer).toContain('became a marketing-qualified account');
  }, 200_000);
});
