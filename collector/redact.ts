/**
 * `npm run redact`: every stored URL, referrer and title, and the text that copies them, redacted
 * with the collector's current rules (what the tag and the collector now redact on the way in).
 * Configured like the collector (the same environment); safe to run while it runs, and again.
 * The collector runs the same sweep by itself at start-up when its rules are newer than the data.
 */
import { pathToFileURL } from 'node:url';
import { progressBar, type Progress } from './progress.js';
import { describeReport, redactStoredData, TABLE_NAMES } from './redaction.js';
import { REDACTION_VERSION } from './enrich/index.js';
import { runStoreCommand } from './store-command.js';
import type { RedactedTable, RedactionReport, Store } from './store/index.js';

/** The sweep with a progress bar per table (on stderr), unless quiet. */
export async function redact(store: Store, quiet = false): Promise<RedactionReport> {
  const bars: Partial<Record<RedactedTable, Progress>> = {};
  const shown: Partial<Record<RedactedTable, number>> = {};
  const { report } = await redactStoredData(store, {
    onProgress: (table, done, total) => {
      if (quiet) return;
      const bar = (bars[table] ??= progressBar({ label: `Redacting ${TABLE_NAMES[table]}`, total }));
      bar.tick(done - (shown[table] ?? 0));
      shown[table] = done;
    },
  });
  for (const [table, bar] of Object.entries(bars) as [RedactedTable, Progress][]) bar.done(`${report[table].changed} changed`);
  return report;
}

const main = () =>
  runStoreCommand('redact', async (store) => `${describeReport(await redact(store))}; stored data follows redaction rules v${REDACTION_VERSION}`);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
