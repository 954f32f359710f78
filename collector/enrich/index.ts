/**
 * The enrichment steps, in the one order they run. A disabled enrichment is a step left out of
 * this list, never an `if` inside a step. Coming with later issues, in this order:
 * client IP through trusted proxies (http), data-center and ip→company→account (ipdb),
 * source→channel (attribution), session.
 */

import { anonymiseIpStep, hashIpStep } from './anonymise-ip.js';
import { botStep } from './bot.js';
import { campaignStep } from './campaign.js';
import { channelStep } from './channel.js';
import { scoreStep } from './score.js';
import { DEFAULT_SCORING, type ScoringRules } from '../accounts/index.js';
import { identifyStep, type IdentifyOptions } from './identify.js';
import { redactStep } from './redact.js';
import { reverseDnsStep } from './reverse-dns.js';
import type { ReverseDnsOffer } from '../ipdb/index.js';
import { runSteps, type Draft, type Step } from './pipeline.js';
import type { StoredEvent } from '../schema/domain.js';

export type { Draft, Step, StepResult } from './pipeline.js';
export { keep, drop, runSteps } from './pipeline.js';
export { truncateIp, hashIpStep } from './anonymise-ip.js';
export { identifyStep, identifyStored, type IdentifyOptions } from './identify.js';
export { reverseDnsStep } from './reverse-dns.js';
export { REDACTION_VERSION, redactIncoming, redactProps, redactStep, redactText, redactUrlOnArrival, storedRedaction } from './redact.js';

export type IpStorage = 'truncate' | 'hash';

/**
 * The steps in order. `identify` (ip→network→company→account, e-mail→account) is left out where
 * no identification is configured (tests of other steps; it always is in main.ts); the reverse-DNS
 * offer where REVERSE_DNS is off.
 */
export function defaultSteps(
  ipStorage: IpStorage = 'truncate',
  identify?: IdentifyOptions,
  scoring: ScoringRules = DEFAULT_SCORING,
  offerReverseDns?: (o: ReverseDnsOffer) => unknown,
): Step[] {
  return [
    // first: no step reads, and nothing keeps, a secret or an e-mail address of a URL, title or prop.
    redactStep,
    botStep,
    ...(identify ? [identifyStep(identify)] : []),
    // after identify: only events it credited to no account are offered.
    ...(identify && offerReverseDns ? [reverseDnsStep(offerReverseDns)] : []),
    // after bot and identify: what they flag as automated scores nothing.
    scoreStep(scoring),
    campaignStep,
    channelStep,
    // must stay last: every step before it may read the raw address.
    ipStorage === 'hash' ? hashIpStep : anonymiseIpStep,
  ];
}

export type Enriched = { ok: true; event: StoredEvent } | { ok: false; reason: string };

/** Runs the steps over one received event and shapes what the store keeps. */
export function enrich(steps: readonly Step[], draft: Draft): Enriched {
  const result = runSteps(steps, draft);
  if (!result.ok) return result;
  const d = result.draft;
  const e = d.event;
  return {
    ok: true,
    event: {
      siteId: d.siteId,
      id: e.id,
      type: e.type,
      name: e.name ?? null,
      ts: e.ts,
      receivedAt: d.receivedAt,
      visitor: e.visitor ?? null,
      session: e.session ?? null,
      url: e.url,
      title: e.title ?? null,
      referrer: e.referrer || null,
      props: e.props ?? null,
      ip: d.ip,
      userAgent: d.userAgent,
      bot: d.bot,
      campaign: d.campaign ?? null,
      network: d.network ?? null,
      account: d.account ?? null,
      evidence: d.evidence ?? null,
      touch: d.touch ?? null,
      points: d.points ?? 0,
      roleLevel: d.roleLevel ?? null,
    },
  };
}
