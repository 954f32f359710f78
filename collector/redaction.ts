/**
 * Stored data and the redaction rules: which version of the rules (enrich/redact.ts) the stored
 * URLs were last swept with, kept in the settings table, and the sweep that brings them up to
 * date — run by `npm run redact`, and by the collector itself at start-up when the stored data
 * is older than its rules. Not a migration: migrations never change, and these rules will.
 */
import { REDACTION_VERSION, storedRedaction } from './enrich/index.js';
import { formatCount } from './progress.js';
import { REDACTED_TABLES, type RedactedTable, type RedactionReport, type RedactStoredOptions, type Store } from './store/index.js';

const SETTING = 'url_redaction_version';

/** The rules version stored data was last swept with; 0 when never (data stored before redaction on arrival). */
export async function sweptVersion(store: Store): Promise<number> {
  return Number((await store.getSetting(SETTING)) ?? 0) || 0;
}


/** Sweeps every stored URL and the text that copies them with today's rules, then records their version (unless stopped halfway). */
export async function redactStoredData(store: Store, options: RedactStoredOptions = {}): Promise<{ report: RedactionReport; complete: boolean }> {
  const report = await store.redactStored(storedRedaction, options);
  const complete = !options.signal?.aborted;
  if (complete) await store.putSetting(SETTING, String(REDACTION_VERSION));
  return { report, complete };
}

/** The swept tables as a person names them. */
export const TABLE_NAMES: Record<RedactedTable, string> = { events: 'events', sessions: 'sessions', visitors: 'visitors', stage_changes: 'stage changes', alert_outbox: 'alerts' };

/** "1,204 of 50,000 events, 3 of 9,000 sessions changed" (tables with no rows left out). */
export function describeReport(report: RedactionReport): string {
  const parts = REDACTED_TABLES.filter((t) => report[t].rows > 0).map((t) => `${formatCount(report[t].changed)} of ${formatCount(report[t].rows)} ${TABLE_NAMES[t]}`);
  return parts.length ? `${parts.join(', ')} changed` : 'nothing stored';
}

export interface StartupSweep {
  /** Resolves when the sweep has finished, stopped or failed (never rejects). */
  done: Promise<void>;
  /** Stops between pages and waits for the page in hand; the next start sweeps again. */
  stop(): Promise<void>;
}

/**
 * At start-up: when the stored data was swept with older rules than the collector's (or never),
 * sweeps it in the background while the collector takes events — new events are redacted on
 * arrival, so only the old rows wait, and a large store does not hold the listener back.
 * Says what it does on `log`.
 */
export function sweepStaleOnStart(store: Store, log: { info(line: string): void; error(line: string): void }, now: () => number = Date.now): StartupSweep {
  const controller = new AbortController();
  const done = (async () => {
    const from = await sweptVersion(store);
    if (from >= REDACTION_VERSION) return;
    const hasData = (await store.newestEvents({ limit: 1 })).length > 0;
    if (hasData) log.info(`collector: stored URLs predate redaction rules v${REDACTION_VERSION} (swept with v${from}): redacting them in the background`);
    const started = now();
    const { report, complete } = await redactStoredData(store, { signal: controller.signal });
    const took = `${((now() - started) / 1000).toFixed(1)}s`;
    if (!complete) log.info(`collector: stored URLs partly redacted (${describeReport(report)}, ${took}); the rest at the next start`);
    else if (hasData) log.info(`collector: stored URLs redacted with rules v${REDACTION_VERSION}: ${describeReport(report)} in ${took}`);
  })().catch((err: unknown) => log.error(`collector: redacting stored URLs failed (${err instanceof Error ? err.message : String(err)}); it runs again at the next start, or with npm run redact`));
  return {
    done,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}
