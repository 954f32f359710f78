import type { Envelope } from './wire.js';

export type Transport = (endpoint: string, envelope: Envelope) => void;

/**
 * A `text/plain` JSON body: a "simple" request, so no CORS preflight. sendBeacon survives the
 * page being closed; fetch with keepalive is the fallback where a beacon is refused.
 */
export const beaconTransport: Transport = (endpoint, envelope) => {
  const body = JSON.stringify(envelope);
  try {
    if (navigator.sendBeacon?.(endpoint, body)) return;
  } catch {
    /* fall through to fetch */
  }
  try {
    void fetch(endpoint, {
      method: 'POST',
      body,
      keepalive: body.length < 60000,
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain' },
    }).catch(() => {});
  } catch {
    /* nowhere left to send it */
  }
};
