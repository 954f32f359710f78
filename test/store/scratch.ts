import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openStore, type DatabaseTarget, type Store } from '../../collector/store/index.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

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

/** Opens a store on a fresh database of `target`, runs `work` with it, and closes it whatever happens. */
export async function withStore(target: () => DatabaseTarget, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(target());
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

/**
 * A fresh, empty database at each call of a target: a new SQLite file, or (with TEST_DATABASE_URL)
 * a new PostgreSQL schema; every one removed after the file's tests. For suites that need a
 * store of their own per test, or two stores side by side.
 */
export function freshDatabases(name: string): { targets: [kind: 'sqlite' | 'postgres', target: () => DatabaseTarget][]; pgUrl: string | undefined } {
  const { dir, pgUrl, schema } = scratchDatabases(name);
  if (!pgUrl && process.env.CI === 'true') throw new Error('TEST_DATABASE_URL must be set under CI=true');
  const schemas: string[] = [];
  let n = 0;
  afterAll(async () => {
    if (!pgUrl || !schemas.length) return;
    const client = new pg.Client(pgUrl);
    await client.connect();
    for (const s of schemas) await client.query(`drop schema if exists ${s} cascade`);
    await client.end();
  });
  const targets: [kind: 'sqlite' | 'postgres', target: () => DatabaseTarget][] = [['sqlite', () => ({ kind: 'sqlite', path: join(dir, `${name}-${++n}.db`) })]];
  if (pgUrl) targets.push(['postgres', () => (schemas.push(`${schema}_${++n}`), { kind: 'postgres', url: pgUrl, schema: schemas.at(-1)! })]);
  return { targets, pgUrl };
}

/**
 * A stored event of a day-long visit, for store property tests: the fields a test leaves out are
 * a page on the vendor's site, seen from a browser, its session the visitor's that UTC day.
 */
export function visitEvent(e: Pick<StoredEvent, 'siteId' | 'id' | 'type' | 'ts' | 'visitor'> & { dayZero: number } & Partial<StoredEvent>): StoredEvent {
  const { dayZero, ...rest } = e;
  return {
    name: null,
    receivedAt: e.ts + 1,
    session: `${e.visitor ?? 'anonymous'}-${Math.floor((e.ts - dayZero) / 86_400_000)}`,
    url: 'https://vendor.example/',
    title: null,
    referrer: null,
    props: null,
    ip: '198.51.100.0',
    userAgent: 'UA',
    bot: false,
    account: null,
    ...rest,
  } as StoredEvent;
}
