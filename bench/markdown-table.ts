export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

/** Formats a Markdown table whose columns are padded so it also reads well as plain text. */
export function markdownTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((col, i) =>
    Math.max(col.header.length, 3, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const cell = (text: string, i: number): string => {
    const width = widths[i] ?? 0;
    return columns[i]?.align === 'right' ? text.padStart(width) : text.padEnd(width);
  };
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  const rule = columns.map((col, i) => {
    const dashes = '-'.repeat(widths[i] ?? 3);
    return col.align === 'right' ? `${dashes.slice(1)}:` : dashes;
  });
  return [
    line(columns.map((col) => col.header)),
    `| ${rule.join(' | ')} |`,
    ...rows.map((row) => line(columns.map((_, i) => row[i] ?? ''))),
  ].join('\n');
}

/** 3072 -> "3,072". */
export function formatBytes(bytes: number): string {
  return bytes.toLocaleString('en-US');
}
