import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './types.js';
import { kyselyStore, type Store } from './store.js';
import { sqliteWriter } from './write-tx.js';

/**
 * `full`: a commit is synced to disk before the 202 goes out, so it survives losing power;
 * with group commit that is one sync per group, not per request. `normal`: synced at
 * checkpoints only; a commit survives the collector crashing but not the machine.
 */
export type SqliteSynchronous = 'full' | 'normal';

/**
 * The embedded default: one file (or `:memory:`), zero set-up. WAL mode lets the dashboard
 * read while the collector writes; one collector process per file.
 */
export function openSqliteStore(path: string, synchronous: SqliteSynchronous = 'full'): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return kyselyStore(db, {
    kind: 'sqlite',
    // A local file is always reachable; its errors are real errors.
    classify: (err) => err,
    close: () => db.destroy(),
    writer: sqliteWriter(sqlite, db),
  });
}
