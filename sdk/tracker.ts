import { localStore, privacySignal, randomId, type KeyValue } from './env.js';
import { beaconTransport, type Transport } from './transport.js';
import type { EventType, WireEvent } from './wire.js';

export interface Options {
  /** The site key from the admin API (`data-site`). */
  site: string;
  /** The Events API URL; the tag derives it from its own src (`data-api` overrides). */
  endpoint: string;
  /** Keep nothing across page loads: no visitor id (`data-cookieless`). */
  cookieless?: boolean;
  /** Send page views automatically (default true). */
  auto?: boolean;
  transport?: Transport;
  storage?: KeyValue;
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

const VISITOR = 'abm_vid';
const OPTED_OUT = 'abm_optout';
/** Query parameters that may carry secrets; their values never leave the browser. */
const SECRET_PARAMS = /^(token|access_token|auth|password|passwd|pwd|secret|key|api_key|apikey|email|session|sid|code)$/i;

export function redactUrl(href: string): string {
  try {
    const u = new URL(href);
    for (const name of [...u.searchParams.keys()]) if (SECRET_PARAMS.test(name)) u.searchParams.set(name, 'redacted');
    return u.href;
  } catch {
    return href;
  }
}

export function createTracker(o: Options): Tracker {
  const storage = o.storage ?? localStore();
  const send = o.transport ?? beaconTransport;
  let cookieless = !!o.cookieless;
  let queue: WireEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const blocked = () => privacySignal(navigator) || storage.get(OPTED_OUT) === '1';

  const visitor = (): string | undefined => {
    if (cookieless) return undefined;
    let id = storage.get(VISITOR);
    if (!id) storage.set(VISITOR, (id = randomId()));
    return id;
  };

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!queue.length) return;
    const events = queue;
    queue = [];
    try {
      send(o.endpoint, { site: o.site, events });
    } catch {
      /* a failing transport must not surface in the host page */
    }
  };

  const emit = (type: EventType, extra: Partial<WireEvent> = {}) => {
    if (blocked()) return;
    const v = visitor();
    queue.push({
      id: randomId(),
      type,
      ts: Date.now(),
      url: redactUrl(location.href),
      ...(v ? { visitor: v } : {}),
      ...extra,
    });
    timer ??= setTimeout(flush, 0);
  };

  const page = () =>
    emit('page_view', {
      title: document.title.slice(0, 512),
      referrer: document.referrer ? redactUrl(document.referrer) : '',
      props: {
        lang: navigator.language,
        screen: `${screen.width}x${screen.height}`,
        viewport: `${innerWidth}x${innerHeight}`,
        tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
    });

  addEventListener('pagehide', flush);
  if (o.auto !== false) page();

  return {
    page,
    track: (name, props) => emit('custom', { name: String(name).slice(0, 128), ...(props ? { props } : {}) }),
    identify: ({ email, id, traits }) => {
      const props: Record<string, unknown> = {};
      if (id) props.user_id = String(id).slice(0, 128);
      if (traits) props.traits = traits;
      if (!email || !globalThis.crypto?.subtle) return void emit('identify', { props });
      const normal = email.trim().toLowerCase();
      props.email_domain = normal.split('@')[1] ?? '';
      void crypto.subtle.digest('SHA-256', new TextEncoder().encode(normal)).then((buf) => {
        props.email_hash = Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
        emit('identify', { props });
      });
    },
    consent: (granted) => {
      cookieless = !granted || !!o.cookieless;
      if (!granted) storage.remove(VISITOR);
    },
    optOut: () => {
      storage.set(OPTED_OUT, '1');
      storage.remove(VISITOR);
      queue = [];
    },
    optIn: () => storage.remove(OPTED_OUT),
    flush,
  };
}
