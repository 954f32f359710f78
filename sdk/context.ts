import type { EventType, WireEvent } from './wire.js';

/** What the capture modules get from the tracker core. */
export interface Ctx {
  /** Queues an event (unless tracking is blocked); returns its id. */
  emit(type: EventType, extra?: Partial<WireEvent>): string | undefined;
  /** Sends what is queued now; `beacon` when the page may be going away. */
  flush(beacon?: boolean): void;
}

/** Wraps a handler so that nothing it throws ever reaches the host page. */
export const safe =
  <A extends unknown[]>(f: (...a: A) => unknown) =>
  (...a: A): void => {
    try {
      f(...a);
    } catch {
      /* never break the page */
    }
  };
