import { redactUrl } from '../../sdk/redact.js';
import type { IncomingEvent } from '../schema/index.js';
import type { StoredRedaction } from '../store/index.js';
import { keep, type Step } from './pipeline.js';
import { MORE_SECRET_PARAMS } from './secret-params.js';

/**
 * The version of the rules below (and of the tag's, sdk/redact.ts). Raise it when they change:
 * the collector sweeps stored data again at its next start (collector/redaction.ts).
 */
export const REDACTION_VERSION = 1;

const MORE_SECRET = new RegExp(MORE_SECRET_PARAMS.join('|'), 'i');
/** An e-mail address, plain or percent-encoded (`%40`, `%2540`), not a version (`pkg@1.2.3`); the local part bounded, so a long word costs linear time. */
const ADDRESS = /[\w.+%-]{0,100}(@|%(25)?40)[\w-]+(\.[\w-]+)*\.[a-z]{2,}/gi;
const HAS_ADDRESS = /(@|%(25)?40)[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i;
/** A JSON Web Token (base64url of `{"` starts its header): password-reset and magic-link URLs carry them in the path. */
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\./;
/** Text with neither `@` nor `%40` holds no address: most text is done with at once. */
const AT = /@|%40/;

/** Text (a title, a prop's value) with every e-mail address in it replaced by `redacted`. */
export const redactText = (text: string): string => (AT.test(text) ? text.replace(ADDRESS, 'redacted') : text);

/**
 * A URL as the collector keeps it: the tag's rules (sdk/redact.ts) with the fragment kept (a
 * `data-hash` site's fragments are its pages; their `key=value` pairs are redacted), then more:
 * the names of MORE_SECRET_PARAMS; secrets in a URL nested percent-encoded in a parameter
 * (`?next=%2Fapp%3Ftoken%3D…`); and every path segment, name or value holding an e-mail address
 * or a JSON Web Token. Redacting twice changes nothing more.
 */
export function redactUrlOnArrival(url: string): string {
  return redactUrl(url, true)
    .replace(/(^|[/?#&])([^/?#&=]+)=([^&#?]*)/g, (pair, start: string, name: string, value: string) => {
      if (MORE_SECRET.test(name)) return `${start}${name}=redacted`;
      const inner = decoded(value);
      if (inner === undefined) return pair;
      const clean = redactUrlOnArrival(inner);
      return clean === inner ? pair : `${start}${name}=${encodeURIComponent(clean)}`;
    })
    .replace(/[^/?#&=]+/g, (part) => (HAS_ADDRESS.test(part) || JWT.test(part) ? 'redacted' : part));
}

/** A percent-encoded value decoded once, when that reveals a URL's punctuation (else undefined: nothing nested). */
function decoded(value: string): string | undefined {
  if (!value.includes('%')) return undefined;
  try {
    const inner = decodeURIComponent(value);
    return inner !== value && /[?&=#@]/.test(inner) ? inner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Props with every string redacted: an http(s) URL as a URL (`href`, `action`, a custom event's
 * links), any other text for e-mail addresses (a campaign value, an address typed into a
 * company field, an identify call's traits). Keys listed in `keep` are left as they are.
 */
export function redactProps<T>(props: T, keepKeys: ReadonlySet<string> = NONE): T {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return keepKeys.has(key) ? v : /^https?:/i.test(v) ? redactUrlOnArrival(v) : redactText(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(props, '') as T;
}
const NONE: ReadonlySet<string> = new Set();

/** An incoming event with its URL, referrer, title, name and props redacted. */
export function redactIncoming(e: IncomingEvent): IncomingEvent {
  return {
    ...e,
    url: redactUrlOnArrival(e.url),
    ...(e.referrer && { referrer: redactUrlOnArrival(e.referrer) }),
    ...(e.title !== undefined && { title: redactText(e.title) }),
    ...(e.name !== undefined && { name: redactText(e.name) }),
    ...(e.props && { props: redactProps(e.props) }),
  };
}

/**
 * The first step: what any sender sent — an old tag, a hand-written or server-side sender — is
 * redacted again on arrival, before any other step reads it, so neither the event nor its
 * session's campaign keeps a secret or an address.
 */
export const redactStep: Step = (draft) => keep({ ...draft, event: redactIncoming(draft.event) });

/** The rules above, as the store's sweep of data already stored applies them (store/redact-stored.ts). */
export const storedRedaction: StoredRedaction = { url: redactUrlOnArrival, text: redactText, json: redactProps };
