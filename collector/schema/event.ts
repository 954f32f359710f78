import { z } from 'zod';
import { Props } from './props.js';
import { cleanText, httpUrl } from './text.js';
import { Timestamp } from './timestamp.js';

export const EVENT_TYPES = ['page_view', 'engagement', 'download', 'outbound', 'form', 'vitals', 'identify', 'custom'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

export const LIMITS = {
  id: 64,
  url: 4096,
  title: 512,
  name: 128,
  visitor: 64,
} as const;

/**
 * A visitor or session id as the collector takes it (and as erasure takes it: every id that can
 * be stored can be erased): 1 to 64 letters, digits, "-" or "_".
 */
export const VisitorId = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.visitor, `must be at most ${LIMITS.visitor} characters`)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"');

/** One event of the contract's envelope. Validated on its own, so one bad event never sinks its batch. */
export const IncomingEvent = z.object({
  id: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(LIMITS.id)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"'),
  type: EventType,
  ts: Timestamp,
  name: cleanText(LIMITS.name).optional(),
  visitor: VisitorId.optional(),
  session: VisitorId.optional(),
  url: httpUrl(LIMITS.url),
  title: cleanText(LIMITS.title).optional(),
  referrer: z.union([httpUrl(LIMITS.url), z.literal('')]).optional(),
  props: Props.optional(),
});
export type IncomingEvent = z.infer<typeof IncomingEvent>;

/** The envelope; events are checked one by one after it (see IncomingEvent). */
export const Envelope = z.object({
  site: z.string().min(1).max(64),
  events: z.array(z.unknown()).min(1, 'must hold at least one event'),
  /** The SDK saw an automated browser (it sends then only with data-allow-bots). */
  automation: z.boolean().optional(),
  /** Events the SDK's offline queue dropped, oldest first, because it was full. */
  dropped: z.number().int().nonnegative().optional(),
});
export type Envelope = z.infer<typeof Envelope>;
