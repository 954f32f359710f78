import { z } from 'zod';
import { Props } from './props.js';
import { cleanText, httpUrl } from './text.js';

export const EVENT_TYPES = ['page_view', 'engagement', 'download', 'outbound', 'form', 'vitals', 'identify', 'custom'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** Client clocks can be wrong, but not by decades: a timestamp outside these is a bug, not a visit. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export const LIMITS = {
  id: 64,
  url: 4096,
  title: 512,
  name: 128,
  visitor: 64,
} as const;

const Id = z
  .string()
  .max(LIMITS.visitor)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"');

/** One event of the contract's envelope. Validated on its own, so one bad event never sinks its batch. */
export const IncomingEvent = z.object({
  id: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(LIMITS.id)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"'),
  type: EventType,
  ts: z
    .number()
    .int()
    .min(EARLIEST, 'must be epoch milliseconds after 2000-01-01')
    .max(LATEST, 'must be epoch milliseconds before 2100-01-01'),
  name: cleanText(LIMITS.name).optional(),
  visitor: Id.optional(),
  session: Id.optional(),
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
