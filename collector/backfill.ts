/**
 * `npm run backfill`: identification run again over every stored event, after the IP
 * databases, the account ranges or the target list changed; then accounts that are one company
 * (a network's name and an e-mail's domain, met apart before arrival joined them) merged with
 * their history. Configured like the collector (the same environment); safe to run while it
 * runs, and to run again.
 */
import { pathToFileURL } from 'node:url';
import { identifyStored } from './enrich/index.js';
import { startIdentification } from './identification.js';
import { formatCount, progressBar, type Progress } from './progress.js';
import { runStoreCommand } from './store-command.js';
import type { AccountMerge, ReidentifyReport, Store } from './store/index.js';
import type { Config } from './config.js';

export async function backfill(store: Store, config: Config['identification'], quiet = false): Promise<ReidentifyReport & { merged: AccountMerge[] }> {
  const identification = await startIdentification(store, config, { quiet });
  try {
    const bars: Partial<Record<'events' | 'rollups', Progress>> = {};
    let shown = { events: 0, rollups: 0 };
    const report = await store.reidentify(identifyStored(identification.options), (done, total, phase) => {
      if (quiet) return;
      const bar = (bars[phase] ??= progressBar({ label: phase === 'events' ? 'Identifying events' : 'Rebuilding rollups', total }));
      bar.tick(done - shown[phase]);
      shown = { ...shown, [phase]: done };
    });
    bars.events?.done(`${formatCount(report.changed)} of ${formatCount(report.events)} events changed`);
    bars.rollups?.done(`${formatCount(report.rollupDays)} account-days`);
    // After identification: the accounts it credited are the ones to compare.
    const merged = await store.mergeDuplicateAccounts();
    if (!quiet) for (const m of merged) process.stderr.write(`Merged ${JSON.stringify(m.from.name)} into ${JSON.stringify(m.into.name)} (${formatCount(m.events)} events)\n`);
    return { ...report, merged };
  } finally {
    identification.close();
  }
}

const main = () =>
  runStoreCommand('backfill', async (store, config) => {
    const report = await backfill(store, config.identification);
    return `${report.events} events, ${report.changed} changed; ${report.accounts} accounts; ${report.rollupDays} account-days rebuilt; ${report.merged.length} accounts merged`;
  });

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
