/**
 * `npm run simulate`: 90 days of demo traffic sent to a running collector.
 *
 *   COLLECTOR_URL   the collector (default http://127.0.0.1:8787); it must trust this machine's
 *                   X-Forwarded-For (TRUST_PROXY=loopback, as `npm start` sets it)
 *   ADMIN_TOKEN     required: imports the target list, finds the demo site
 *   SITE_KEY        the site to send to (default: the demo site, found by name)
 *   ORIGIN          an allowed origin of that site (default http://localhost:3000, or the demo site's first)
 *   SIMULATE_DAYS   default 90
 *   SIMULATE_SEED   default 42 (the same seed sends the same events: run twice, the second adds nothing)
 *   SIMULATE_SCALE  multiplies the amount of traffic (default 1: about 30,000 events)
 */
import { formatCount, progressBar, type Progress } from '../collector/progress.js';
import { DEMO_SITE_NAME } from './setup.js';
import { listSites, SendError, simulate } from './simulator/index.js';

const DEFAULT_ORIGIN = 'http://localhost:3000';

function number(name: string, fallback: number, check: (n: number) => boolean, what: string): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) fail(`${name} must be ${what}, got ${JSON.stringify(raw)}`);
  return n;
}

function fail(message: string, code = 2): never {
  console.error(`simulate: ${message}`);
  process.exit(code);
}

let bar: Progress | undefined;

async function main(): Promise<void> {
  const collectorUrl = (process.env.COLLECTOR_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');
  const adminToken = process.env.ADMIN_TOKEN;
  if (!adminToken) fail('ADMIN_TOKEN is required: the admin token the collector runs with (npm start prints it)');
  try {
    new URL(collectorUrl);
  } catch {
    fail(`COLLECTOR_URL must be a URL like http://127.0.0.1:8787, got ${JSON.stringify(collectorUrl)}`);
  }
  const days = number('SIMULATE_DAYS', 90, (n) => n > 0 && n <= 3650, 'a number of days (1–3650)');
  const seed = number('SIMULATE_SEED', 42, (n) => Number.isInteger(n), 'a whole number');
  const scale = number('SIMULATE_SCALE', 1, (n) => n >= 0 && n <= 100, 'a number from 0 to 100');

  const sites = await listSites(collectorUrl, adminToken);
  const site = process.env.SITE_KEY ? sites.find((s) => s.key === process.env.SITE_KEY) : sites.find((s) => s.name === DEMO_SITE_NAME);
  if (!site) {
    fail(
      process.env.SITE_KEY
        ? `no site on ${collectorUrl} has the key ${JSON.stringify(process.env.SITE_KEY)}`
        : `no site named ${JSON.stringify(DEMO_SITE_NAME)} on ${collectorUrl}: set SITE_KEY for another site, or start the demo with npm start`,
    );
  }
  const siteKey = site.key;
  const origin = process.env.ORIGIN || (site.origins.includes(DEFAULT_ORIGIN) || !site.origins.length ? DEFAULT_ORIGIN : site.origins[0]!);
  if (site.origins.length && !site.origins.includes(origin)) fail(`ORIGIN ${origin} is not an allowed origin of the site ${JSON.stringify(site.name)} (${site.origins.join(', ')})`);

  console.log(`Simulating ${days} days of visits to ${origin} (site ${siteKey}, seed ${seed}, scale ${scale}) → ${collectorUrl}`);
  let shown = 0;
  const report = await simulate({
    collectorUrl,
    adminToken,
    siteKey,
    origin,
    days,
    seed,
    scale,
    onProgress: (done, total) => {
      bar ??= progressBar({ label: 'Sending events', total });
      bar.tick(done - shown);
      shown = done;
    },
  });
  bar?.done(`${formatCount(report.accepted)} stored`);
  const again = report.accepted < report.events ? ` (${formatCount(report.events - report.accepted)} were stored already: the same seed sends the same events; set SIMULATE_SEED for new ones)` : '';
  console.log(
    `Done in ${report.seconds}s: ${formatCount(report.events)} events in ${formatCount(report.visits)} visits, ${formatCount(report.accepted)} stored${again}; ` +
      `${report.targets} target accounts imported, ${report.companiesSeen} companies visited.`,
  );
  console.log(`Open ${collectorUrl}/app to see them (stages are re-evaluated every minute).`);
}

await main().catch((err: unknown) => {
  bar?.done('stopped');
  if (err instanceof SendError) fail(err.message, 1);
  throw err;
});
