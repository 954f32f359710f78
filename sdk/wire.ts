/** The wire format of the Events API (see CONTRACT.md), as the SDK sends it. */
export type EventType = 'page_view' | 'engagement' | 'download' | 'outbound' | 'form' | 'vitals' | 'identify' | 'custom';

export interface WireEvent {
  id: string;
  type: EventType;
  ts: number;
  name?: string;
  visitor?: string;
  /** The 30-minute-inactivity session this event belongs to. */
  session?: string;
  url: string;
  title?: string;
  referrer?: string;
  props?: Record<string, unknown>;
}

export interface Envelope {
  site: string;
  events: WireEvent[];
  /** Sent from an automated browser (only with `data-allow-bots`). */
  automation?: true;
  /** Events the offline queue had to drop (oldest first) since its last delivery. */
  dropped?: number;
}

/** Posts a JSON body. Resolves true when it was delivered or must not be retried, false to queue it. */
export type Transport = (endpoint: string, body: string, beacon: boolean) => Promise<boolean>;

/** The lazily loaded parts: fetched only when needed, so the tag stays small. */
export interface Loaders {
  vitals?: () => Promise<{ start(ctx: import('./context.js').Ctx, url: string, view: string | undefined): void }>;
  queue?: () => Promise<RetryQueue>;
  forms?: () => Promise<typeof import('./forms-chunk.js')>;
}

export interface RetryQueue {
  save(endpoint: string, envelope: Envelope): Promise<void>;
  /** Sends what is queued, oldest first; `done` runs once the queue is empty. */
  replay(send: Transport, done: () => void): void;
}
