import { Resolver } from 'node:dns/promises';
import { BlockList } from 'node:net';
import { registrableDomain } from '../accounts/index.js';
import { BoundedCache } from './bounded-cache.js';
import { parseIp } from './mmdb/ip-address.js';
import { GENERIC_DOMAINS, GENERIC_LABEL_PATTERNS } from './tables/generic-hostnames.js';

/** The three questions the reverse-DNS check asks; node:dns/promises' Resolver answers them. */
export interface DnsClient {
  reverse(ip: string): Promise<string[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}

/**
 * The system's resolver (or `servers`, `ip[:port]` / `[ipv6]:port`), one try per query and a
 * timeout of its own: a slow visitor network's DNS server holds a slot for at most `timeoutMs`.
 * PTR records are asked by name (resolvePtr of the in-addr.arpa / ip6.arpa name) rather than by
 * resolver.reverse, which reports every failure, SERVFAIL included, as ENOTFOUND ("no name").
 */
export function systemDns(o: { servers?: readonly string[] | undefined; timeoutMs: number }): DnsClient {
  const resolver = new Resolver({ timeout: o.timeoutMs, tries: 1 });
  if (o.servers?.length) resolver.setServers([...o.servers]);
  return {
    reverse: async (ip) => {
      const name = arpaName(ip);
      if (!name) throw Object.assign(new Error(`${ip} is not an IP address`), { code: 'EINVAL' });
      return resolver.resolvePtr(name);
    },
    resolve4: (n) => resolver.resolve4(n),
    resolve6: (n) => resolver.resolve6(n),
  };
}

/** '203.0.113.5' → '5.113.0.203.in-addr.arpa'; an IPv6 address → its 32 nibbles, reversed, under ip6.arpa. */
export function arpaName(ip: string): string | null {
  const p = parsed(ip);
  if (!p) return null;
  if (p.family === 4) return `${octets(p.words[3]!).reverse().join('.')}.in-addr.arpa`;
  const hex = [...p.words].map((w) => w.toString(16).padStart(8, '0')).join('');
  return `${[...hex].reverse().join('.')}.ip6.arpa`;
}

/** An address as 128 bits (IPv4-mapped IPv6 read as IPv4), or null. */
function parsed(ip: string) {
  const p = parseIp(ip.trim().toLowerCase());
  if (!p) return null;
  const [a, b, c, d] = p.words;
  if (p.family === 6 && a === 0 && b === 0 && c === 0xffff) return { family: 4 as const, words: Uint32Array.of(0, 0, 0, d!) };
  return p;
}

const octets = (w: number) => [w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255];
const hextets = (words: Uint32Array) => [...words].flatMap((w) => [w >>> 16, w & 0xffff]);

/** The IPv4 address of IPv4-mapped IPv6, lower case otherwise; null when it is no address. */
export function plainAddress(ip: string): string | null {
  const p = parsed(ip);
  if (!p) return null;
  return p.family === 4 ? octets(p.words[3]!).join('.') : ip.trim().toLowerCase();
}

/**
 * The network an address is judged by: its /24 (IPv4) or /48 (IPv6), written as stored events
 * write their truncated address ('203.0.113.0/24', '2001:db8:1::/48').
 */
export function reverseNetwork(ip: string): string | null {
  const p = parsed(ip);
  if (!p) return null;
  if (p.family === 4) return `${octets(p.words[3]!).slice(0, 3).join('.')}.0/24`;
  return `${hextets(p.words).slice(0, 3).map((h) => h.toString(16)).join(':')}::/48`;
}

const sameAddress = (a: string, b: string) => {
  const x = parsed(a);
  const y = parsed(b);
  return !!x && !!y && x.family === y.family && x.words.every((w, i) => w === y.words[i]);
};

/**
 * Networks whose reverse names only the local resolver knows, or nobody: private, loopback,
 * link-local, carrier-grade NAT, unique-local. Looking them up tells nothing and leaks internal
 * addresses to the local DNS server.
 */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10]] as const) NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');
export const isPublicAddress = (ip: string) => !NOT_PUBLIC.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4');

/**
 * Whether a host name spells out the address it names: the four octets in either order with any
 * separator or zero-padded ('203-0-113-5.static…', 'host-203-0-113-5…', '5.113.0.203…',
 * '203000113005'), the address in hex ('cb007105'), or for IPv6 its groups or its interface id.
 * Such names are made by a carrier's script for every line, whoever uses it.
 */
export function embedsAddress(name: string, ip: string): boolean {
  const p = parsed(ip);
  if (!p) return false;
  const host = name.toLowerCase();
  const bare = host.replace(/[^0-9a-f]/g, '');
  if (p.family === 4) {
    const o = octets(p.words[3]!);
    const run = (parts: number[], pad: boolean) => parts.map((n) => (pad ? String(n).padStart(3, '0') : String(n)));
    for (const order of [o, [...o].reverse()]) {
      for (const pad of [false, true]) {
        const re = new RegExp(`(?:^|[^0-9])${run(order, pad).join('[-._]?')}(?![0-9])`);
        if (re.test(host)) return true;
      }
      const hex = order.map((n) => n.toString(16).padStart(2, '0')).join('');
      if (new RegExp(`(?:^|[^0-9a-f])${hex}(?![0-9a-f])`).test(host) || new RegExp(`(?:^|[^0-9a-z])[a-z]{1,6}${hex}(?![0-9a-f])`).test(host)) return true;
    }
    return false;
  }
  const h = hextets(p.words);
  const padded = h.map((x) => x.toString(16).padStart(4, '0')).join('');
  if (bare.includes(padded) || bare.includes(padded.slice(16))) return true;
  const groups = h.map((x) => x.toString(16));
  return host.includes(groups.join('-')) || host.includes(compressed(groups).replace(/:/g, '-'));
}

/** '2001:db8:1:0:0:0:0:5' → '2001:db8:1::5' (the longest run of zero groups elided). */
function compressed(groups: string[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length; ) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.len < 2) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

const GENERIC = new Set(GENERIC_DOMAINS);

/**
 * Why a PTR name says nothing about who uses the address, or null when it may: no registrable
 * domain, the address spelt out in it, an access or hosting provider's domain (the table), the
 * network operator's own domain, or a label such as 'dsl', 'pool' or 'static' below its domain.
 */
export function genericReason(name: string, ip: string, operatorDomains: readonly (string | null | undefined)[] = []): string | null {
  const host = name.toLowerCase().replace(/\.$/, '');
  const domain = registrableDomain(host);
  if (!domain) return 'no registrable domain';
  if (embedsAddress(host, ip)) return 'the name spells out the address';
  if (GENERIC.has(domain)) return `${domain} names an access or hosting provider's lines`;
  if (operatorDomains.some((d) => d && registrableDomain(d) === domain)) return `${domain} is the network operator's own domain`;
  const labels = host.slice(0, -domain.length).split('.').filter(Boolean);
  const label = labels.find((l) => GENERIC_LABEL_PATTERNS.some((re) => re.test(l)));
  return label ? `the label '${label}' names a line or a server, not a company` : null;
}

/** A forward-confirmed, non-generic PTR name of an address. */
export interface ConfirmedName {
  name: string;
  /** Its registrable domain. */
  domain: string;
}

/** Name errors that mean "no such record": an answer, not a failure. */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'NODATA']);

const within = <T>(ms: number, work: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no DNS answer within ${ms} ms`), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
};

/**
 * The address's PTR names, each kept only if it is not generic and resolves (A or AAAA) back to
 * the same address: anyone may write any PTR name for addresses they hold, but only the name's
 * owner can point it back. Null when no name passes. Throws on a timeout or a server failure.
 */
export async function confirmedName(dns: DnsClient, ip: string, o: { timeoutMs: number; operatorDomains?: readonly (string | null | undefined)[] }): Promise<ConfirmedName | null> {
  const address = plainAddress(ip);
  if (!address) return null;
  const names = await within(o.timeoutMs, dns.reverse(address)).catch((err: { code?: string }) => {
    if (err?.code && NO_RECORD.has(err.code)) return [] as string[];
    throw err;
  });
  // A handful: an address with dozens of PTR names is a shared host, not an office.
  for (const raw of names.slice(0, 4)) {
    const name = raw.toLowerCase().replace(/\.$/, '');
    if (genericReason(name, address, o.operatorDomains)) continue;
    const forward = address.includes(':') ? dns.resolve6(name) : dns.resolve4(name);
    const back = await within(o.timeoutMs, forward).catch((err: { code?: string }) => {
      if (err?.code && NO_RECORD.has(err.code)) return [] as string[];
      throw err;
    });
    if (back.some((b) => sameAddress(b, address))) return { name, domain: registrableDomain(name)! };
  }
  return null;
}

