import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REDACTION_VERSION } from '../../collector/enrich/index.js';
import { sweptVersion } from '../../collector/redaction.js';
import { openStore } from '../../collector/store/index.js';
import { REPO_ROOT } from '../process-helpers.js';
import { everything, SECRETS, seedOldData } from '../store/old-data.js';

/** `npm run redact` as a user runs it: a process configured by the environment, on a SQLite file. */
const dir = mkdtempSync(join(tmpdir(), 'abm-redact-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runRedact(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'collector/redact.ts'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run redact', () => {
  it('redacts the stored data with progress, records the rules version, and changes nothing the second time', async () => {
    const path = join(dir, 'abm.db');
    let store = await openStore({ kind: 'sqlite', path });
    const accountId = await seedOldData(store, 20);
    await store.close();

    const first = await runRedact({ DATABASE_URL: `sqlite:${path}` });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe(
      `redact: 24 of 24 events, 1 of 1 sessions, 1 of 1 visitors, 1 of 1 stage changes, 1 of 1 alerts changed; stored data follows redaction rules v${REDACTION_VERSION}`,
    );
    // Not a terminal: a line when each table starts and when it is done, as npm run backfill prints.
    expect(first.stderr).toContain('Redacting events: started, 24 to do');
    expect(first.stderr).toMatch(/Redacting events: done 24\/24 in [\d.]+s · [\d,]+\/s · 24 changed/);
    expect(first.stderr).toMatch(/Redacting alerts: done 1\/1 .* · 1 changed/);

    store = await openStore({ kind: 'sqlite', path });
    try {
      const after = await everything(store, accountId);
      for (const secret of SECRETS) expect(after).not.toContain(secret);
      expect(await sweptVersion(store)).toBe(REDACTION_VERSION);
    } finally {
      await store.close();
    }

    const second = await runRedact({ DATABASE_URL: `sqlite:${path}` });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('redact: 0 of 24 events, 0 of 1 sessions');
  });

  it('exits 2 with the problem when the configuration is wrong', async () => {
    const res = await runRedact({ DATABASE_URL: 'mysql://nope' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^redact: invalid configuration[\s\S]*DATABASE_URL/);
  });
});
