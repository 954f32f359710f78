import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';

/**
 * Where a store test file keeps its databases: a temporary directory for SQLite files and, when
 * TEST_DATABASE_URL is set, a PostgreSQL schema of its own; both removed after the file's tests.
 */
export function scratchDatabases(name: string): { dir: string; pgUrl: string | undefined; schema: string } {
  const dir = mkdtempSync(join(tmpdir(), `abm-${name}-`));
  const pgUrl = process.env.TEST_DATABASE_URL;
  const schema = `test_${name.replace(/\W/g, '_')}_${process.pid}_${Date.now()}`;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgUrl) {
      const client = new pg.Client(pgUrl);
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  });
  return { dir, pgUrl, schema };
}
