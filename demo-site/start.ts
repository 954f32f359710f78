/**
 * `npm start`: the product in demo mode, on the embedded default store.
 *   collector  http://localhost:8787  (admin token generated and printed unless ADMIN_TOKEN is set)
 *   demo site  http://localhost:3000  (its script tag points at the collector with the demo site key)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { ConfigError, parseConfig } from '../collector/config.js';
import { describeStartError, startCollector } from '../collector/main.js';
import { snippet } from '../collector/http/index.js';
import { formatCount, progressBar, type Progress } from '../collector/progress.js';
import { ALERTS_HOOK_PATH, createDemoSite } from './server.js';
import { ensureDemoSite } from './setup.js';
import { simulate } from './simulator/index.js';
import { evaluateStagesOver } from '../collector/stage-evaluation.js';
import { replayAlertsFrom } from '../collector/notify/index.js';

const DEMO_PORT = Number(process.env.DEMO_PORT ?? 3000);
const DAY = 86_400_000;
const DAYS = 90;
/** The alerts of the demo's last days go to its viewer, as the collector would have sent them. */
const ALERT_DAYS = 7;

async function main(): Promise<void> {
  const generated = !process.env.ADMIN_TOKEN;
  const adminToken = process.env.ADMIN_TOKEN || randomBytes(24).toString('base64url');
  let config;
  try {
    // Demo mode only: the traffic simulator sets each simulated visitor's address in X-Forwarded-For from loopback.
    config = parseConfig({ ...process.env, ADMIN_TOKEN: adminToken, HOST: process.env.HOST ?? '127.0.0.1', TRUST_PROXY: process.env.TRUST_PROXY ?? 'loopback' });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  }
  // Stages move only once the demo's history is in and stepped through (below), never halfway through it.
  let historyIn!: () => void;
  const stagesAfter = new Promise<void>((resolve) => (historyIn = resolve));
  const collector = await startCollector(config, { stagesAfter }).catch((err) => {
    console.error(`collector: cannot start: ${describeStartError(err)}`);
    process.exit(1);
  });
  const demoOrigin = `http://localhost:${DEMO_PORT}`;
  const { site, created } = await ensureDemoSite(collector.store, DEMO_PORT);
  const alertsSecret = randomBytes(32).toString('base64url');
  const demo = serve({ fetch: createDemoSite({ collectorUrl: collector.url, siteKey: site.key, alerts: { secret: alertsSecret } }).fetch, port: DEMO_PORT, hostname: config.host });
  demo.once('error', (err) => {
    console.error(`demo site: cannot listen on :${DEMO_PORT}: ${describeStartError(err)}`);
    process.exit(1);
  });

  // The demo's alert viewer as a webhook destination; its secret lives only in this run, so last run's goes.
  const hook = `http://127.0.0.1:${DEMO_PORT}${ALERTS_HOOK_PATH}`;
  for (const d of await collector.store.listAlertDestinations()) if (d.kind === 'webhook' && d.target === hook) await collector.store.removeAlertDestination(d.id);
  await collector.store.addAlertDestination({ id: randomUUID(), kind: 'webhook', target: hook, secret: alertsSecret, owner: null, digest: false, createdAt: Date.now() });

  // An empty store gets 90 days of believable traffic, through the Events API like any browser's;
  // then stages are evaluated as the days passed: each change on the day, and after the pages, that made it.
  if (!(await collector.store.newestEvents({ limit: 1 })).length) {
    let bar: Progress | undefined;
    let lastDone = 0;
    const now = Date.now();
    const report = await simulate({
      collectorUrl: collector.url, adminToken, siteKey: site.key, origin: demoOrigin, days: DAYS, now,
      onProgress: (done, total) => {
        bar ??= progressBar({ label: `Demo data: ${DAYS} days of visits`, total });
        bar.tick(done - lastDone);
        lastDone = done;
      },
    }).catch((err: unknown) => {
      console.error(`demo data: the simulator failed: ${err instanceof Error ? err.message : err}`);
      return null;
    });
    if (report) bar?.done(`${formatCount(report.accepted)} events, ${formatCount(report.visits)} visits, ${report.companiesSeen} companies`);
    await evaluateStagesOver(collector.store, { rules: config.scoring.stages, reading: config.scoring.reading, from: now - DAYS * DAY, to: Date.now() }).catch((err: unknown) => {
      console.error(`demo data: stages: ${err instanceof Error ? err.message : err}`);
    });
    if (config.alerts.enabled) await replayAlertsFrom(collector.store, now - ALERT_DAYS * DAY);
  }
  historyIn();

  console.log(`
  Open ABM is running (demo mode, ${config.database.kind === 'sqlite' ? config.database.path : 'postgres'})

  Dashboard      ${collector.url}/app  (sign in with the admin token below)
  Demo site      ${demoOrigin}
  Alerts (demo)  ${demoOrigin}/alerts  (what the collector's webhook alerts would tell sales)
  Collector      ${collector.url}
  Site key       ${site.key}${created ? '  (created now)' : ''}
  Admin token    ${adminToken}${generated ? '  (generated for this run; set ADMIN_TOKEN to keep one)' : ''}

  Open the demo site, then watch your page views arrive in the dashboard's Live view
  (${collector.url}/app/live), or through the API:
    curl -H 'Authorization: Bearer ${adminToken}' '${collector.url}/api/events?limit=5'

  The tag on the demo pages:
    ${snippet(collector.url, site.key)}
`);

  const stop = () => {
    demo.close();
    void collector.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
