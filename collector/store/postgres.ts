import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './types.js';
import { kyselyStore, StoreUnavailableError, type Store } from './store.js';
import { postgresWriter } from './write-tx.js';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P03']);

/** pg returns int8 as strings; our bigints are epoch milliseconds, well inside a double. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * PostgreSQL, for several collector processes and large sites. `schema` puts every table in a
 * schema of its own (created when missing), which the test suite uses to keep runs apart.
 */
export function openPostgresStore(url: string, options: { schema?: string; max?: number } = {}): Store {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store = kyselyStore(db, {
    kind: 'postgres',
    classify: (err) => {
      const code = (err as { code?: string } | null)?.code;
      return code && UNREACHABLE.has(code) ? new StoreUnavailableError(err) : err;
    },
    close: () => db.destroy(),
    writer: postgresWriter(db),
  });
  if (!schema) return store;
  return {
    ...store,
    migrate: async () => {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      return store.migrate();
    },
  };
}
