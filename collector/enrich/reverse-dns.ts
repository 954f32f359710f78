import type { ReverseDnsOffer } from '../ipdb/index.js';
import { keep, type Step } from './pipeline.js';

/**
 * Networks that may hide an office behind a business line: an ISP's, a business network that
 * credited nobody (a name below the threshold), one no source knows. Never a carrier's mobile
 * network, a cloud or an anonymiser, whose customers are not visitors' companies.
 */
const MAY_HIDE_AN_OFFICE: ReadonlySet<string> = new Set(['isp', 'business', 'unknown']);

/**
 * Offers the address of an event that credited no account to the reverse-DNS worker (REVERSE_DNS=on).
 * The offer only puts the address in a bounded in-memory queue and returns at once: ingest never
 * waits on DNS, and a credit found later reaches this event by the worker's back-fill. It comes
 * after identify (it reads what identify made of the event) and before the address is truncated.
 */
export function reverseDnsStep(offer: (o: ReverseDnsOffer) => unknown): Step {
  return (draft) => {
    if (draft.rawIp && !draft.bot && !draft.account && MAY_HIDE_AN_OFFICE.has(draft.network?.class ?? 'unknown')) {
      try {
        offer({ ip: draft.rawIp, operatorDomain: draft.network?.domain ?? null });
      } catch {
        // Steps return, they do not throw: a failed offer is a lookup not made.
      }
    }
    return keep(draft);
  };
}
