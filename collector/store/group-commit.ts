import type { InsertResult } from './store.js';
import type { StoredEvent } from '../schema/domain.js';

/** Writes events in one transaction and returns the keys (`site\0id`) it newly stored. */
export type WriteBatch = (events: StoredEvent[]) => Promise<Set<string>>;

export const eventKey = (e: Pick<StoredEvent, 'siteId' | 'id'>) => `${e.siteId}\u0000${e.id}`;

interface Waiter {
  events: StoredEvent[];
  resolve(result: InsertResult): void;
  reject(err: unknown): void;
}

/**
 * Group commit: the batches of requests that arrive while a transaction is being written wait
 * and are written together in the next one, so throughput does not pay a transaction per
 * request. Every caller still hears back only after its events are committed, with its own
 * counts (an id sent twice in one group is stored by the first and a duplicate for the
 * second). If a group's transaction fails, its batches are retried one by one, so one bad
 * batch cannot fail the others.
 */
export function groupCommit(write: WriteBatch, maxEvents = 1000): (events: StoredEvent[]) => Promise<InsertResult> {
  let pending: Waiter[] = [];
  let running = false;

  const settle = (group: Waiter[], fresh: Set<string>) => {
    const claimed = new Set<string>();
    for (const w of group) {
      let inserted = 0;
      for (const e of w.events) {
        const k = eventKey(e);
        if (fresh.has(k) && !claimed.has(k)) {
          claimed.add(k);
          inserted += 1;
        }
      }
      w.resolve({ inserted, duplicates: w.events.length - inserted });
    }
  };

  const take = (): Waiter[] => {
    const group: Waiter[] = [];
    let size = 0;
    while (pending.length && (group.length === 0 || size + pending[0]!.events.length <= maxEvents)) {
      const w = pending.shift()!;
      size += w.events.length;
      group.push(w);
    }
    return group;
  };

  const drain = async () => {
    running = true;
    while (pending.length) {
      const group = take();
      try {
        settle(group, await write(group.flatMap((w) => w.events)));
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err);
        else
          for (const w of group) {
            try {
              settle([w], await write(w.events));
            } catch (one) {
              w.reject(one);
            }
          }
      }
    }
    running = false;
  };

  return (events) => {
    if (events.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0 });
    return new Promise<InsertResult>((resolve, reject) => {
      pending.push({ events, resolve, reject });
      if (!running) {
        running = true;
        setImmediate(() => void drain());
      }
    });
  };
}
