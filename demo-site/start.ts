/**
 * `npm start`: the product in demo mode, on the embedded default store.
 *   collector  http://localhost:8787  (admin token generated and printed unless ADMIN_TOKEN is set)
 *   demo site  http://localhost:3000  (its script tag points at the collector with the demo site key)
 */
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { ConfigError, parseConfig } from '../collector/config.js';
import { describeStartError, startCollector } from '../collector/main.js';
import { snippet } from '../collector/http/index.js';
import { createDemoSite } from './server.js';
import { ensureDemoSite } from './setup.js';

const DEMO_PORT = Number(process.env.DEMO_PORT ?? 3000);

async function main(): Promise<void> {
  const generated = !process.env.ADMIN_TOKEN;
  const adminToken = process.env.ADMIN_TOKEN || randomBytes(24).toString('base64url');
  let config;
  try {
    config = parseConfig({ ...process.env, ADMIN_TOKEN: adminToken, HOST: process.env.HOST ?? '127.0.0.1' });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  }
  const collector = await startCollector(config).catch((err) => {
    console.error(`collector: cannot start: ${describeStartError(err)}`);
    process.exit(1);
  });
  const demoOrigin = `http://localhost:${DEMO_PORT}`;
  const { site, created } = await ensureDemoSite(collector.store, DEMO_PORT);
  const demo = serve({ fetch: createDemoSite({ collectorUrl: collector.url, siteKey: site.key }).fetch, port: DEMO_PORT, hostname: config.host });
  demo.once('error', (err) => {
    console.error(`demo site: cannot listen on :${DEMO_PORT}: ${describeStartError(err)}`);
    process.exit(1);
  });

  console.log(`
  Open ABM is running (demo mode, ${config.database.kind === 'sqlite' ? config.database.path : 'postgres'})

  Dashboard      ${collector.url}/app  (sign in with the admin token below)
  Demo site      ${demoOrigin}
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
