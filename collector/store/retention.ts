import type { Store } from './store.js';

const DAY = 24 * 3600 * 1000;

/**
 * Raw-event retention: every hour (and at start) deletes raw events received more than `days`
 * days ago. Sessions and visitors stay. Returns a stop function; the timer never keeps the
 * process alive on its own.
 */
export function startRetention(
  store: Pick<Store, 'deleteEventsBefore'>,
  days: number,
  { now = Date.now, everyMs = 3600 * 1000, log = (n: number) => n && console.log(`retention: deleted ${n} raw events older than ${days} days`) } = {},
): () => void {
  const sweep = () =>
    store
      .deleteEventsBefore(now() - days * DAY)
      .then(log)
      .catch((err) => console.error(`retention: ${err instanceof Error ? err.message : err}`));
  void sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
