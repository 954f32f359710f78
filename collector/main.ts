/**
 * The collector, assembled. The only place that reads the environment, opens files and the
 * database, and wires the rooms together. `npm run collector` runs this file.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { ConfigError, parseConfig, type Config } from './config.js';
import { clientIpResolver, createApp, dailyIpSalt, memoryRateLimits, type SdkFiles } from './http/index.js';
import { defaultSteps } from './enrich/index.js';
import { openStore, startRetention, type Store } from './store/index.js';
import { startIdentification, type Identification } from './identification.js';
import { createDeliver, createNotifier } from './notify/index.js';
import { evaluateStages, startStageEvaluation } from './stage-evaluation.js';
import { sweepStaleOnStart } from './redaction.js';
import { startReverseDns } from './reverse-dns.js';

export const SDK_DIR = fileURLToPath(new URL('../dist/sdk/', import.meta.url));

export interface RunningCollector {
  config: Config;
  store: Store;
  server: ServerType;
  url: string;
  /** Resolves when the start-up sweep of stored URLs (only when they predate the redaction rules) is over. */
  storedRedaction: Promise<void>;
  close(): Promise<void>;
}

/** The peer's address from the socket; proxy headers are believed only from TRUST_PROXY (http/client-ip.ts). */
const socketIp = (c: Context): string | undefined => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
};

/** The built SDK: s.js and the chunks beside it. */
export async function readSdk(dir = SDK_DIR): Promise<SdkFiles> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^s(-[a-z]+)?\.js$/.test(n));
  if (!names.includes('s.js')) throw new ConfigError([`the SDK is not built (${join(dir, 's.js')} is missing): run npm run build`]);
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')])));
}

export interface StartOptions {
  /** Stage evaluation (each minute's, and the alerts' own) waits for this: the demo first loads its history and steps its stages through it. */
  stagesAfter?: Promise<unknown>;
}

/** Opens the store (migrating it), builds the app and listens. */
export async function startCollector(config: Config, o: StartOptions = {}): Promise<RunningCollector> {
  const stagesReady = (o.stagesAfter ?? Promise.resolve()).catch(() => {});
  const sdk = await readSdk();
  const store = await openStore(config.database);
  // The running totals are decayed with the configured half-life; built again if it changed.
  await store.useHalfLife(config.scoring.reading.halfLifeDays);
  let identification: Identification;
  try {
    identification = await startIdentification(store, config.identification);
  } catch (err) {
    await store.close();
    throw err;
  }
  // Reverse DNS (REVERSE_DNS=on): off, no worker is started and no step offers it addresses.
  const reverseDns = config.reverseDns.enabled ? startReverseDns(store, identification, config.reverseDns) : undefined;
  // Sales alerts: a notifier scanning for triggers and sending the outbox; off, it is simply not started.
  const deliverer = config.alerts.enabled ? createDeliver({ smtpUrl: config.alerts.smtpUrl, from: config.alerts.from }) : undefined;
  const notifier = deliverer
    ? createNotifier({
        store, deliver: deliverer.deliver, now: Date.now, publicUrl: config.publicUrl, reading: config.scoring.reading, onError: (err) => console.error('alerts:', err),
        // Alerts tell the stage after the visit they report: stages are evaluated before a scan that found visits.
        evaluateStages: (at) => stagesReady.then(() => evaluateStages(store, { rules: config.scoring.stages, reading: config.scoring.reading, at })),
      })
    : undefined;
  const app = createApp({
    store,
    sdk,
    alerts: notifier?.face,
    publicUrl: config.publicUrl,
    adminToken: config.adminToken,
    clientIp: clientIpResolver({ trustProxy: config.trustProxy, socketIp }),
    rateLimit: memoryRateLimits(config.rateLimit),
    steps: defaultSteps(config.ipStorage, identification.options, config.scoring.rules, reverseDns?.offer),
    scoring: { reading: config.scoring.reading, stages: config.scoring.stages, rules: config.scoring.rules },
    identification,
    ...(config.ipStorage === 'hash' && { ipSalt: dailyIpSalt(store) }),
    maxBodyBytes: config.maxBodyBytes,
    programmeStart: config.programmeStart,
    maxEvents: config.maxEvents,
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  // A disabled feature is a step left out: no retention sweeper when raw events are kept forever.
  const stopRetention = config.retentionDays > 0 ? startRetention(store, config.retentionDays) : () => {};
  let stopStages: (() => void) | undefined;
  void stagesReady.then(() => (stopStages ??= startStageEvaluation(store, { rules: config.scoring.stages, reading: config.scoring.reading })));
  const stopNotifier = notifier ? notifier.start() : async () => {};
  // Stored URLs older than the redaction rules are swept in the background: new events are redacted on arrival.
  const sweep = sweepStaleOnStart(store, { info: console.log, error: console.error });
  return {
    config,
    store,
    server,
    url: config.publicUrl,
    storedRedaction: sweep.done,
    close: async () => {
      await sweep.stop();
      stopRetention();
      (stopStages ??= () => {})();
      await stopNotifier();
      deliverer?.close();
      await reverseDns?.close();
      identification.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`collector: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  let running: RunningCollector;
  try {
    running = await startCollector(config);
  } catch (err) {
    console.error(`collector: cannot start: ${describeStartError(err)}`);
    process.exit(1);
  }
  const where = config.database.kind === 'sqlite' ? `sqlite:${config.database.path}` : 'postgres';
  console.log(`collector listening on ${config.host}:${config.port} (store: ${where})`);
  console.log(`dashboard: ${config.publicUrl}/app${config.adminToken ? ' (sign in with the ADMIN_TOKEN or a user)' : ''}`);
  if (!config.adminToken) console.warn('collector: ADMIN_TOKEN is not set; the admin API answers 401 to everyone');
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function describeStartError(err: unknown): string {
  if (err instanceof ConfigError) return err.problems.join('; ');
  const e = err as { code?: string; message?: string };
  if (e?.code === 'EADDRINUSE') return `the port is already in use (${e.message})`;
  if (e?.code === 'ECONNREFUSED') return `the database refused the connection (${e.message})`;
  return e?.message ?? String(err);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
