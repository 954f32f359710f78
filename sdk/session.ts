import { now, randomId, type KeyValue } from './env.js';
import { campaignOf } from './url.js';

const THIRTY_MINUTES = 18e5;

export interface Session {
  /** id */
  i: string;
  /** last activity, epoch ms */
  t: number;
  /** the campaign the session landed with */
  c?: Record<string, string>;
}

/**
 * The session for an event happening now: the stored one while it has been active in the last
 * 30 minutes and no new campaign arrived; a new one otherwise.
 */
export function touchSession(kv: KeyValue, href: string): Session {
  let s: Session | undefined;
  try {
    s = JSON.parse(kv.get('abm_s') || 'null') ?? undefined;
  } catch {
    /* unreadable: start over */
  }
  const c = campaignOf(href);
  const t = now();
  if (!s || t - s.t > THIRTY_MINUTES || (c && JSON.stringify(c) != JSON.stringify(s.c))) s = { i: randomId(), t, ...(c && { c }) };
  s.t = t;
  kv.set('abm_s', JSON.stringify(s));
  return s;
}
