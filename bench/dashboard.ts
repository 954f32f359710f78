import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../collector/config.js';
import { startCollector } from '../collector/main.js';
import { evaluateStages } from '../collector/stage-evaluation.js';
import { ensureDemoSite } from '../demo-site/setup.js';
import { simulate } from '../demo-site/simulator/index.js';
import { describeSource } from './git-state.js';
import { markdownTable } from './markdown-table.js';
import { freePort } from './support.js';
import type { Benchmark } from './types.js';

/**
 * Dashboard pages on the demo data: a collector as `npm start` runs it (SQLite file, open ASN
 * data, trusted loopback proxy), filled by the demo traffic simulator through the Events API,
 * then every page fetched over HTTP with a signed-in session. Goal: each under 100 ms.
 */
const GOAL_MS = 100;
const WARMUP = 2;
const CALLS = 15;
const TOKEN = 'bench-dashboard-token-0123456789';

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

async function signIn(base: string): Promise<string> {
  const form = await fetch(`${base}/app/login`);
  const loginCookie = form.headers.getSetCookie().find((c) => c.startsWith('abm_login='))!.split(';')[0]!;
  const field = /name="_login" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await fetch(`${base}/app/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _login: field, token: TOKEN }).toString(),
  });
  return res.headers.getSetCookie().find((c) => c.startsWith('abm_session='))!.split(';')[0]!;
}

async function runDashboard(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'open-abm-bench-dashboard-'));
  const port = await freePort();
  const collector = await startCollector(
    parseConfig({
      PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'abm.db')}`, DATA_DIR: path.join(dir, 'data'),
      ADMIN_TOKEN: TOKEN, PUBLIC_URL: `http://127.0.0.1:${port}`, TRUST_PROXY: 'loopback', ALERTS: 'off', RATE_LIMIT: '0', RATE_LIMIT_SITE: '0',
    }),
  );
  try {
    const { site } = await ensureDemoSite(collector.store, 3000);
    const started = performance.now();
    const report = await simulate({ collectorUrl: collector.url, adminToken: TOKEN, siteKey: site.key, origin: 'http://localhost:3000' });
    const simulateSeconds = (performance.now() - started) / 1000;
    await evaluateStages(collector.store, { rules: collector.config.scoring.stages, reading: collector.config.scoring.reading });
    const cookie = await signIn(collector.url);
    const busiest = (await collector.store.accountMetrics({
      fromDay: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10), toDay: new Date().toISOString().slice(0, 10), target: true,
      sort: 'visits', descending: true, limit: 1, offset: 0, weights: collector.config.scoring.reading.weights, halfLifeDays: collector.config.scoring.reading.halfLifeDays,
    })).rows[0];
    const pages: [string, string][] = [
      ['Overview', '/app'],
      ['Accounts', '/app/accounts'],
      ['Accounts, targets by visits', '/app/accounts?target=true&sort=visits'],
      [`Account page (${busiest?.name ?? '?'})`, `/app/accounts/${encodeURIComponent(busiest?.id ?? 'none')}`],
      ['Content', '/app/content'],
      ['Channels', '/app/channels'],
      ['Target list', '/app/targets'],
      ['Live', '/app/live'],
      ['Alerts', '/app/alerts'],
      ['Settings', '/app/settings'],
    ];
    const rows: string[][] = [];
    let met = 0;
    for (const [name, p] of pages) {
      const samples: number[] = [];
      let status = 0;
      let bytes = 0;
      for (let i = 0; i < WARMUP + CALLS; i++) {
        const t = performance.now();
        const res = await fetch(`${collector.url}${p}`, { headers: { cookie } });
        const body = await res.text();
        const ms = performance.now() - t;
        status = res.status;
        bytes = body.length;
        if (i >= WARMUP) samples.push(ms);
      }
      const median = quantile(samples, 0.5);
      const p95 = quantile(samples, 0.95);
      const ok = status === 200 && median < GOAL_MS;
      if (ok) met++;
      rows.push([name, `\`${p}\``, String(status), median.toFixed(1), p95.toFixed(1), `< ${GOAL_MS}`, ok ? 'yes' : '**no**', bytes.toLocaleString('en-US')]);
    }
    const counts = await collector.store.accountMetrics({
      fromDay: new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10), toDay: new Date().toISOString().slice(0, 10),
      sort: 'score', descending: true, limit: 1, offset: 0, weights: collector.config.scoring.reading.weights, halfLifeDays: collector.config.scoring.reading.halfLifeDays,
    });
    return [
      `Goal: every dashboard page in **under ${GOAL_MS} ms** on the demo data. Now: **${met} of ${pages.length}** within it (median).`,
      '',
      markdownTable(
        [{ header: 'Page' }, { header: 'Request' }, { header: 'Status', align: 'right' }, { header: 'Median ms', align: 'right' }, { header: 'p95 ms', align: 'right' }, { header: 'Goal ms', align: 'right' }, { header: 'Met' }, { header: 'HTML bytes', align: 'right' }],
        rows,
      ),
      '',
      `Demo data: \`simulate()\` (demo-site/simulator, default seed and scale) sent ${report.events.toLocaleString('en-US')} events (${report.accepted.toLocaleString('en-US')} accepted) in ${report.visits.toLocaleString('en-US')} visits over 90 days through \`POST /v1/events\` in ${simulateSeconds.toFixed(1)} s; ${report.targets} target accounts, ${counts.total.toLocaleString('en-US')} accounts active in the 90 days.`,
      '',
      `Collector from commit ${await describeSource(['collector', 'demo-site'])}.`,
      '',
      'How it is measured:',
      '',
      '- A collector as `npm start` runs it: an SQLite file (`SQLITE_SYNCHRONOUS=full`), the bundled open ASN data compiled into a fresh data directory, `TRUST_PROXY=loopback` so the simulator can set each visitor\'s address; alerts off, so no notifier competes for the store.',
      '- The simulator\'s traffic goes through the real Events API, then stages are evaluated once (as the collector does every minute).',
      `- Each page is fetched over HTTP (\`fetch\` from the same process) with a session cookie from \`/app/login\`: ${WARMUP} warm-up calls, then ${CALLS} timed ones; the default period (the last 30 days).`,
    ].join('\n');
  } finally {
    await collector.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const dashboard: Benchmark = {
  id: 'dashboard',
  title: 'Dashboard pages on the demo data',
  run: runDashboard,
};
