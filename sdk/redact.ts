/**
 * The redaction of URLs, one function for every URL and referrer the tag sends (applied once, in
 * the tracker's emit) and shared with the collector, which applies it again on arrival and to
 * URLs already stored. No DOM here: it runs in Node too.
 */
import { SECRET_PARAMS } from './secret-params.js';

const SECRET = new RegExp(SECRET_PARAMS.join('|'), 'i');

/** An e-mail address in a parameter's value, plain or percent-encoded (`%40`, or `%2540` in a URL nested in another's query). */
export const EMAIL_IN_URL = /(@|%(25)?40)[\w-]+\./;

/**
 * A URL as it may leave the browser or be kept: user and password dropped; the fragment dropped
 * unless `keepHash`; and the value of every `name=value` pair — in the query, in the fragment
 * (`#access_token=…&state=…`), in a URL nested unencoded in another's query — replaced by
 * `redacted` when its name is a secret's or the value holds an e-mail address. Text with no URL
 * in it gets the same pair rules. Redacting twice changes nothing more.
 */
export const redactUrl = (href: string, keepHash?: boolean): string =>
  (keepHash ? href : href.replace(/#.*/, ''))
    .replace(/\/\/[^/?#]*@/, '//')
    // A run of other text is matched whole (and left), so it is scanned once, not once per character.
    .replace(/([^/?#&=]+)=([^&#?]*)|[^/?#&=]+/g, (part, name?: string, value?: string) =>
      name && (SECRET.test(name) || EMAIL_IN_URL.test(value!)) ? name + '=redacted' : part,
    );

/** A copy of an event (or anything JSON) with every string that is an http(s) URL redacted, wherever it is: `url`, `referrer`, props' `href` and `action`, a custom event's own props. */
export const redactEvent = <E>(event: E, keepHash?: boolean): E =>
  JSON.parse(JSON.stringify(event), (_, v) => (/^http/.test(v) ? redactUrl(v, keepHash) : v));
