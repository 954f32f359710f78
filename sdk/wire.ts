/** The wire format of the Events API (see CONTRACT.md), as the SDK sends it. */
export type EventType = 'page_view' | 'engagement' | 'download' | 'outbound' | 'form' | 'vitals' | 'identify' | 'custom';

export interface WireEvent {
  id: string;
  type: EventType;
  ts: number;
  name?: string;
  visitor?: string;
  url: string;
  title?: string;
  referrer?: string;
  props?: Record<string, unknown>;
}

export interface Envelope {
  site: string;
  events: WireEvent[];
}
