/**
 * The collector, assembled. The only place that reads the environment, opens files and the
 * database, and wires the rooms together. `npm run collector` runs this file.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { ConfigError, parseConfig, type Config } from './config.js';
import { createApp } from './http/index.js';
import { openStore, type Store } from './store/index.js';

export const SDK_SCRIPT_PATH = fileURLToPath(new URL('../dist/sdk/s.js', import.meta.url));

export interface RunningCollector {
  config: Config;
  store: Store;
  server: ServerType;
  url: string;
  close(): Promise<void>;
}

/** The client address from the socket. Proxy headers are believed only with TRUST_PROXY (ingestion issue). */
const socketIp = (c: Context): string | undefined => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
};

export async function readSdkScript(path = SDK_SCRIPT_PATH): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new ConfigError([`the SDK is not built (${path} is missing): run npm run build`]);
  }
}

/** Opens the store (migrating it), builds the app and listens. */
export async function startCollector(config: Config): Promise<RunningCollector> {
  const sdkScript = await readSdkScript();
  const store = await openStore(config.database);
  const app = createApp({
    store,
    sdkScript,
    publicUrl: config.publicUrl,
    adminToken: config.adminToken,
    clientIp: socketIp,
    maxBodyBytes: config.maxBodyBytes,
    maxEvents: config.maxEvents,
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  return {
    config,
    store,
    server,
    url: config.publicUrl,
    close: async () => {
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
