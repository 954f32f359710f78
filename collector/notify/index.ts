/**
 * The notify room: alert rules (pure), a durable outbox in the store, and deliveries to Slack,
 * webhooks and e-mail. Nothing is opened at import time; main.ts starts the notifier.
 */
export * from './types.js';
export * from './settings.js';
export type { AlertsFace } from './face.js';
export { createNotifier, replayAlertsFrom, routeTo, type Notifier, type NotifierOptions } from './notifier.js';
export { composeAlert, groupTriggers, isReady, type AccountTrigger, type AlertGroup } from './compose.js';
export { visitTriggers, mqaTrigger, surgeTrigger, type Trigger } from './rules.js';
export { quietUntil, nextAttempt, localDayHour, DEFAULT_BACKOFF, type Backoff } from './timing.js';
export { createDeliver, verifyWebhookSignature, signWebhook, type Deliverer, type DeliverOptions } from './deliver/index.js';
export { shownTarget } from './destinations.js';
export { readOutboxPayload, type OutboxGlance } from './outbox-payload.js';
