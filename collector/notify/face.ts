import type { Delivery, Destination } from './types.js';

/** What the admin API and the dashboard may ask of the running notifier. */
export interface AlertsFace {
  /** Sends a sample alert to one destination now, outside the outbox, and says how it went. */
  sendTest(destination: Destination): Promise<Delivery>;
}
