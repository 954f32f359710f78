import { CompiledQuery, type Kysely } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database } from './types.js';

/** A row as the writers see it: column name → value. */
type Row = Record<string, unknown>;

/**
 * The hot write path's view of a transaction. Both dialects speak the same SQL here
 * (`INSERT … ON CONFLICT … DO UPDATE SET … excluded.…`); they differ in how rows travel:
 * SQLite runs one prepared statement per row (compiled once, microseconds each), PostgreSQL
 * one multi-row statement per call (one round trip).
 */
export interface WriteTx {
  /** Inserts the rows that are new by `keys`; returns, per row, whether it was stored now. */
  insertNew<R extends object>(table: string, columns: readonly (keyof R & string)[], keys: readonly (keyof R & string)[], rows: R[]): Promise<boolean[]>;
  /** Inserts the rows, or updates the existing row with `set` (SQL over `excluded.` and the table). */
  upsert<R extends object>(table: string, columns: readonly (keyof R & string)[], keys: readonly (keyof R & string)[], set: string, rows: R[]): Promise<void>;
  /** The first row of a query with `?` placeholders. */
  first<T>(query: string, params: unknown[]): Promise<T | undefined>;
  /** Every row of a query with `?` placeholders. */
  all<T>(query: string, params: unknown[]): Promise<T[]>;
  /** Runs a statement with `?` placeholders; returns the rows it changed. */
  run(query: string, params: unknown[]): Promise<number>;
}

/** Writes in one transaction: all of `work`, or nothing. */
export type Writer = <T>(work: (tx: WriteTx) => Promise<T>) => Promise<T>;

const insertSql = (table: string, columns: readonly string[], values: string) =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`;
const conflictSql = (keys: readonly string[], set: string | null) =>
  ` ON CONFLICT (${keys.join(', ')}) DO ${set === null ? 'NOTHING' : `UPDATE SET ${set}`}`;
const valuesOf = (columns: readonly string[], rows: Row[]) => rows.flatMap((r) => columns.map((c) => r[c] ?? null));

/**
 * SQLite: statements prepared once and kept, run synchronously inside BEGIN IMMEDIATE … COMMIT
 * while Kysely's connection is held, so no other query joins the transaction halfway.
 */
export function sqliteWriter(sqlite: SQLite.Database, db: Kysely<Database>): Writer {
  const statements = new Map<string, SQLite.Statement>();
  const prepared = (text: string) => {
    let s = statements.get(text);
    if (!s) {
      // Statements with IN lists vary in length; keep the cache bounded.
      if (statements.size >= 500) statements.delete(statements.keys().next().value!);
      statements.set(text, (s = sqlite.prepare(text)));
    }
    return s;
  };
  const one = (columns: readonly string[]) => `(${columns.map(() => '?').join(', ')})`;
  const tx: WriteTx = {
    insertNew: async (table, columns, keys, rows) => {
      const s = prepared(insertSql(table, columns, one(columns)) + conflictSql(keys, null));
      return (rows as Row[]).map((r) => s.run(columns.map((c) => r[c] ?? null)).changes > 0);
    },
    upsert: async (table, columns, keys, set, rows) => {
      const s = prepared(insertSql(table, columns, one(columns)) + conflictSql(keys, set));
      for (const r of rows as Row[]) s.run(columns.map((c) => r[c] ?? null));
    },
    first: async <T>(query: string, params: unknown[]) => prepared(query).get(params) as T | undefined,
    all: async <T>(query: string, params: unknown[]) => prepared(query).all(params) as T[],
    run: async (query, params) => prepared(query).run(params).changes,
  };
  return (work) =>
    db.connection().execute(async () => {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        sqlite.exec('COMMIT');
        return result;
      } catch (err) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw err;
      }
    });
}

/** PostgreSQL parameters per statement are capped at 65,535; stay well below. */
const MAX_PARAMS = 30_000;

/** PostgreSQL: one multi-row statement per call (in chunks under the parameter limit), in a Kysely transaction. */
export function postgresWriter(db: Kysely<Database>): Writer {
  const numbered = (query: string) => {
    let n = 0;
    return query.replace(/\?/g, () => `$${++n}`);
  };
  const chunks = (columns: readonly string[], rows: Row[]) => {
    const size = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    const out: Row[][] = [];
    for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
    return out;
  };
  const values = (columns: readonly string[], count: number) => {
    let n = 0;
    const row = () => `(${columns.map(() => `$${++n}`).join(', ')})`;
    return Array.from({ length: count }, row).join(', ');
  };
  return (work) =>
    db.transaction().execute((trx) =>
      work({
        insertNew: async (table, columns, keys, typed) => {
          const rows = typed as Row[];
          const fresh = new Set<string>();
          const keyOf = (r: Row) => JSON.stringify(keys.map((k) => r[k]));
          for (const part of chunks(columns, rows)) {
            const text = insertSql(table, columns, values(columns, part.length)) + conflictSql(keys, null) + ` RETURNING ${keys.join(', ')}`;
            const result = await trx.executeQuery<Row>(CompiledQuery.raw(text, valuesOf(columns, part)));
            for (const r of result.rows) fresh.add(keyOf(r));
          }
          // A key sent twice in one call is stored by its first row.
          return rows.map((r) => fresh.delete(keyOf(r)));
        },
        upsert: async (table, columns, keys, set, rows) => {
          for (const part of chunks(columns, rows as Row[])) {
            const text = insertSql(table, columns, values(columns, part.length)) + conflictSql(keys, set);
            await trx.executeQuery(CompiledQuery.raw(text, valuesOf(columns, part)));
          }
        },
        first: async <T>(query: string, params: unknown[]) =>
          (await trx.executeQuery<T>(CompiledQuery.raw(numbered(query), params))).rows[0],
        all: async <T>(query: string, params: unknown[]) =>
          (await trx.executeQuery<T>(CompiledQuery.raw(numbered(query), params))).rows,
        run: async (query, params) =>
          Number((await trx.executeQuery(CompiledQuery.raw(numbered(query), params))).numAffectedRows ?? 0),
      }),
    );
}
