/**
 * The collector for the identification benchmark's memory figure (bench/ipdb.ts), in a child
 * process of its own so that nothing else shares its heap:
 *
 *   node --import tsx bench/ipdb-rss.ts ORIGIN
 *
 * Starts the real collector as `npm run collector` does (`startCollector(parseConfig(…))`), from
 * DATABASE_URL, DATA_DIR, OPEN_ASN and ACCOUNT_RANGES in the environment, with the rate limits off,
 * TRUST_PROXY=loopback (so the benchmark can say which client address each request is from) and
 * one site allowing ORIGIN. Prints one JSON line on stdout when it is listening:
 * {"url": "...", "key": "..."}. The benchmark then sends its events; a line "report" on stdin makes
 * it print {"memory": process.memoryUsage(), "maxRss": bytes, "afterGc": process.memoryUsage() after
 * a full collection (under --expose-gc)} as one JSON line and exit.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseConfig } from '../collector/config.js';
import { startCollector } from '../collector/main.js';
import { freePort } from './support.js';

const origin = process.argv[2];
if (!origin || !process.env.DATABASE_URL) {
  console.error('usage: DATABASE_URL=… [DATA_DIR=…] [OPEN_ASN=on|off] [ACCOUNT_RANGES=…] node --import tsx bench/ipdb-rss.ts ORIGIN');
  process.exit(2);
}

try {
  const port = await freePort();
  const collector = await startCollector(
    parseConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: process.env.DATABASE_URL,
      DATA_DIR: process.env.DATA_DIR,
      OPEN_ASN: process.env.OPEN_ASN,
      ACCOUNT_RANGES: process.env.ACCOUNT_RANGES,
      TRUST_PROXY: 'loopback',
      RATE_LIMIT: '0',
      RATE_LIMIT_SITE: '0',
    }),
  );
  const key = `bench${randomUUID().slice(0, 8)}`;
  await collector.store.createSite({ id: randomUUID(), key, name: 'Bench', origins: [origin] });
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, key })}\n`);
} catch (error) {
  console.error(`ipdb-rss: cannot start the collector: ${(error as Error).message}`);
  process.exit(1);
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'report') continue;
  const memory = process.memoryUsage();
  const maxRss = process.resourceUsage().maxRSS * 1024;
  // Under --expose-gc, the same after a full collection: steadier for comparing two runs.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const report = { memory, maxRss, ...(gc && { afterGc: process.memoryUsage() }) };
  process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
  break;
}
