/**
 * One server for the ingestion benchmark (bench/ingest.ts), run in a child process so that the
 * load generator and the server under test each have an event loop of their own:
 *
 *   node --import tsx bench/ingest-server.ts ceiling     a bare Hono app that only parses the body
 *   node --import tsx bench/ingest-server.ts collector ORIGIN [nostore]
 *       the real collector (DATABASE_URL from the environment) with one site allowing ORIGIN;
 *       with `nostore`, its store acknowledges every event without writing it (a diagnostic:
 *       what HTTP, validation and enrichment cost on their own)
 *
 * Prints one JSON line on stdout when it is listening: {"url": "...", "key": "..."}.
 */
import { randomUUID } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { parseConfig } from '../collector/config.js';
import { startCollector } from '../collector/main.js';
import type { Store } from '../collector/store/index.js';
import { freePort } from './support.js';

interface Ready {
  url: string;
  key: string;
}

/** The ceiling: the same route, the body read and JSON.parsed, and nothing else. */
async function startCeiling(): Promise<Ready> {
  const app = new Hono();
  app.post('/v1/events', async (c) => {
    const body = JSON.parse(await c.req.text()) as { events?: unknown[] };
    return c.json({ accepted: body.events?.length ?? 0, duplicates: 0, rejected: [] }, 202);
  });
  const port = await freePort();
  await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  return { url: `http://127.0.0.1:${port}`, key: 'ceiling' };
}

/** The collector as `npm run collector` runs it, but with the rate limits off and one site. */
async function startBenchCollector(origin: string | undefined, noStore: boolean): Promise<Ready> {
  if (!origin) throw new Error('no origin given');
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  const port = await freePort();
  const collector = await startCollector(
    parseConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      RATE_LIMIT: '0',
      RATE_LIMIT_SITE: '0',
    }),
  );
  const key = `bench${randomUUID().slice(0, 8)}`;
  await collector.store.createSite({ id: randomUUID(), key, name: 'Bench', origins: [origin] });
  if (noStore) (collector.store as { insertEvents: Store['insertEvents'] }).insertEvents = async (events) => ({ inserted: events.length, duplicates: 0 });
  return { url: `http://127.0.0.1:${port}`, key };
}

const mode = process.argv[2];
if (mode !== 'ceiling' && mode !== 'collector') {
  console.error('usage: node --import tsx bench/ingest-server.ts ceiling | collector ORIGIN');
  process.exit(2);
}
try {
  const ready = mode === 'ceiling' ? await startCeiling() : await startBenchCollector(process.argv[3], process.argv[4] === 'nostore');
  process.stdout.write(`${JSON.stringify(ready)}\n`);
} catch (error) {
  console.error(`ingest-server: cannot start ${mode}: ${(error as Error).message}`);
  process.exit(1);
}

// SIGTERM and SIGINT end the process normally (exit 0), so `node --cpu-prof` writes its profile;
// the benchmark itself uses SIGKILL, which nothing can catch.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
