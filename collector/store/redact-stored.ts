import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';
import type { Writer } from './write-tx.js';

/** How stored text is redacted: the collector's rules (enrich room), passed in as plain functions; the store has none of its own. */
export interface StoredRedaction {
  url(url: string): string;
  text(text: string): string;
  /** Every string of a JSON value redacted (URLs as URLs, other text for addresses), except under the keys kept. */
  json<T>(value: T, keepKeys?: ReadonlySet<string>): T;
}

/** The tables swept, in this order, with the rows read and changed in each. */
export const REDACTED_TABLES = ['events', 'sessions', 'visitors', 'stage_changes', 'alert_outbox'] as const;
export type RedactedTable = (typeof REDACTED_TABLES)[number];
export type RedactionReport = Record<RedactedTable, { rows: number; changed: number }>;

export interface RedactStoredOptions {
  /** After each page: rows of the table done so far, and how many it has. */
  onProgress?: (table: RedactedTable, done: number, total: number) => void;
  /** Stops between pages (the pages done stay done); the report says how far it got. */
  signal?: AbortSignal;
  pageSize?: number;
}

type Row = Record<string, unknown>;

/** One table's sweep: its key, the columns read, and what a row becomes (only the columns that change). */
interface TableSweep {
  keys: string[];
  columns: string[];
  /** A filter narrowing the rows read to those that may need it (SQL, no parameters). */
  where?: string;
  fix(row: Row, r: StoredRedaction): Row;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** Columns whose value `redact` changes, with the new value. */
function changed(row: Row, columns: readonly string[], redact: (s: string) => string): Row {
  const out: Row = {};
  for (const c of columns) {
    const v = str(row[c]);
    if (v !== null && redact(v) !== v) out[c] = redact(v);
  }
  return out;
}
/** A JSON column redacted, when that changes it; unreadable JSON is left as it is. */
function json(value: unknown, r: StoredRedaction, keepKeys?: ReadonlySet<string>): string | undefined {
  const text = str(value);
  if (text === null) return undefined;
  try {
    const next = JSON.stringify(r.json(JSON.parse(text), keepKeys));
    return next === text ? undefined : next;
  } catch {
    return undefined;
  }
}
const withJson = (out: Row, column: string, value: string | undefined): Row => (value === undefined ? out : { ...out, [column]: value });

/** An alert's payload keeps the account owner's address: it is whom the alert goes to, not a visitor's. */
const ALERT_KEEPS: ReadonlySet<string> = new Set(['owner']);

const SWEEPS: Record<RedactedTable, TableSweep> = {
  events: {
    keys: ['site_id', 'id'],
    columns: ['url', 'referrer', 'title', 'name', 'props'],
    fix: (row, r) => withJson({ ...changed(row, ['url', 'referrer'], r.url), ...changed(row, ['title', 'name'], r.text) }, 'props', json(row.props, r)),
  },
  sessions: {
    keys: ['site_id', 'id'],
    columns: ['landing_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'source', 'medium'],
    fix: (row, r) => ({
      ...changed(row, ['landing_url', 'referrer'], r.url),
      ...changed(row, ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'source', 'medium'], r.text),
    }),
  },
  // A form's job title or company holding an address typed into the wrong field.
  visitors: { keys: ['site_id', 'id'], columns: ['job_title', 'company'], where: "job_title LIKE '%@%' OR company LIKE '%@%'", fix: (row, r) => changed(row, ['job_title', 'company'], r.text) },
  // Reasons name the pages read, by title or path.
  stage_changes: { keys: ['account_id', 'at', 'to_stage'], columns: ['reason'], where: "reason LIKE '%@%' OR reason LIKE '%!%40%' ESCAPE '!'", fix: (row, r) => changed(row, ['reason'], r.text) },
  // Alerts waiting to go (or kept as sent and dead letters) carry the pages read.
  alert_outbox: { keys: ['id'], columns: ['payload'], fix: (row, r) => withJson({}, 'payload', json(row.payload, r, ALERT_KEEPS)) },
};

/**
 * Redacts what is already stored with today's rules: URLs, referrers, titles and props of events;
 * sessions' landing pages, referrers and campaign values; and the other text that copies them
 * (visitors' form fields, stage-change reasons, alert payloads). Table by table, a page at a time
 * in key order, each page read and rewritten in a transaction of its own, so the collector keeps
 * taking events between pages and an interrupted sweep leaves consistent pages behind. Safe to
 * run again: redacted text does not change twice.
 */
export async function redactStored(db: Kysely<Database>, writer: Writer, r: StoredRedaction, options: RedactStoredOptions = {}): Promise<RedactionReport> {
  const pageSize = options.pageSize ?? 500;
  const report = Object.fromEntries(REDACTED_TABLES.map((t) => [t, { rows: 0, changed: 0 }])) as RedactionReport;
  for (const table of REDACTED_TABLES) {
    const sweep = SWEEPS[table];
    const where = sweep.where ? ` WHERE (${sweep.where})` : '';
    const total = Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}${sql.raw(where)}`.execute(db)).rows[0]?.n ?? 0);
    options.onProgress?.(table, 0, total);
    const keyList = sweep.keys.join(', ');
    const select = `SELECT ${keyList}, ${sweep.columns.join(', ')} FROM ${table}`;
    let after: unknown[] | undefined;
    while (!options.signal?.aborted) {
      const page = await writer(async (tx) => {
        const conditions = [sweep.where && `(${sweep.where})`, after && `(${keyList}) > (${sweep.keys.map(() => '?').join(', ')})`].filter(Boolean);
        const rows = await tx.all<Row>(`${select}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${keyList} LIMIT ${pageSize}`, after ?? []);
        let changes = 0;
        for (const row of rows) {
          const set = sweep.fix(row, r);
          const columns = Object.keys(set);
          if (!columns.length) continue;
          changes++;
          await tx.run(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${sweep.keys.map((k) => `${k} = ?`).join(' AND ')}`, [
            ...columns.map((c) => set[c]),
            ...sweep.keys.map((k) => row[k]),
          ]);
        }
        return { rows, changes };
      });
      report[table].rows += page.rows.length;
      report[table].changed += page.changes;
      options.onProgress?.(table, report[table].rows, Math.max(total, report[table].rows));
      if (page.rows.length < pageSize) break;
      const last = page.rows[page.rows.length - 1]!;
      after = sweep.keys.map((k) => last[k]);
    }
  }
  return report;
}
