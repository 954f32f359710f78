import type { Campaign } from '../attribution/index.js';
import type { IncomingEvent } from '../schema/index.js';
import type { AccountRef, NetworkInfo, StoredEvent } from '../schema/domain.js';


/** An event on its way through enrichment: what will be stored, plus what must never be. */
export interface Draft {
  siteId: string;
  /** The site's own hosts (from its allowed origins): a referrer from them is no source. */
  siteHosts: readonly string[];
  event: IncomingEvent;
  receivedAt: number;
  userAgent: string | null;
  /** The client address as received; steps may use it, the last step replaces it with `ip`. */
  rawIp: string | null;
  /** The address as stored (truncated or hashed), set by the last step. */
  ip: string | null;
  /** Today's salt, when addresses are stored hashed. */
  ipSalt?: string;
  bot: boolean;
  /** The campaign a page view's URL carries (campaign step). */
  campaign?: Campaign | null;
  /** What identification made of the client's network (identify step). */
  network?: NetworkInfo | null;
  /** The account the event credits (identify step). */
  account?: AccountRef | null;
  /** Points before role weight and recency, and the seniority of a job title the event gave (score step). */
  points?: number;
  roleLevel?: string | null;
  /** GA4's channel group, source and medium of a page view (channel step). */
  touch?: StoredEvent['touch'];
  /** A business e-mail's form fill from a network, to learn ranges from (identify step). */
  evidence?: StoredEvent['evidence'];
  warnings: string[];
}

export type StepResult = { ok: true; draft: Draft } | { ok: false; reason: string };

/** One enrichment: a pure function of the draft. It returns; it never throws. */
export type Step = (draft: Draft) => StepResult;

export const keep = (draft: Draft): StepResult => ({ ok: true, draft });
export const drop = (reason: string): StepResult => ({ ok: false, reason });

/** Runs the steps in order; the first drop ends the run. */
export function runSteps(steps: readonly Step[], draft: Draft): StepResult {
  let current = draft;
  for (const step of steps) {
    const result = step(current);
    if (!result.ok) return result;
    current = result.draft;
  }
  return keep(current);
}
