/**
 * Posting: visits go through the real Events API as a browser's tag would send them (text/plain,
 * the site's Origin, the visitor's user agent), with the visitor's address in X-Forwarded-For,
 * which the collector believes only from a trusted proxy (TRUST_PROXY=loopback in demo mode).
 * The target list goes through the admin API.
 */
import { countryOf, type DemoTarget } from './companies.js';
import type { SimEvent, Visit } from './traffic.js';

/** At most this many events per request (the collector's default limit is 100). */
export const BATCH_EVENTS = 50;
const ATTEMPTS = 8;
/** Connection failures worth another try: a collector restarting or shedding load. */
const TRANSIENT = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

export interface SendOptions {
  collectorUrl: string;
  siteKey: string;
  origin: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Called after each batch the collector answered, with its number of events. */
  onBatch?: (events: number) => void;
  /** For tests: waits between retries. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SendResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** The first few rejections, as the collector explained them. */
  problems: string[];
}

export interface Batch {
  ip: string;
  userAgent: string;
  events: SimEvent[];
}

export class SendError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const base = (url: string) => url.replace(/\/+$/, '');

/** One batch per visit (split when longer than BATCH_EVENTS), in the visits' order. */
export function batchesOf(visits: readonly Visit[]): Batch[] {
  const out: Batch[] = [];
  for (const v of visits) {
    for (let i = 0; i < v.events.length; i += BATCH_EVENTS) out.push({ ip: v.ip, userAgent: v.userAgent, events: v.events.slice(i, i + BATCH_EVENTS) });
  }
  return out;
}

/**
 * POSTs one request, retrying what a busy collector answers (429 with Retry-After, 503, a dropped
 * connection) with a short backoff; any other failure is a SendError naming the collector's reason.
 */
async function post(url: string, init: RequestInit, sleep: (ms: number) => Promise<void>): Promise<Response> {
  let lastError = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let res: Response | undefined;
    try {
      res = await fetch(url, init);
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      lastError = cause?.code ?? cause?.message ?? (err as Error).message;
      if (attempt === 1 && cause?.code === 'ECONNREFUSED') throw new SendError(`cannot reach ${new URL(url).origin} (connection refused): is the collector running?`);
      if (!cause?.code || !TRANSIENT.has(cause.code)) throw new SendError(`cannot reach ${new URL(url).origin}: ${lastError}`);
    }
    if (res && res.status !== 429 && res.status !== 503) return res;
    if (res) {
      lastError = `HTTP ${res.status}`;
      await res.body?.cancel();
    }
    const retryAfter = Number(res?.headers.get('retry-after'));
    const backoff = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 10_000) : Math.min(100 * 2 ** attempt, 5_000);
    await sleep(backoff);
  }
  throw new SendError(`${url}: gave up after ${ATTEMPTS} attempts (${lastError})`);
}

async function failure(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error) return `${res.status} ${body.error.code}: ${body.error.message}`;
  } catch {
    /* not JSON */
  }
  return `${res.status} ${text.slice(0, 200)}`;
}

/** Sends batches, a few in flight at once, in order; counts what the collector accepted. */
export async function sendBatches(batches: readonly Batch[], o: SendOptions): Promise<SendResult> {
  const url = `${base(o.collectorUrl)}/v1/events`;
  const sleep = o.sleep ?? wait;
  const result: SendResult = { accepted: 0, duplicates: 0, rejected: 0, problems: [] };
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (failed === undefined && next < batches.length) {
      const batch = batches[next++]!;
      try {
        const res = await post(
          url,
          {
            method: 'POST',
            headers: { 'content-type': 'text/plain;charset=UTF-8', origin: o.origin, 'user-agent': batch.userAgent, 'x-forwarded-for': batch.ip },
            body: JSON.stringify({ site: o.siteKey, events: batch.events }),
          },
          sleep,
        );
        if (res.status !== 202) throw new SendError(`the collector refused a batch: ${await failure(res)}`, res.status);
        const reply = (await res.json()) as { accepted?: number; duplicates?: number; rejected?: { index: number; code: string; message: string }[] };
        result.accepted += reply.accepted ?? 0;
        result.duplicates += reply.duplicates ?? 0;
        for (const r of reply.rejected ?? []) {
          result.rejected++;
          if (result.problems.length < 5) result.problems.push(`${batch.events[r.index]?.type ?? 'event'} ${r.code}: ${r.message}`);
        }
        o.onBatch?.(batch.events.length);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 8) }, worker));
  if (failed !== undefined) throw failed;
  return result;
}

/** Admin API calls: Bearer token, JSON, a clear error for a wrong token or URL. */
async function admin(collectorUrl: string, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await post(`${base(collectorUrl)}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } }, wait);
  if (res.status === 401) throw new SendError(`${path}: the collector refused the admin token (401): use the ADMIN_TOKEN it was started with`, 401);
  return res;
}

/** Imports the target list (POST /api/target-accounts); returns how many accounts it now holds from it. */
export async function importTargets(collectorUrl: string, adminToken: string, targets: readonly DemoTarget[]): Promise<{ created: number; updated: number }> {
  const rows = targets.map((t) => ({ domain: t.domain, name: t.name, tier: t.tier, owner_email: t.owner, aliases: [...(t.aliases ?? [])], country: countryOf(t) ?? '' }));
  const res = await admin(collectorUrl, adminToken, '/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) });
  if (res.status !== 200) throw new SendError(`importing the target list failed: ${await failure(res)}`, res.status);
  const report = (await res.json()) as { created: number; updated: number; errors: number; rows: { status: string; name?: string; message?: string }[] };
  if (report.errors) {
    const bad = report.rows.filter((r) => r.status === 'error').map((r) => r.message);
    throw new SendError(`importing the target list: ${report.errors} rows refused (${bad.slice(0, 3).join('; ')})`);
  }
  return { created: report.created, updated: report.updated };
}

export interface SiteView {
  id: string;
  key: string;
  name: string;
  origins: string[];
}

/** The collector's sites (GET /api/sites). */
export async function listSites(collectorUrl: string, adminToken: string): Promise<SiteView[]> {
  const res = await admin(collectorUrl, adminToken, '/api/sites');
  if (res.status !== 200) throw new SendError(`listing sites failed: ${await failure(res)}`, res.status);
  return ((await res.json()) as { sites: SiteView[] }).sites;
}

/** How the collector recorded the address of an event it stored (GET /api/events). */
export async function storedAddress(collectorUrl: string, adminToken: string, eventId: string): Promise<{ ip: string | null; network: string | null } | undefined> {
  const res = await admin(collectorUrl, adminToken, '/api/events?limit=200');
  if (res.status !== 200) return undefined;
  const { events } = (await res.json()) as { events: { id: string; ip: string | null; network: { class: string } | null }[] };
  const e = events.find((x) => x.id === eventId);
  return e && { ip: e.ip, network: e.network?.class ?? null };
}
