import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The real collector as a child process (`node --import tsx collector/main.ts`), for tests that
 * kill it, restart it or run several of it. Configured by environment only, as in production.
 */

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHILD_ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CollectorProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** What it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once the process has exited. */
  readonly dead: boolean;
}

/** Spawns the collector on a free port of 127.0.0.1 with the given DATABASE_URL; does not wait for it. */
export async function spawnCollector(databaseUrl: string, env: Record<string, string> = {}): Promise<CollectorProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      ADMIN_TOKEN: CHILD_ADMIN_TOKEN,
      RATE_LIMIT: '0',
      RATE_LIMIT_SITE: '0',
      // The bundled open ASN data takes seconds to compile; tests that need it say so.
      OPEN_ASN: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let dead = false;
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      dead = true;
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      out += `\nspawn error: ${err.message}`;
      dead = true;
      resolve({ code: null, signal: null });
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    get dead() {
      return dead;
    },
  };
}

/** Polls GET /healthz until it answers 200; fails at once, with the child's output, if the child exits. */
export async function waitHealthy(p: CollectorProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (p.dead) throw new Error(`collector on port ${p.port} exited before it was healthy (${JSON.stringify(await p.exited)}):\n${p.output()}`);
    try {
      const res = await fetch(`${p.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`collector on port ${p.port} not healthy after ${timeoutMs} ms (${last}):\n${p.output()}`);
}

/** SIGTERM, then SIGKILL if it has not exited within graceMs. Safe to call on an exited process. */
export async function stopCollector(p: CollectorProcess | undefined, graceMs = 5000): Promise<void> {
  if (!p || p.dead) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!p.dead) p.child.kill('SIGKILL');
  }, graceMs);
  try {
    await p.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL: no shutdown code runs. Resolves once the process is gone. */
export async function killCollector(p: CollectorProcess | undefined): Promise<void> {
  if (!p || p.dead) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

export interface IngestReply {
  status: number;
  body: { accepted?: number; duplicates?: number; rejected?: unknown[]; error?: unknown } | null;
}

/** POST /v1/events without an Origin header (a server-side sender); throws when the connection fails. */
export async function postEvents(url: string, siteKey: string, events: readonly unknown[]): Promise<IngestReply> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'abm-test-sender/1.0' },
    body: JSON.stringify({ site: siteKey, events }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: IngestReply['body'] = null;
  try {
    body = JSON.parse(text) as IngestReply['body'];
  } catch {
    body = { error: text };
  }
  return { status: res.status, body };
}

/** A page view a server-side sender would post; `id` must be unique per event. */
export function serverEvent(id: string, visitor: string, session: string, ts: number): Record<string, unknown> {
  return {
    id,
    type: 'page_view',
    ts,
    visitor,
    session,
    url: `https://www.vendor.example/docs/${id}`,
    title: 'Docs',
    referrer: 'https://www.google.com/',
  };
}
