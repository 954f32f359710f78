/**
 * `npm run redact`: every stored URL, referrer and title, and the text that copies them, redacted
 * with the collector's current rules (what the tag and the collector now redact on the way in).
 * Configured like the collector (the same environment); safe to run while it runs, and again.
 * The collector runs the same sweep by itself at start-up when its rules are newer than the data.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError, parseConfig, type Config } from './config.js';
import { describeStartError } from './main.js';
import { progressBar, type Progress } from './progress.js';
import { describeReport, redactStoredData, TABLE_NAMES } from './redaction.js';
import { REDACTION_VERSION } from './enrich/index.js';
import { openStore, type RedactedTable, type RedactionReport, type Store } from './store/index.js';

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

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    console.error(`redact: ${(err as Error).message}`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  try {
    const store = await openStore(config.database);
    const report = await redact(store).finally(() => store.close());
    console.log(`redact: ${describeReport(report)}; stored data follows redaction rules v${REDACTION_VERSION}`);
  } catch (err) {
    console.error(`redact: ${describeStartError(err)}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
