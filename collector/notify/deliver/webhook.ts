import { createHmac, timingSafeEqual } from 'node:crypto';
import { reasonsOf, RULE_LABELS, type Alert, type Delivery, type Destination, type Digest } from '../types.js';
import { post, type PostOptions } from './http.js';

/**
 * Generic webhooks: a JSON body, signed like Stripe's and Slack's own requests.
 *
 *   X-ABM-Timestamp: <unix seconds>
 *   X-ABM-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>
 *
 * A receiver recomputes the HMAC over the raw body, compares in constant time and refuses
 * timestamps older than a few minutes (replays): `verifyWebhookSignature` does all three.
 */

export const SIGNATURE_VERSION = 'v1';

export interface WebhookAlert {
  id: string;
  type: 'alert';
  /** The leading (strongest) reason's rule; `rules` lists them all. */
  rule: Alert['rule'];
  /** Every reason's rule, in the order they happened. */
  rules: Alert['rule'][];
  /** Every reason: its rule, the rule's label, one line, when, and its facts. */
  reasons: { rule: Alert['rule']; label: string; summary: string; at: string; facts: Alert['facts'] }[];
  /** True when an earlier alert told this visit's other reasons: only the new ones are here. */
  follow_up: boolean;
  summary: string;
  account: Alert['account'];
  occurred_at: string;
  pages: { url: string; title: string | null; at: string }[];
  /** "visit": the pages of the visit the alert is about; "recent": the account's latest (an MQA or surge with no visit). */
  pages_from: 'visit' | 'recent';
  url: string;
  /** Every reason's facts, together. */
  facts: Alert['facts'];
}

export interface WebhookDigest {
  id: string;
  type: 'digest';
  day: string;
  alerts: WebhookAlert[];
  url: string;
}

export function webhookAlertPayload(alert: Alert): WebhookAlert {
  const reasons = reasonsOf(alert);
  return {
    id: alert.key,
    type: 'alert',
    rule: alert.rule,
    rules: reasons.map((r) => r.rule),
    reasons: reasons.map((r) => ({ rule: r.rule, label: RULE_LABELS[r.rule] ?? r.rule, summary: r.summary, at: new Date(r.at).toISOString(), facts: r.facts })),
    follow_up: alert.followUp === true,
    summary: alert.summary,
    account: alert.account,
    occurred_at: new Date(alert.occurredAt).toISOString(),
    pages: alert.pages.map((page) => ({ url: page.url, title: page.title, at: new Date(page.at).toISOString() })),
    pages_from: alert.pagesFrom ?? 'visit',
    url: alert.url,
    facts: alert.facts,
  };
}

export function webhookPayload(message: { alert: Alert } | { digest: Digest }): WebhookAlert | WebhookDigest {
  if ('alert' in message) return webhookAlertPayload(message.alert);
  const { digest } = message;
  return { id: digest.key, type: 'digest', day: digest.day, alerts: digest.alerts.map(webhookAlertPayload), url: digest.url };
}

export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `${SIGNATURE_VERSION}=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyWebhookOptions {
  secret: string;
  /** The X-ABM-Timestamp header (unix seconds). */
  timestamp: string | number | null | undefined;
  /** The X-ABM-Signature header; several comma-separated `v1=` values are accepted (key rotation). */
  signature: string | null | undefined;
  /** The raw request body, exactly as received. */
  body: string | Buffer;
  /** The receiver's clock in milliseconds (Date.now()). */
  now?: number;
  toleranceSeconds?: number;
}

/** True when the signature matches the body and timestamp, and the timestamp is within the tolerance. */
export function verifyWebhookSignature({ secret, timestamp, signature, body, now = Date.now(), toleranceSeconds = 300 }: VerifyWebhookOptions): boolean {
  if (!secret || !signature || timestamp === null || timestamp === undefined) return false;
  const stamp = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(stamp)) return false;
  if (Math.abs(now / 1000 - Number(stamp)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${stamp}.`).update(body).digest();
  let valid = false;
  for (const part of signature.split(',')) {
    const [version, hex] = part.trim().split('=', 2);
    if (version !== SIGNATURE_VERSION || !hex || !/^[0-9a-f]{64}$/i.test(hex)) continue;
    // No early exit: every candidate is compared, in constant time.
    if (timingSafeEqual(Buffer.from(hex, 'hex'), expected)) valid = true;
  }
  return valid;
}

/** Keys are made by the rules and are plain ASCII; anything else is percent-encoded rather than refused. */
const headerSafe = (value: string): string => (/^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value));

export interface WebhookOptions extends PostOptions {
  /** The sender's clock in milliseconds (tests). */
  now?: () => number;
}

/** POSTs the JSON payload, signed when the destination has a secret. */
export function deliverWebhook(destination: Destination, message: { alert: Alert } | { digest: Digest }, options: WebhookOptions = {}): Promise<Delivery> {
  const payload = webhookPayload(message);
  const body = JSON.stringify(payload);
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'open-abm-alerts',
    'X-ABM-Idempotency-Key': headerSafe(payload.id),
    'X-ABM-Timestamp': String(timestamp),
  };
  if (destination.secret) headers['X-ABM-Signature'] = signWebhook(destination.secret, timestamp, body);
  return post(destination.target, body, { ...options, headers: { ...headers, ...options.headers } });
}
