import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describeSource } from './git-state.js';
import { formatBytes, markdownTable } from './markdown-table.js';
import type { Benchmark } from './types.js';
import { describeError, postgresUrl, redact } from './support.js';

/** The goal: the collector on SQLite at half the events/s of a handler that only parses the body. */
export const goalRatio = 0.5;
export const batchSize = 10;
export const benchOrigin = 'https://bench.example';

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** BENCH_INGEST_CONNECTIONS and BENCH_INGEST_SECONDS override the defaults. */
export const settings = {
  connections: intFromEnv('BENCH_INGEST_CONNECTIONS', 50),
  seconds: intFromEnv('BENCH_INGEST_SECONDS', 10),
  warmupSeconds: 2,
  visitors: 1000,
};

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const serverScript = path.join(benchDir, 'ingest-server.ts');

// ---------------------------------------------------------------------------------------------
// Bodies: every request a new batch of distinct events, ids unique across the whole run.

let sequence = 0;

/** The body of one request: `batchSize` valid page views of one visitor, ids never used before. */
export function nextBody(siteKey: string): string {
  const n = sequence++;
  const seq = String(n).padStart(8, '0');
  const visitor = `visitor-${n % settings.visitors}`;
  const ts = Date.now();
  const events = Array.from({ length: batchSize }, (_, i) => ({
    id: `b${seq}-${i}`,
    type: 'page_view',
    ts,
    visitor,
    url: `${benchOrigin}/docs/page-${(n + i) % 100}?ref=bench`,
    title: `Bench page ${(n + i) % 100}`,
  }));
  return JSON.stringify({ site: siteKey, events });
}

// ---------------------------------------------------------------------------------------------
// Servers: one child process per target.

interface Server {
  name: string;
  url: string;
  key: string;
  child: ChildProcess;
}

/** Starts bench/ingest-server.ts under tsx and waits for the line saying where it listens. */
function startServer(name: string, args: string[], env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverScript, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: the server did not start within 30 s`));
    }, 30_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name}: the server exited (code ${code}) before listening`));
    };
    child.once('exit', onExit);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      try {
        const ready = JSON.parse(line) as { url: string; key: string };
        resolve({ name, url: ready.url, key: ready.key, child });
      } catch {
        child.kill('SIGKILL');
        reject(new Error(`${name}: unexpected output from the server: ${line.slice(0, 200)}`));
      }
    });
  });
}

/** SIGKILL: nothing gets a chance to flush, so what is counted afterwards is what was committed. */
async function kill(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGKILL');
  await exited;
}

// ---------------------------------------------------------------------------------------------
// Load.

interface Tally {
  /** 2xx replies. */
  ok: number;
  /** Sum of `accepted` over the 202 replies: events the server says it stored. */
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Replies by status, non-2xx only. */
  failures: Map<number, number>;
}

const newTally = (): Tally => ({ ok: 0, accepted: 0, duplicates: 0, rejected: 0, failures: new Map() });

function addTally(into: Tally, from: Tally): void {
  into.ok += from.ok;
  into.accepted += from.accepted;
  into.duplicates += from.duplicates;
  into.rejected += from.rejected;
  for (const [status, n] of from.failures) into.failures.set(status, (into.failures.get(status) ?? 0) + n);
}

async function fire(server: Server, seconds: number, tally: Tally): Promise<autocannon.Result> {
  return autocannon({
    url: `${server.url}/v1/events`,
    connections: settings.connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: benchOrigin },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: nextBody(server.key) }),
        onResponse: (status, body) => {
          if (status < 200 || status > 299) {
            tally.failures.set(status, (tally.failures.get(status) ?? 0) + 1);
            return;
          }
          tally.ok += 1;
          const reply = JSON.parse(body) as { accepted?: number; duplicates?: number; rejected?: unknown[] };
          tally.accepted += reply.accepted ?? 0;
          tally.duplicates += reply.duplicates ?? 0;
          tally.rejected += reply.rejected?.length ?? 0;
        },
      },
    ],
  });
}

/** Clock ticks per second of /proc/<pid>/stat times. */
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds a process has used (user + system), from /proc; undefined where there is no /proc. */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / clockTicks : undefined;
  } catch {
    return undefined;
  }
}

interface Measured {
  name: string;
  result: autocannon.Result;
  /** CPU used during the measured window, as a share of one core: the server process and this one (autocannon). */
  serverCpu: number | undefined;
  loadCpu: number;
  /** The measured window only. */
  tally: Tally;
  /** Warm-up and measured window: what the store must hold. */
  total: Tally;
  /** Events in the store after the server was killed; undefined for the ceiling. */
  stored?: number;
}

/** A warm-up (replies counted, timings thrown away), then the measured run. */
async function measure(server: Server): Promise<Measured> {
  const total = newTally();
  await fire(server, settings.warmupSeconds, total);
  const tally = newTally();
  const serverBefore = processCpuSeconds(server.child.pid);
  const loadBefore = process.cpuUsage();
  const started = performance.now();
  const result = await fire(server, settings.seconds, tally);
  const wall = (performance.now() - started) / 1000;
  const serverAfter = processCpuSeconds(server.child.pid);
  const load = process.cpuUsage(loadBefore);
  addTally(total, tally);
  return {
    name: server.name,
    result,
    tally,
    total,
    serverCpu: serverBefore !== undefined && serverAfter !== undefined ? (serverAfter - serverBefore) / wall : undefined,
    loadCpu: (load.user + load.system) / 1e6 / wall,
  };
}

// ---------------------------------------------------------------------------------------------
// Targets.

async function runCeiling(): Promise<Measured> {
  const server = await startServer('ceiling', ['ceiling'], {});
  try {
    return await measure(server);
  } finally {
    await kill(server);
  }
}

/** The collector with a store that writes nothing: the most this collector's HTTP, validation and enrichment allow, whatever the store. */
async function runNoStore(): Promise<Measured> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'open-abm-bench-ingest-'));
  try {
    const server = await startServer('collector, nothing stored', ['collector', benchOrigin, 'nostore'], { DATABASE_URL: `sqlite:${path.join(dir, 'abm.db')}` });
    try {
      return await measure(server);
    } finally {
      await kill(server);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runSqlite(name: string, synchronous: 'full' | 'normal'): Promise<Measured> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'open-abm-bench-ingest-'));
  const file = path.join(dir, 'abm.db');
  try {
    const server = await startServer(name, ['collector', benchOrigin], { DATABASE_URL: `sqlite:${file}`, SQLITE_SYNCHRONOUS: synchronous });
    let measured: Measured;
    try {
      measured = await measure(server);
    } finally {
      await kill(server);
    }
    const db = new SQLite(file);
    try {
      const row = db.prepare('select count(*) as n from events').get() as { n: number };
      return { ...measured, stored: row.n };
    } finally {
      db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface PostgresInfo {
  url: string;
  version: string;
  synchronousCommit: string;
  fsync: string;
}

type PostgresOutcome = { ok: true; info: PostgresInfo; measured: Measured } | { ok: false; url: string; reason: string };

/** The PostgreSQL run; a failure is reported in the section rather than failing the whole bench. */
async function runPostgres(): Promise<PostgresOutcome> {
  try {
    return await runPostgresUnguarded(postgresUrl());
  } catch (error) {
    return { ok: false, url: redact(postgresUrl()), reason: `the run failed (${describeError(error)})` };
  }
}

async function runPostgresUnguarded(url: string): Promise<PostgresOutcome> {
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => {});
    return { ok: false, url: redact(url), reason: `it is unreachable (${describeError(error)})` };
  }
  const database = `open_abm_bench_${process.pid}_${Date.now().toString(36)}`;
  try {
    const show = async (setting: string) => (await admin.query<Record<string, string>>(`show ${setting}`)).rows[0]?.[setting] ?? '?';
    const info: PostgresInfo = {
      url: redact(url),
      version: await show('server_version'),
      synchronousCommit: await show('synchronous_commit'),
      fsync: await show('fsync'),
    };
    await admin.query(`create database ${database}`);
    try {
      const benchUrl = new URL(url);
      benchUrl.pathname = `/${database}`;
      const server = await startServer('postgres', ['collector', benchOrigin], { DATABASE_URL: benchUrl.toString() });
      let measured: Measured;
      try {
        measured = await measure(server);
      } finally {
        await kill(server);
      }
      const counter = new pg.Client({ connectionString: benchUrl.toString() });
      await counter.connect();
      try {
        const { rows } = await counter.query<{ n: string }>('select count(*) as n from events');
        return { ok: true, info, measured: { ...measured, stored: Number(rows[0]?.n ?? 0) } };
      } finally {
        await counter.end();
      }
    } finally {
      const version = Number((await admin.query<{ v: string }>('show server_version_num')).rows[0]?.v ?? 0);
      await admin.query(`drop database if exists ${database}${version >= 130000 ? ' with (force)' : ''}`);
    }
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

/** autocannon records latencies in whole milliseconds. */
const ms = (value: number) => formatBytes(Math.round(value));
const perSecond = (count: number, result: autocannon.Result) => count / result.duration;
const whole = (value: number) => formatBytes(Math.round(value));

function failuresText(tally: Tally): string {
  const parts = [...tally.failures].sort(([a], [b]) => a - b).map(([status, n]) => `${formatBytes(n)}×${status}`);
  return parts.length ? parts.join(', ') : '0';
}

function throughputRow(m: Measured, ceiling: Measured | undefined): string[] {
  const requests = perSecond(m.tally.ok, m.result);
  const events = requests * batchSize;
  const ceilingEvents = ceiling ? perSecond(ceiling.tally.ok, ceiling.result) * batchSize : undefined;
  const ratio = ceilingEvents ? events / ceilingEvents : undefined;
  const isCeiling = m === ceiling;
  return [
    m.name,
    whole(requests),
    whole(events),
    ms(m.result.latency.p50),
    ms(m.result.latency.p99),
    failuresText(m.tally),
    formatBytes(m.result.errors + m.result.timeouts),
    m.serverCpu === undefined ? 'n/a' : `${Math.round(m.serverCpu * 100)} %`,
    `${Math.round(m.loadCpu * 100)} %`,
    ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}×`,
    isCeiling ? '(ceiling)' : ratio === undefined ? 'n/a' : ratio >= goalRatio ? 'yes' : 'no',
  ];
}

function durabilityRow(m: Measured): string[] {
  const acknowledged = m.total.accepted;
  const stored = m.stored ?? 0;
  const inFlight = stored - acknowledged;
  // Each of the two autocannon runs (warm-up, measured) may stop with one batch in flight per connection.
  const maxInFlight = 2 * settings.connections * batchSize;
  const verdict =
    inFlight < 0
      ? `**${formatBytes(-inFlight)} acknowledged events missing**`
      : m.total.accepted !== m.total.ok * batchSize
        ? 'every acknowledged event stored, but some were not accepted'
        : inFlight > maxInFlight
          ? 'every acknowledged event stored; more extra rows than requests in flight'
          : 'every acknowledged event stored';
  return [
    m.name,
    formatBytes(m.total.ok),
    formatBytes(acknowledged),
    formatBytes(m.total.duplicates),
    formatBytes(m.total.rejected),
    formatBytes(stored),
    formatBytes(inFlight),
    verdict,
  ];
}

async function runIngest(): Promise<string> {
  const ceiling = await runCeiling();
  const sqlite = await runSqlite('sqlite', 'full');
  const sqliteNormal = await runSqlite('sqlite, NORMAL', 'normal');
  const postgres = await runPostgres();
  const noStore = await runNoStore();
  const measured = [ceiling, sqlite, sqliteNormal, ...(postgres.ok ? [postgres.measured] : []), noStore];

  const throughput = markdownTable(
    [
      { header: 'Target' },
      { header: 'Requests/s', align: 'right' },
      { header: 'Events/s', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'Non-2xx', align: 'right' },
      { header: 'Errors', align: 'right' },
      { header: 'Server CPU', align: 'right' },
      { header: 'autocannon CPU', align: 'right' },
      { header: 'Events/s ÷ ceiling', align: 'right' },
      { header: `≥ ${goalRatio}×`, align: 'right' },
    ],
    measured.map((m) => throughputRow(m, ceiling)),
  );
  const durability = markdownTable(
    [
      { header: 'Target' },
      { header: '202 replies', align: 'right' },
      { header: 'Events acknowledged', align: 'right' },
      { header: 'Duplicates', align: 'right' },
      { header: 'Rejected', align: 'right' },
      { header: 'Rows after SIGKILL', align: 'right' },
      { header: 'Rows − acknowledged', align: 'right' },
      { header: 'Check' },
    ],
    [sqlite, sqliteNormal, ...(postgres.ok ? [postgres.measured] : [])].map(durabilityRow),
  );

  const sqliteRatio = perSecond(sqlite.tally.ok, sqlite.result) / perSecond(ceiling.tally.ok, ceiling.result);
  const headline = `Goal: the collector on SQLite, durable, at **≥ ${goalRatio}× the events/s of the ceiling**. Now: **${sqliteRatio.toFixed(2)}×**: ${sqliteRatio >= goalRatio ? 'goal met' : 'goal not met'}.`;
  const bodyBytes = Buffer.byteLength(nextBody('bench0000'));
  const postgresNote = postgres.ok
    ? `- **postgres**: the same collector with \`DATABASE_URL\` pointing at a database created for this run (\`CREATE DATABASE\`) and dropped after it, on ${postgres.info.url.replace(/\/[^/]*$/, '/…')} (PostgreSQL ${postgres.info.version}, \`synchronous_commit = ${postgres.info.synchronousCommit}\`, \`fsync = ${postgres.info.fsync}\`), through the store's default pool of 10 connections. The server runs on the same 2 cores.`
    : `- **postgres**: not measured: PostgreSQL at ${postgres.url}: ${postgres.reason}. Set \`BENCH_DATABASE_URL\` (or \`TEST_DATABASE_URL\`) to measure it.`;

  return [
    headline,
    '',
    `\`POST /v1/events\`, each request a batch of ${batchSize} distinct events (${formatBytes(bodyBytes)} B body); ${settings.connections} connections, a ${settings.warmupSeconds} s warm-up then ${settings.seconds} s measured, per target, with autocannon ${autocannonVersion()}.`,
    '',
    throughput,
    '',
    'Durability: after the run the server was killed with SIGKILL and the events in its store counted. Every event a 202 acknowledged (warm-up included) must be there; a few more may be, from requests in flight when autocannon stopped after the warm-up and after the measured run (at most one batch per connection each time).',
    '',
    durability,
    '',
    `Collector from commit ${await describeSource(['collector'])}.`,
    '',
    'How it is measured:',
    '',
    '- **ceiling**: a bare Hono app on `@hono/node-server` whose `POST /v1/events` only reads the body, `JSON.parse`s it and answers 202 with a small JSON: the most any handler on this stack can do here.',
    '- **collector, nothing stored** (a diagnostic, not a way to run it): the same collector, but its store\'s `insertEvents` acknowledges every event without writing anything. Its ratio is the most this collector\'s HTTP handling, per-event validation and enrichment (bot check, IP lookup, account matching, scoring, channel, campaign, anonymising) allow with any store: where it is under the goal, no store work can reach the goal here.',
    `- **sqlite**: the collector as \`npm run collector\` runs it (\`startCollector(parseConfig(…))\`, default configuration but \`RATE_LIMIT=0\` and \`RATE_LIMIT_SITE=0\`), on an embedded SQLite file in a fresh temporary directory (WAL, and the default \`SQLITE_SYNCHRONOUS=full\`: each group commit is synced to disk before its 202s go out, so an acknowledged event survives a power loss as well as the collector crashing), with one site allowing \`Origin: ${benchOrigin}\`.
- **sqlite, NORMAL**: the same with \`SQLITE_SYNCHRONOUS=normal\`: the WAL is synced at checkpoints only, so an acknowledged event survives the collector crashing (the SIGKILL check above) but the last commits before a power loss or OS crash could be rolled back. The difference between the two rows is what durability costs.`,
    postgresNote,
    `- Requests carry \`Content-Type: text/plain\` and \`Origin: ${benchOrigin}\`, as the tag sends them. Each body is built afresh by autocannon's \`setupRequest\`: ${batchSize} \`page_view\` events with ids \`b<request number>-<0…${batchSize - 1}>\` (never repeated in a run, so none is a duplicate), \`ts\` = now, one of ${formatBytes(settings.visitors)} visitors per request, a URL and a title. Every 202 reply is read to count what was accepted.`,
    '- Each server runs in a child process of its own (`node --import tsx bench/ingest-server.ts`, one per target, killed after it) and autocannon runs in the bench process, so load generator and server do not share an event loop. They still share the machine\'s 2 cores (and, for postgres, with the database), so these are figures for one machine, not a capacity plan; the ratio to the ceiling, measured the same way in the same run, is the number to compare.',
    '- Events/s is 2xx replies × 10 ÷ measured seconds; p50 and p99 are the latencies of the 2xx replies (autocannon records whole milliseconds). Non-2xx lists replies by status; errors are connection errors and timeouts. Server CPU and autocannon CPU are the CPU time the server process (PostgreSQL\'s own processes not included) and the bench process used in the measured window, in % of one core: where the load generator needs most of a core, as it does against the ceiling, the ceiling is a lower bound and the ratio to it flatters the collector.',
    '- `BENCH_INGEST_CONNECTIONS` and `BENCH_INGEST_SECONDS` change the connections and the measured seconds; `BENCH_DATABASE_URL` (or `TEST_DATABASE_URL`) where PostgreSQL is.',
  ].join('\n');
}

function autocannonVersion(): string {
  try {
    return (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;
  } catch {
    return '';
  }
}

export const ingest: Benchmark = {
  id: 'ingest',
  title: 'Ingestion throughput',
  run: runIngest,
};
