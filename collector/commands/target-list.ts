import { parseTargetList, TARGET_COLUMNS, type TargetProblem } from '../accounts/index.js';
import { headerMessage, readCsv } from '../schema/csv.js';
import type { Store } from '../store/index.js';
import { CommandError } from './errors.js';

/** Rows taken in one import at most. */
export const MAX_TARGET_ROWS = 100_000;

/** What became of one row: created, updated, or an error with every problem it has. */
export interface TargetImportRow {
  row: number;
  /** The CSV line (1-based, header and comments counted), for CSV uploads. */
  line?: number;
  status: 'created' | 'updated' | 'error';
  id?: string;
  domain?: string | null;
  name?: string;
  /** For errors: all of the row's problems in one sentence, and each with its field. */
  message?: string;
  problems?: TargetProblem[];
}

export interface TargetImport {
  created: number;
  updated: number;
  errors: number;
  rows: TargetImportRow[];
}

/**
 * Imports the target list: a CSV text (header `domain,name,tier,owner_email,aliases`, or none and
 * the columns in that order; `,` `;` or tab) or a JSON array of the same fields. A header naming
 * a column the list does not take refuses the whole upload, naming it. Every row is checked
 * (parseTargetList) and reported with all of its problems; the good rows are imported (an
 * account already seen becomes a target and keeps its history), and identification is reloaded.
 */
export async function importTargetList(
  store: Pick<Store, 'importTargets'>,
  upload: { csv: string } | { json: unknown },
  refresh: () => Promise<void> = async () => {},
): Promise<TargetImport> {
  const { records, lines, shape } = rowsOf(upload);
  if (records.length > MAX_TARGET_ROWS) throw new CommandError(413, 'too_many_rows', `send at most ${MAX_TARGET_ROWS} rows at once`);
  const checked = parseTargetList(records);
  // A row whose fields did not line up with the header is refused, whatever else it has: its values may sit in the wrong columns.
  const problems = new Map(checked.problems.map((p) => [p.row, p.problems]));
  for (const [row, extra] of shape) problems.set(row, [...extra.problems, ...(extra.unreadable ? [] : (problems.get(row) ?? []))]);
  const good = checked.rows.filter((r) => !problems.has(r.row));
  const outcomes = good.length ? await store.importTargets(good.map((r) => r.value)) : [];
  if (good.length) await refresh().catch(() => {});
  const withLine = (row: number) => (lines ? { line: lines[row - 1]! } : {});
  const rows: TargetImportRow[] = [
    ...good.map((r, i) => ({ row: r.row, ...withLine(r.row), status: outcomes[i]!.status, id: outcomes[i]!.id, domain: r.value.domain, name: r.value.name })),
    ...[...problems].map(([row, list]) => ({ row, ...withLine(row), status: 'error' as const, message: list.map((p) => p.message).join('; '), problems: list })),
  ].sort((a, b) => a.row - b.row);
  const count = (s: TargetImportRow['status']) => rows.filter((r) => r.status === s).length;
  return { created: count('created'), updated: count('updated'), errors: count('error'), rows };
}

/** The upload's rows as objects, their CSV lines, and the problems of rows whose shape is wrong (by row number). */
type Shape = Map<number, { problems: TargetProblem[]; unreadable: boolean }>;
function rowsOf(upload: { csv: string } | { json: unknown }): { records: unknown[]; lines: number[] | null; shape: Shape } {
  const shape: Shape = new Map();
  if ('json' in upload) {
    if (!Array.isArray(upload.json)) throw new CommandError(400, 'invalid_body', `send a JSON array of rows with the fields ${TARGET_COLUMNS.names.join(', ')}, or text/csv with that header`);
    return { records: upload.json, lines: null, shape };
  }
  const table = readCsv(upload.csv, TARGET_COLUMNS);
  if (table.headerProblems.length) throw new CommandError(400, 'invalid_csv_header', headerMessage(table, TARGET_COLUMNS));
  if (table.header && !table.header.some((h) => ['domain', 'name'].includes(h.trim().toLowerCase()))) {
    throw new CommandError(400, 'invalid_csv_header', `the header needs a domain or a name column. The columns are ${TARGET_COLUMNS.names.join(', ')}.`);
  }
  table.rows.forEach((r, i) => {
    const list = [...(r.error !== undefined ? [r.error] : []), ...(r.problems ?? [])];
    if (list.length) shape.set(i + 1, { problems: list.map((message) => ({ field: 'row', message })), unreadable: !r.record });
  });
  return { records: table.rows.map((r) => r.record ?? {}), lines: table.rows.map((r) => r.line), shape };
}
