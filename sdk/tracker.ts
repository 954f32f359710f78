import { captureClicks } from './clicks.js';
import { safe, type Ctx } from './context.js';
import { automated, localStore, now, privacySignal, randomId } from './env.js';
import { touchSession } from './session.js';
import { post } from './transport.js';
import { redactEvent, redactUrl } from './redact.js';
import { captureForms } from './forms.js';
import { captureViews } from './views.js';
import type { Envelope, EventType, Loaders, Transport, WireEvent } from './wire.js';

export interface Options {
  /** The site key from the admin API (`data-site`). */
  site: string;
  /** The Events API URL; the tag derives it from its own src (`data-api` overrides). */
  endpoint: string;
  /** Keep nothing across page loads: no visitor id, no stored session or queue (`data-cookieless`). */
  cookieless?: boolean;
  /** Count hash changes as page views and keep the fragment in URLs (`data-hash`). */
  hash?: boolean;
  /** More file extensions that count as downloads (`data-download-ext="dwg,step"`). */
  downloadExtensions?: string[];
  /** 'required': send and store nothing until consent(true) (`data-consent="required"`). */
  consent?: 'required';
  /** Honour Global Privacy Control and Do Not Track (default true; `data-respect-dnt="false"`). */
  respectDnt?: boolean;
  /** Also send from automated browsers, flagged (`data-allow-bots`). */
  allowBots?: boolean;
  /** Capture automatically: page views, engagement, clicks, forms, vitals (default true). */
  auto?: boolean;
  /** Milliseconds events wait to be batched (default 250). */
  batchMs?: number;
  transport?: Transport;
  loaders?: Loaders;
}

export interface Tracker {
  page(): void;
  track(name: string, props?: Record<string, unknown>): void;
  identify(input: { email?: string; id?: string; traits?: Record<string, unknown> }): void;
  consent(granted: boolean): void;
  optOut(): void;
  optIn(): void;
  flush(): void;
}

const OPT_OUT = 'abm_optout';
const QUEUED = 'abm_q';

export function createTracker(o: Options): Tracker {
  const send = o.transport || post;
  const bot = automated();
  // Automated browsers send only with data-allow-bots; someone testing their own tag from one sees why nothing arrives.
  if (bot && !o.allowBots) console.info('abm: automated browser, add data-allow-bots to send');
  let consented = o.consent != 'required';
  const kv = localStore(() => consented && !o.cookieless);
  // The opt-out persists even in cookieless mode: the visitor asked for it.
  const always = localStore(() => true);
  const blocked = () => !consented || always.get(OPT_OUT) == '1' || (o.respectDnt != false && privacySignal()) || (bot && !o.allowBots);

  let queue: WireEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;

  // The retry queue (IndexedDB) is a chunk, fetched at idle so it is at hand when the network
  // goes; never in cookieless mode, which keeps nothing. Where it cannot be had, failed events
  // wait in memory and go with the next send, on 'online' or when the page is hidden.
  const loadQueue = o.cookieless ? undefined : o.loaders?.queue;
  const hold = (envelope: Envelope) => void (queue = [...envelope.events, ...queue]);
  const replay = () => loadQueue?.().then((q) => q.replay(send, () => kv.set(QUEUED, null))).catch(() => {});

  const flush = safe((beacon?: boolean) => {
    clearTimeout(timer);
    timer = undefined;
    if (!queue.length) return;
    const envelope: Envelope = { site: o.site, events: queue };
    if (bot) envelope.automation = true;
    queue = [];
    send(o.endpoint, JSON.stringify(envelope), !!beacon)
      .then((ok): unknown => ok || (loadQueue ? loadQueue().then((q) => (kv.set(QUEUED, '1'), q.save(o.endpoint, envelope))) : hold(envelope)))
      .catch(() => hold(envelope));
  });

  // Every event of every kind passes here: its URLs are redacted here, and only here (redact.ts),
  // so no capture module can forget to. The session's campaign is read from the redacted URL.
  const emit: Ctx['emit'] = (type: EventType, extra = {}) => {
    if (blocked()) return;
    const session = touchSession(kv, redactUrl(location.href));
    const id = randomId();
    let visitor = kv.get('abm_v');
    if (!visitor && consented && !o.cookieless) kv.set('abm_v', (visitor = randomId()));
    const props = type == 'page_view' ? { ...env(), ...(session.c && { campaign: session.c }) } : undefined;
    queue.push(
      redactEvent(
        {
          id,
          type,
          ts: now(),
          url: location.href,
          session: session.i,
          ...(visitor && { visitor }),
          props, // undefined goes nowhere: redactEvent's JSON round trip drops it
          ...extra,
        },
        o.hash,
      ),
    );
    timer ??= setTimeout(flush, o.batchMs ?? 250);
    return id;
  };

  const ctx: Ctx = { emit, flush };
  const auto = o.auto != false;
  const views = captureViews(ctx, !!o.hash);
  if (auto) {
    captureClicks(ctx, o.downloadExtensions || []);
    if (o.loaders?.forms) captureForms(ctx, o.loaders.forms);
  }
  addEventListener('pagehide', safe(() => flush(true)));
  addEventListener('online', safe(() => (replay(), flush())));
  if (kv.get(QUEUED)) replay();
  const idle = (f: () => void) =>
    ((window as Window & { requestIdleCallback?: (f: () => void) => void }).requestIdleCallback || setTimeout)(safe(f));
  idle(() => loadQueue?.().catch(() => {}));

  /** The first page view goes out once tracking may run: at once, or at consent / opt-in. */
  const start = () => {
    if (started || blocked()) return;
    started = true;
    if (!auto) return;
    const url = location.href;
    const view = views.page();
    // Core Web Vitals: a chunk fetched when the browser is idle after load.
    const vitals = () => idle(() => o.loaders?.vitals?.().then((m) => m.start(ctx, url, view)).catch(() => {}));
    if (document.readyState == 'complete') vitals();
    else addEventListener('load', vitals);
  };
  start();

  return {
    page: views.page,
    track: (name, props) => void emit('custom', { name, props }),
    identify: (input) => void o.loaders?.forms?.().then((m) => m.identify(ctx, input)),
    consent: (granted) => {
      consented = granted;
      if (!granted) {
        queue = [];
        kv.set('abm_v', null);
        kv.set('abm_s', null);
      }
      start();
    },
    optOut: () => {
      queue = [];
      kv.set('abm_v', null);
      kv.set('abm_s', null);
      always.set(OPT_OUT, '1');
    },
    optIn: () => {
      always.set(OPT_OUT, null);
      start();
    },
    flush,
  };
}

/** The page's context, sent with each page view. */
const env = () => ({
  lang: navigator.language,
  screen: `${screen.width}x${screen.height}`,
  viewport: `${innerWidth}x${innerHeight}`,
  tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
});

