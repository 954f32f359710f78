/**
 * Reverse DNS, assembled (REVERSE_DNS=on): the lookups (ipdb room) credit a network to the
 * account whose domain its forward-confirmed PTR name is in, store the range with its evidence,
 * reload identification so later events are credited on arrival, and back-fill the network's
 * recent events. main.ts starts it only when the feature is on.
 */
import { accountIndex, type AccountMatch } from './accounts/index.js';
import type { Config } from './config.js';
import { identifyStored } from './enrich/index.js';
import type { Identification } from './identification.js';
import { reverseDnsQueue, systemDns, type DnsClient, type ReverseDnsFound, type ReverseDnsOffer, type ReverseDnsQueue } from './ipdb/index.js';
import type { Store } from './store/index.js';

const DAY = 86_400_000;

export interface ReverseDnsOptions {
  /** The DNS client; by default node's resolver on the system's servers, or Config's. */
  dns?: DnsClient;
  now?: () => number;
  /** How far back the events of a network just credited are identified again (default 30 days). */
  backfillMs?: number;
  /**
   * How long to wait before the back-fill, so the events whose batch was being written when the
   * credit landed are stored by then (default 1 s).
   */
  settleMs?: number;
  onError?: (err: unknown) => void;
  /** Told of every credit, for the log. */
  onCredit?: (credit: ReverseDnsFound & { account: string }) => void;
}

export interface ReverseDnsWorker {
  /** The enrichment step's offer: never waits, never throws. */
  offer(o: ReverseDnsOffer): void;
  queue: ReverseDnsQueue;
  close(): Promise<void>;
}

/**
 * The account a PTR name's domain belongs to: a target account's domain or alias domain first
 * (the target list's own matching), then any account already known by that domain or alias.
 * Names never count: 'example-corp.com' is not 'Example Corp' until someone says so.
 */
export async function accountOfDomain(store: Pick<Store, 'accountsByDomain'>, targets: Identification['options']['accounts'], domain: string): Promise<AccountMatch | undefined> {
  const target = targets().match({ domain });
  if (target && target.by !== 'name') return target;
  const known = accountIndex(await store.accountsByDomain(domain)).match({ domain });
  return known && known.by !== 'name' ? known : undefined;
}

export function startReverseDns(store: Store, identification: Identification, config: Config['reverseDns'], o: ReverseDnsOptions = {}): ReverseDnsWorker {
  const now = o.now ?? Date.now;
  const backfillMs = o.backfillMs ?? 30 * DAY;
  const settleMs = o.settleMs ?? 1000;
  const onError = o.onError ?? ((err: unknown) => console.error('reverse DNS:', (err as Error)?.message ?? err));
  const credit = async (found: ReverseDnsFound): Promise<boolean> => {
    const account = await accountOfDomain(store, identification.options.accounts, found.domain);
    if (!account) return false;
    // The range credits the account's own domain, so identification finds the account by it even when the name matched an alias.
    await store.creditReverseDns({ network: found.network, ptr: found.name, domain: account.domain ?? found.domain, name: account.name, accountId: account.id, checkedAt: found.checkedAt });
    await identification.refresh();
    o.onCredit?.({ ...found, account: account.id });
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    await store.reidentify(identifyStored(identification.options), () => {}, { network: found.network, since: now() - backfillMs });
    return true;
  };
  const queue = reverseDnsQueue({
    dns: o.dns ?? systemDns({ servers: config.servers, timeoutMs: config.timeoutMs }),
    credit,
    concurrency: config.concurrency,
    queueSize: config.queueSize,
    timeoutMs: config.timeoutMs,
    positiveTtlMs: config.positiveTtlMs,
    negativeTtlMs: config.negativeTtlMs,
    now,
    // Timeouts and SERVFAILs are a visitor network's DNS being what it is, not the collector's trouble.
    onError: (err) => {
      const code = (err as { code?: string })?.code;
      if (code !== 'ETIMEOUT' && code !== 'ESERVFAIL' && code !== 'ECONNREFUSED' && code !== 'EREFUSED') onError(err);
    },
  });
  return { offer: (offer) => void queue.offer(offer), queue, close: () => queue.close() };
}
