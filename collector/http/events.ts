import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { z } from 'zod';
import { Envelope, IncomingEvent } from '../schema/index.js';
import { enrich, type Step } from '../enrich/index.js';
import type { Store } from '../store/index.js';
import { HttpError } from './errors.js';
import { parseJson, readLimitedText } from './read-json.js';
import { cachedSiteLookup } from './site-cache.js';
import type { Site, StoredEvent } from '../schema/domain.js';

export interface EventsOptions {
  store: Store;
  steps: readonly Step[];
  now: () => number;
  clientIp: (c: Context) => string | undefined;
  maxBodyBytes: number;
  maxEvents: number;
  ipSalt?: ((now: number) => Promise<string>) | undefined;
  /** Checks a batch must pass before anything is stored (the rate limits); each may throw an HttpError. */
  admit: readonly Admit[];
}

/** What a check sees of a well-formed batch for a known site. */
export interface Batch {
  ip: string | null;
  siteId: string;
  events: number;
  now: number;
}

export type Admit = (c: Context, batch: Batch) => void | Promise<void>;

export interface Rejection {
  index: number;
  code: string;
  message: string;
}

/** `POST /v1/events`: the contract's envelope in, `202 {accepted, duplicates, rejected}` out. */
export function eventsRoutes(o: EventsOptions): Hono {
  const siteByKey = cachedSiteLookup(o.store);
  const app = new Hono();
  app.use(
    '/v1/events',
    cors({ origin: (origin) => origin || '*', allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type'], maxAge: 86400 }),
  );
  app.post(
    '/v1/events',
    async (c) => {
      const envelope = parseEnvelope(c.req.header('content-type'), await readLimitedText(c, o.maxBodyBytes));
      if (envelope.events.length > o.maxEvents) {
        throw new HttpError(413, 'too_many_events', `send at most ${o.maxEvents} events per request`);
      }
      const receivedAt = o.now();
      const site = await siteByKey(envelope.site, receivedAt);
      if (!site) throw new HttpError(404, 'unknown_site', `no site has the key ${JSON.stringify(envelope.site)}`);
      checkOrigin(site, c.req.header('origin'));

      const ip = o.clientIp(c) ?? null;
      for (const check of o.admit) await check(c, { ip, siteId: site.id, events: envelope.events.length, now: receivedAt });
      const userAgent = c.req.header('user-agent')?.slice(0, 512) ?? null;
      const ipSalt = o.ipSalt ? await o.ipSalt(receivedAt) : undefined;
      const rejected: Rejection[] = [];
      const keep: StoredEvent[] = [];
      const siteHosts = hostsOf(site);
      envelope.events.forEach((raw, index) => {
        const parsed = IncomingEvent.safeParse(raw);
        if (!parsed.success) return void rejected.push({ index, ...describe(parsed.error) });
        const result = enrich(o.steps, {
          siteId: site.id,
          siteHosts,
          event: parsed.data,
          receivedAt,
          userAgent,
          rawIp: ip,
          ip: null,
          ...(ipSalt && { ipSalt }),
          bot: envelope.automation === true,
          warnings: [],
        });
        if (result.ok) keep.push(result.event);
        else rejected.push({ index, code: 'dropped', message: result.reason });
      });
      const { inserted, duplicates } = await o.store.insertEvents(keep);
      return c.json({ accepted: inserted, duplicates, rejected }, 202);
    },
  );
  return app;
}

function parseEnvelope(contentType: string | undefined, text: string): Envelope {
  if (contentType && !/^\s*(application\/json|text\/plain)\s*(;|$)/i.test(contentType)) {
    throw new HttpError(415, 'unsupported_media_type', 'send Content-Type: application/json or text/plain with a JSON body');
  }
  const envelope = Envelope.safeParse(parseJson(text));
  if (!envelope.success) {
    const { message } = describe(envelope.error);
    throw new HttpError(400, 'invalid_envelope', `expected {"site": "...", "events": [...]}: ${message}`);
  }
  return envelope.data;
}

/**
 * Browsers send Origin on every POST; a site with origins accepts only those (one without any,
 * every origin). A request without Origin comes from a server, accepted only where the site says so.
 */
function checkOrigin(site: Site, origin: string | undefined): void {
  if (!origin) {
    if (site.serverSide) return;
    throw new HttpError(403, 'origin_required', 'this site accepts only browsers (an Origin header); for server-side senders create it, or change it (PATCH /api/sites/:id), with "server_side": true');
  }
  if (site.origins.length > 0 && !site.origins.includes(origin)) {
    throw new HttpError(403, 'origin_not_allowed', `${origin.slice(0, 200)} is not an allowed origin of this site`);
  }
}

const hosts = new WeakMap<Site, string[]>();
/** The hosts of a site's allowed origins, worked out once per site object (the site cache keeps them). */
function hostsOf(site: Site): string[] {
  let list = hosts.get(site);
  if (!list) {
    list = site.origins.flatMap((o) => {
      try {
        return [new URL(o).hostname];
      } catch {
        return [];
      }
    });
    hosts.set(site, list);
  }
  return list;
}

/** The first zod issue, as a code naming the field and a message a developer can act on. */
function describe(error: z.ZodError): { code: string; message: string } {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = String(issue?.path[0] ?? 'event');
  return { code: `invalid_${field}`, message: `${path || 'event'}: ${issue?.message ?? 'invalid'}` };
}
