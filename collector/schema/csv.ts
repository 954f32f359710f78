/** Splits one CSV line: fields may be double-quoted, with commas inside and "" for a quote. */
export function parseCsvLine(line: string): string[] {
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
      if (at < line.length && line[at] !== ',') throw new Error(`text after a closing quote in CSV line ${JSON.stringify(line)}`);
    } else {
      const comma = line.indexOf(',', at);
      fields.push(line.slice(at, comma < 0 ? line.length : comma));
      at = comma < 0 ? line.length : comma;
    }
    if (at >= line.length) return fields;
    at++; // past the comma
  }
}


/**
 * Rows of a small CSV text (an upload): blank lines and lines starting with '#' skipped; when
 * the first row holds every name in `header`, it is the header and rows come back as objects
 * by its names, else fields map to `header` in order. Line numbers are 1-based, for reports.
 */
export function csvRecords(text: string, header: readonly string[]): { line: number; record?: Record<string, string>; error?: string }[] {
  const out: { line: number; record?: Record<string, string>; error?: string }[] = [];
  let names: readonly string[] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim() || raw.trimStart().startsWith('#')) return;
    let fields: string[];
    try {
      fields = parseCsvLine(raw).map((f) => f.trim());
    } catch (err) {
      return void out.push({ line, error: (err as Error).message });
    }
    if (!names) {
      const lower = fields.map((f) => f.toLowerCase());
      if (header.every((h, k) => k > 1 || lower.includes(h))) {
        names = lower;
        return;
      }
      names = header;
    }
    out.push({ line, record: Object.fromEntries(names.map((n, k) => [n, fields[k] ?? ''])) });
  });
  return out;
}
