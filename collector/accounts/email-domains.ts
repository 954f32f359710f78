import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import { registrableDomain } from './normalise.js';

/**
 * Free-mail and alias services the packaged lists below lack (checked against
 * email-providers 2.26 and disposable-email-domains 1.0.62).
 */
const EXTRA_PERSONAL_DOMAINS: readonly string[] = [
  'fastmail.com', 'tutanota.com', 'tutanota.de', 'tuta.io', 'tuta.com', 'posteo.de',
  'duck.com', 'simplelogin.co', 'aleeas.com', 'passmail.net', 'passinbox.com',
];

const require = createRequire(import.meta.url);
let personal: ReadonlySet<string> | undefined;

/** email-providers' all.json (ISC) and disposable-email-domains' lists (MIT), read on first use. */
function personalDomains(): ReadonlySet<string> {
  if (!personal) {
    const lists = [
      require('email-providers/all.json'),
      require('disposable-email-domains/index.json'),
      require('disposable-email-domains/wildcard.json'),
      EXTRA_PERSONAL_DOMAINS,
    ] as (readonly string[])[];
    personal = new Set(lists.flat().map((d) => d.toLowerCase()));
  }
  return personal;
}

/** The registrable domain of an e-mail address ('Ann <ann@mail.Example.com>' too), or null when it is not an address. */
export function emailDomain(email: string): string | null {
  const address = (/<([^<>]*)>\s*$/.exec(email)?.[1] ?? email).trim().replace(/^mailto:/i, '');
  const at = address.lastIndexOf('@');
  if (at < 1 || /[\s<>]/.test(address)) return null;
  const host = address.slice(at + 1);
  if (!/^[^/:?#[\]]+$/.test(host)) return null; // a domain, not a URL or an IP literal
  return registrableDomain(host);
}

/**
 * True for free-mail providers (gmail.com, gmx.de, yahoo.co.jp …) and disposable domains
 * (mailinator.com …); also true for subdomains of them. Public suffixes on the lists ('com.ar',
 * 'web.id') are never matched on their own: only names from the registrable domain down are.
 */
export function isPersonalEmailDomain(domain: string): boolean {
  const text = domain.trim();
  const name = (text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text).replace(/\.+$/, '');
  const { hostname: host, domain: registrable, isIp } = parse(domainToASCII(name) || name);
  if (!host || !registrable || isIp) return false;
  const set = personalDomains();
  for (let d = host; d.length >= registrable.length; d = d.slice(d.indexOf('.') + 1)) {
    if (set.has(d)) return true;
    if (!d.includes('.')) break;
  }
  return false;
}
