import { closest } from './closest.js';

/** The separators an upload may use: a comma, or a semicolon or tab (spreadsheets in many locales save those). */
export const CSV_SEPARATORS = [',', ';', '\t'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

/** Splits one CSV line: fields may be double-quoted, with separators inside and "" for a quote. */
export function parseCsvLine(line: string, separator: CsvSeparator = ','): string[] {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0) throw new Error(`unterminated quoted field in CSV line ${JSON.stringify(line)}`);
        value += line.slice(from, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      fields.push(value);
      if (at < line.length && line[at] !== separator) throw new Error(`text after a closing quote in CSV line ${JSON.stringify(line)}`);
    } else {
      const end = line.indexOf(separator, at);
      fields.push(line.slice(at, end < 0 ? line.length : end));
      at = end < 0 ? line.length : end;
    }
    if (at >= line.length) return fields;
    at++; // past the separator
  }
}

/** The separator a line uses: the one of `,` `;` tab found most often outside quotes (a comma when none is). */
export function detectSeparator(line: string): CsvSeparator {
  const counts = new Map<CsvSeparator, number>(CSV_SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as CsvSeparator)) counts.set(ch as CsvSeparator, counts.get(ch as CsvSeparator)! + 1);
  }
  let best: CsvSeparator = ',';
  for (const s of CSV_SEPARATORS) if (counts.get(s)! > counts.get(best)!) best = s;
  return best;
}

/** The columns an upload takes: their names in order (a file without a header gives them in this order), other spellings, and columns read but not used. */
export interface CsvColumns {
  names: readonly string[];
  /** Other names for a column (`owner` for `owner_email`). */
  synonyms?: Readonly<Record<string, string>>;
  /** Columns taken and left unused (those of the list's own CSV export), so an export can be uploaded again. */
  ignored?: readonly string[];
}

export interface CsvRow {
  /** 1-based line in the text. */
  line: number;
  /** The row by column name; absent when the line could not be split (see error). */
  record?: Record<string, string>;
  error?: string;
  /** What is wrong with the row's shape (more fields than the header names); the record is still given. */
  problems?: string[];
}

export interface CsvTable {
  separator: CsvSeparator;
  /** The header's column names as found (null: the file has none, and fields are taken in the order of `names`). */
  header: string[] | null;
  /** Everything wrong with the header (unknown, misspelt or repeated names), each naming the column; empty when it is fine. */
  headerProblems: string[];
  rows: CsvRow[];
}

/** A header cell as a column name: case, spaces and dashes do not matter (`Owner E-mail` is `owner_e_mail`). */
const normalise = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');
/** A cell that is data, not a column name: it has a dot, @, slash or digit (domains, e-mails, ranges, tiers). */
const looksLikeData = (s: string) => /[.@/\d]/.test(s);

/**
 * A small CSV text (an upload) as rows: blank lines and lines starting with '#' skipped; the
 * separator (`,` `;` or tab) taken from the first line. The first row is the header when one of
 * its cells is a column name (or two are near one, misspelt); its names map the fields, and every
 * name it has that the upload does not take is a header problem naming it, with the nearest
 * name it does take. Without a header, fields map to `names` in order.
 */
export function readCsv(text: string, columns: CsvColumns): CsvTable {
  const synonyms = columns.synonyms ?? {};
  const known = (name: string) => columns.names.includes(name) || name in synonyms || (columns.ignored ?? []).includes(name);
  const table: CsvTable = { separator: ',', header: null, headerProblems: [], rows: [] };
  let names: (string | null)[] | undefined;
  let first = true;
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim() || raw.trimStart().startsWith('#')) return;
    if (first) table.separator = detectSeparator(raw);
    let fields: string[];
    try {
      fields = parseCsvLine(raw, table.separator).map((f) => f.trim());
    } catch (err) {
      first = false;
      return void table.rows.push({ line, error: (err as Error).message });
    }
    if (first) {
      first = false;
      const cells = fields.map(normalise);
      const near = cells.filter((c) => c && !looksLikeData(c) && closest(c, columns.names) !== undefined).length;
      if (cells.some(known) || near >= 2) {
        table.header = fields;
        table.headerProblems = headerProblems(cells, fields, columns);
        names = cells.map((c) => (c ? (synonyms[c] ?? c) : null));
        return;
      }
    }
    const map = names ?? columns.names;
    const row: CsvRow = { line, record: Object.fromEntries(map.flatMap((n, k) => (n ? [[n, fields[k] ?? '']] : []))) };
    const extra = fields.slice(map.length).filter(Boolean).length + map.filter((n, k) => !n && fields[k]).length;
    if (extra) {
      const named = map.filter(Boolean);
      row.problems = [`${fields.length} fields, but the ${names ? 'header names' : 'columns are'} ${named.length} (${named.join(', ')}): put "double quotes" around a value that holds a separator`];
    }
    table.rows.push(row);
  });
  return table;
}

function headerProblems(cells: string[], raw: string[], columns: CsvColumns): string[] {
  const synonyms = columns.synonyms ?? {};
  const taken = [...columns.names, ...Object.keys(synonyms), ...(columns.ignored ?? [])];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  cells.forEach((c, k) => {
    const column = k + 1;
    if (!c) return;
    const name = synonyms[c] ?? c;
    if (!taken.includes(c)) {
      const guess = closest(c, taken);
      problems.push(`unknown column ${JSON.stringify(raw[k])} (column ${column})${guess ? ` — did you mean ${synonyms[guess] ?? guess}?` : ''}`);
    } else if (seen.has(name)) problems.push(`column ${JSON.stringify(raw[k])} (column ${column}) repeats column ${seen.get(name)}`);
    else seen.set(name, column);
  });
  return problems;
}

/** The header problems of a table as one message, with the columns the upload takes. */
export function headerMessage(table: CsvTable, columns: CsvColumns): string {
  return `${table.headerProblems.join('; ')}. The columns are ${columns.names.join(', ')}${table.separator === ',' ? '' : ` (separated by ${table.separator === '\t' ? 'tabs' : `"${table.separator}"`})`}.`;
}

/**
 * Rows of a small CSV text by `header` (readCsv's rules). A header naming a column it does not
 * take comes back as one error on the header's line, and no rows: nothing is read by guesswork.
 * Line numbers are 1-based, for reports.
 */
export function csvRecords(text: string, header: readonly string[]): { line: number; record?: Record<string, string>; error?: string }[] {
  const columns = { names: header };
  const table = readCsv(text, columns);
  if (table.headerProblems.length) {
    const line = text.replace(/^\uFEFF/, '').split(/\r?\n/).findIndex((l) => l.trim() && !l.trimStart().startsWith('#')) + 1;
    return [{ line, error: headerMessage(table, columns) }];
  }
  return table.rows.map(({ line, record, error }) => ({ line, ...(record && { record }), ...(error !== undefined && { error }) }));
}
