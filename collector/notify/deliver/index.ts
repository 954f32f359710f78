import type { Deliver } from '../types.js';
import { createMailer, deliverEmail } from './email.js';
import { DEFAULT_TIMEOUT_MS } from './http.js';
import { deliverSlack } from './slack.js';
import { deliverWebhook } from './webhook.js';

export { deliverSlack, escapeSlack, slackMessage, type SlackMessage } from './slack.js';
export { deliverWebhook, signWebhook, verifyWebhookSignature, webhookPayload, type VerifyWebhookOptions, type WebhookAlert, type WebhookDigest } from './webhook.js';
export { createMailer, deliverEmail, emailContent, escapeHtml, headerText, type EmailContent, type Mailer } from './email.js';
export { DEFAULT_TIMEOUT_MS, isHttpUrl } from './http.js';

export interface DeliverOptions {
  /** smtp(s)://user:pass@host:port; without it e-mail deliveries fail, not retryable. */
  smtpUrl?: string | undefined;
  /** The From of alert e-mails ("Open ABM <alerts@example.com>"). */
  from?: string | undefined;
  /** For each HTTP request and each SMTP wait (connect, greeting, socket); 10 s by default. */
  timeoutMs?: number | undefined;
  /** The clock that stamps webhook signatures (tests). */
  now?: () => number;
}

export interface Deliverer {
  deliver: Deliver;
  /** Closes the SMTP connections. */
  close(): void;
}

/** One Deliver for every kind of destination, dispatching on its kind. */
export function createDeliver(options: DeliverOptions = {}): Deliverer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const mailer = createMailer({ timeoutMs });
  const send: Deliver = async (destination, message) => {
    switch (destination.kind) {
      case 'slack':
        return deliverSlack(destination, message, { timeoutMs });
      case 'webhook':
        return deliverWebhook(destination, message, { timeoutMs, now: options.now });
      case 'email':
        return deliverEmail(destination, message, { smtpUrl: options.smtpUrl, from: options.from, mailer, timeoutMs });
      default:
        return { ok: false, error: `unknown destination kind: ${String((destination as { kind: unknown }).kind)}`, retry: false };
    }
  };
  // Deliveries return their failures; a bug that throws becomes a retryable failure too, never a crashed outbox.
  const deliver: Deliver = (destination, message) =>
    send(destination, message).catch((error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error), retry: true }));
  return { deliver, close: () => mailer.close() };
}
