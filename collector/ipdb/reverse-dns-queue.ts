import { BoundedCache } from './bounded-cache.js';
import { confirmedName, isPublicAddress, plainAddress, reverseNetwork, type DnsClient } from './reverse-dns.js';

/** An address worth a reverse-DNS look, and what identification already knows of its network. */
export interface ReverseDnsOffer {
  ip: string;
  /** The network operator's domain when a database names it: a PTR name under it is the operator's, not a customer's. */
  operatorDomain?: string | null;
}

/** A forward-confirmed, non-generic name found for an address of a network. The address itself is not passed on. */
export interface ReverseDnsFound {
  /** The /24 or /48 (reverseNetwork). */
  network: string;
  name: string;
  domain: string;
  checkedAt: number;
}

export interface ReverseDnsQueueOptions {
  dns: DnsClient;
  /** What to do with a confirmed name; true when it credited an account (the network is then cached as positive). */
  credit(found: ReverseDnsFound): Promise<boolean>;
  /** Lookups at once. */
  concurrency: number;
  /** Addresses waiting at most; an offer beyond is dropped. */
  queueSize: number;
  /** Per DNS query. */
  timeoutMs: number;
  /** How long a network that credited an account is not looked up again. */
  positiveTtlMs: number;
  /** How long a network with no usable name (none, generic, unconfirmed, no account, timeout, failure) is not looked up again. */
  negativeTtlMs: number;
  /** Networks remembered at most (default 100,000). */
  cacheSize?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

/** 'queued'; 'known' (cached, or already waiting); 'full' (dropped); 'ignored' (not a public address, or closed). */
export type OfferOutcome = 'queued' | 'known' | 'full' | 'ignored';

export interface ReverseDnsQueue {
  /** Never waits and never throws: the ingest path calls it. */
  offer(o: ReverseDnsOffer): OfferOutcome;
  /** Resolves once nothing waits and nothing runs. */
  idle(): Promise<void>;
  /** Drops what waits, and resolves when the lookups running have ended. */
  close(): Promise<void>;
  readonly stats: { queued: number; running: number; cached: number; dropped: number };
}

interface Job {
  ip: string;
  network: string;
  operatorDomain: string | null;
}

/**
 * Reverse DNS off the write path: offers go to a bounded in-memory queue (raw addresses live only
 * there, and only until looked up), worked by a few lookups at once. Each /24 or /48 is looked up
 * once per TTL, whichever of its addresses came first: offices sit behind one or a few addresses,
 * and a network's own resolver need not hear about every visitor.
 */
export function reverseDnsQueue(o: ReverseDnsQueueOptions): ReverseDnsQueue {
  const now = o.now ?? Date.now;
  const until = new BoundedCache<string, number>(o.cacheSize ?? 100_000);
  const waiting: Job[] = [];
  const busy = new Set<string>();
  let running = 0;
  let dropped = 0;
  let closed = false;
  let idlers: (() => void)[] = [];

  const settleIdle = () => {
    if (running || waiting.length) return;
    for (const resolve of idlers.splice(0)) resolve();
  };

  const run = async (job: Job) => {
    let credited = false;
    try {
      const found = await confirmedName(o.dns, job.ip, { timeoutMs: o.timeoutMs, operatorDomains: [job.operatorDomain] });
      if (found) credited = await o.credit({ network: job.network, name: found.name, domain: found.domain, checkedAt: now() });
    } catch (err) {
      // A timeout, a SERVFAIL, a failed credit: the network counts as nothing found until the negative TTL ends.
      o.onError?.(err);
    }
    until.set(job.network, now() + (credited ? o.positiveTtlMs : o.negativeTtlMs));
  };

  const pump = () => {
    while (!closed && running < o.concurrency && waiting.length) {
      const job = waiting.shift()!;
      running++;
      void run(job).finally(() => {
        running--;
        busy.delete(job.network);
        pump();
        settleIdle();
      });
    }
  };

  return {
    offer({ ip, operatorDomain }) {
      const address = closed ? null : plainAddress(ip);
      const network = address && isPublicAddress(address) ? reverseNetwork(address) : null;
      if (!address || !network) return 'ignored';
      if (busy.has(network) || (until.get(network) ?? 0) > now()) return 'known';
      if (waiting.length >= o.queueSize) {
        dropped++;
        return 'full';
      }
      busy.add(network);
      waiting.push({ ip: address, network, operatorDomain: operatorDomain ?? null });
      pump();
      return 'queued';
    },
    idle: () => (running || waiting.length ? new Promise<void>((resolve) => idlers.push(resolve)) : Promise.resolve()),
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) busy.delete(job.network);
      await (running ? new Promise<void>((resolve) => idlers.push(resolve)) : Promise.resolve());
      idlers = [];
    },
    get stats() {
      return { queued: waiting.length, running, cached: until.size, dropped };
    },
  };
}
