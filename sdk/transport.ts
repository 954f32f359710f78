import type { Transport } from './wire.js';

/**
 * A `text/plain` JSON body: a "simple" request, so no CORS preflight. On page hide a beacon,
 * which outlives the page; otherwise fetch with keepalive, whose status we can read: offline,
 * network errors, 5xx, 408 and 429 resolve false so the caller queues the events.
 */
export const post: Transport = async (endpoint, body, beacon) => {
  try {
    if (beacon && navigator.sendBeacon(endpoint, body)) return true;
  } catch {
    /* fall through to fetch */
  }
  return (
    navigator.onLine &&
    fetch(endpoint, { method: 'POST', body, keepalive: body.length < 6e4, credentials: 'omit' }).then(
      (r) => r.status < 500 && r.status != 408 && r.status != 429,
      () => false,
    )
  );
};
