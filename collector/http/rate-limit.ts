import type { Context } from 'hono';
import { HttpError } from './errors.js';
import type { Admit, Batch } from './events.js';

/**
 * Rate limits on POST /v1/events, counted in events (a batch of 40 costs 40), per client IP and
 * per site. Over a limit: 429 with Retry-After; the SDK keeps the batch and retries, so nothing
 * is lost. A limit of 0 is a check left out of the list, not an `if` inside it.
 */

export interface RateDecision {
  ok: boolean;
  /** How long until `cost` would be granted; 0 when ok. */
  retryAfterMs: number;
}

/** A budget per key. The in-memory one serves one process; a shared store can implement this for several. */
export interface RateLimiter {
  take(key: string, cost: number, now: number): RateDecision | Promise<RateDecision>;
}

export interface MemoryRateLimiterOptions {
  perMinute: number;
  /** Most keys remembered; past it the least recently seen are forgotten (they start afresh). */
  maxKeys?: number;
}

const WINDOW_MS = 60_000;

/**
 * A token bucket per key: `perMinute` tokens, refilled continuously, so a full minute's budget may
 * come in one burst. A key idle for a minute has a full bucket, the same as no bucket, and is
 * dropped; the map is kept in last-use order, so those sit at its front. Memory is bounded by
 * `maxKeys` even under a flood of distinct addresses.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly maxKeys: number;

  constructor({ perMinute, maxKeys = 100_000 }: MemoryRateLimiterOptions) {
    if (!(perMinute > 0)) throw new RangeError('perMinute must be above 0; leave the limiter out for no limit');
    this.capacity = perMinute;
    this.perMs = perMinute / WINDOW_MS;
    this.maxKeys = maxKeys;
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string, cost: number, now: number): RateDecision {
    for (const [k, b] of this.buckets) {
      if (now - b.at < WINDOW_MS) break;
      this.buckets.delete(k);
    }
    const b = this.buckets.get(key);
    let tokens = b ? Math.min(this.capacity, b.tokens + Math.max(0, now - b.at) * this.perMs) : this.capacity;
    // A batch larger than a minute's budget needs a full bucket, or it could never pass.
    const need = Math.min(cost, this.capacity);
    const ok = tokens >= need;
    if (ok) tokens -= need;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens, at: now });
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(k);
    }
    return { ok, retryAfterMs: ok ? 0 : Math.ceil((need - tokens) / this.perMs) };
  }
}

export interface RateLimits {
  perIp?: RateLimiter | undefined;
  perSite?: RateLimiter | undefined;
}

/** In-memory limiters for the configured events per minute; a 0 leaves that limiter out. */
export function memoryRateLimits({ perIp, perSite }: { perIp: number; perSite: number }): RateLimits {
  return {
    perIp: perIp > 0 ? new MemoryRateLimiter({ perMinute: perIp }) : undefined,
    perSite: perSite > 0 ? new MemoryRateLimiter({ perMinute: perSite }) : undefined,
  };
}

/** The checks a batch passes before it is stored: per IP first, so one address cannot drain its site's budget. */
export function rateLimitChecks(limits: RateLimits = {}): Admit[] {
  const checks: Admit[] = [];
  if (limits.perIp) checks.push(limitBy(limits.perIp, (b) => ipKey(b.ip), 'from this IP address'));
  if (limits.perSite) checks.push(limitBy(limits.perSite, (b) => b.siteId, 'for this site'));
  return checks;
}

function limitBy(limiter: RateLimiter, key: (b: Batch) => string, what: string): Admit {
  return async (c: Context, batch: Batch) => {
    const { ok, retryAfterMs } = await limiter.take(key(batch), batch.events, batch.now);
    if (ok) return;
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    c.header('Retry-After', String(seconds));
    throw new HttpError(429, 'rate_limited', `too many events ${what}; retry in ${seconds} s`);
  };
}

/** IPv4 counts per address, IPv6 per /64 (one subscriber's block, which it can roam freely). */
export function ipKey(ip: string | null): string {
  if (!ip) return 'unknown';
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const width = right.length + (right.at(-1)?.includes('.') ? 1 : 0); // a dotted IPv4 tail is two groups
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - width)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
