/**
 * Loaded only when a send fails, or when an earlier page left events waiting
 * (dist/sdk/s-queue.js): undelivered events kept in IndexedDB (idb-keyval), bounded, and
 * replayed oldest first with exponential backoff. Where IndexedDB is missing or refuses, the
 * queue lives in memory for this page.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { Envelope, Transport } from './wire.js';

interface Item {
  endpoint: string;
  envelope: Envelope;
}
interface Saved {
  items: Item[];
  /** Events dropped (oldest first) because the queue was full, not yet reported. */
  dropped: number;
}

/** At most this many events wait; past it the oldest go, and are counted. */
export const CAP = 1000;
const KEY = 'q';

let db: UseStore | undefined;
let memory: Saved = { items: [], dropped: 0 };
const store = () => (db ??= createStore('abm', 'queue'));
// Through a resolved promise: without IndexedDB, idb-keyval throws synchronously.
const read = (): Promise<Saved> =>
  Promise.resolve()
    .then(() => get<Saved>(KEY, store()))
    .then((v) => v || { items: [], dropped: 0 }, () => memory);
const write = (v: Saved): Promise<void> =>
  Promise.resolve()
    .then(() => set(KEY, v, store()))
    .catch(() => void (memory = v));

/** Serialises read-modify-write across this page's calls. */
let chain: Promise<unknown> = Promise.resolve();
const locked = <T>(work: () => Promise<T>): Promise<T> => {
  const next = chain.then(work, work);
  chain = next.catch(() => {});
  return next;
};

export const save = (endpoint: string, envelope: Envelope): Promise<void> =>
  locked(async () => {
    const saved = await read();
    saved.items.push({ endpoint, envelope });
    let count = saved.items.reduce((n, i) => n + i.envelope.events.length, 0);
    while (count > CAP && saved.items.length) {
      const first = saved.items[0]!;
      const over = Math.min(count - CAP, first.envelope.events.length);
      first.envelope.events.splice(0, over);
      saved.dropped += over;
      count -= over;
      if (!first.envelope.events.length) saved.items.shift();
    }
    await write(saved);
  });

let delay = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;

/** Sends the queue oldest first; stops at the first failure and tries again later, backing off. */
export function replay(send: Transport, done: () => void): void {
  if (running) return;
  running = true;
  clearTimeout(timer);
  void locked(async () => {
    const saved = await read();
    while (saved.items.length) {
      const { endpoint, envelope } = saved.items[0]!;
      const body = JSON.stringify(saved.dropped ? { ...envelope, dropped: saved.dropped } : envelope);
      if (!(await send(endpoint, body, false))) break;
      saved.items.shift();
      saved.dropped = 0;
      await write(saved);
    }
    return saved.items.length;
  })
    .then((left) => {
      if (!left) {
        delay = 0;
        return done();
      }
      // 2 s, 4 s, 8 s … up to 5 minutes, with jitter so many tabs do not retry in step.
      delay = Math.min(3e5, delay ? delay * 2 : 2e3);
      timer = setTimeout(() => replay(send, done), delay * (0.75 + Math.random() / 2));
    })
    .finally(() => (running = false));
}
