import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { Context } from 'hono';

/**
 * The client's address, believing forwarding headers only from the proxies TRUST_PROXY names.
 *
 * An untrusted peer's headers are ignored: its socket address is the client. A trusted peer's
 * `X-Forwarded-For` (or, when the request has none, RFC 7239 `Forwarded: for=`) is walked from
 * the right, skipping trusted hops: the right-most untrusted address is the client, because
 * every entry to its left was written by someone we cannot vouch for. X-Forwarded-For wins
 * because nearly every proxy (nginx, load balancers, CDNs) writes it and passes a client's own
 * `Forwarded` through untouched: preferring `Forwarded` would let any browser forge its address
 * behind them. Addresses in headers that do not parse (`unknown`, `_hidden`, garbage) are skipped.
 */

/** One trusted network: what a TRUST_PROXY entry means. */
export interface TrustedNet {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

const net = (address: string, prefix: number): TrustedNet => ({ address, prefix, family: isIPv4(address) ? 'ipv4' : 'ipv6' });

/** Words TRUST_PROXY accepts besides addresses and CIDRs. */
export const PROXY_KEYWORDS: ReadonlyMap<string, readonly TrustedNet[]> = new Map([
  ['loopback', [net('127.0.0.0', 8), net('::1', 128)]],
  ['private', [net('10.0.0.0', 8), net('172.16.0.0', 12), net('192.168.0.0', 16), net('fc00::', 7)]],
]);

/** One TRUST_PROXY entry (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`, `loopback`, `private`); undefined if it is none. */
export function parseTrustedProxy(entry: string): readonly TrustedNet[] | undefined {
  const keyword = PROXY_KEYWORDS.get(entry.toLowerCase());
  if (keyword) return keyword;
  const m = /^([^/%\s]+)(?:\/(\d{1,3}))?$/.exec(entry);
  const address = m?.[1];
  if (!address || !(isIPv4(address) || isIPv6(address))) return undefined;
  const max = isIPv4(address) ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  return prefix <= max ? [net(address, prefix)] : undefined;
}

export interface ClientIpOptions {
  trustProxy: readonly TrustedNet[];
  /** The peer's address as the socket reports it; on Node, from getConnInfo (see main.ts). */
  socketIp: (c: Context) => string | undefined;
}

export type ClientIp = (c: Context) => string | undefined;

export function clientIpResolver({ trustProxy, socketIp }: ClientIpOptions): ClientIp {
  const fromSocket: ClientIp = (c) => normaliseIp(socketIp(c));
  if (trustProxy.length === 0) return fromSocket;
  // node:net's BlockList: CIDR matching for both families, IPv4-mapped addresses included, done by Node.
  const list = new BlockList();
  for (const n of trustProxy) list.addSubnet(n.address, n.prefix, n.family);
  const trusted = (ip: string) => list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6');

  return (c) => {
    const peer = fromSocket(c);
    if (!peer || !trusted(peer)) return peer;
    const xff = (c.req.header('x-forwarded-for') ?? '').split(',').flatMap(node);
    const hops = xff.length > 0 ? xff : forwardedFor(c.req.header('forwarded'));
    for (let i = hops.length - 1; i >= 0; i--) if (!trusted(hops[i]!)) return hops[i];
    return hops[0] ?? peer;
  };
}

/**
 * RFC 7239: elements split by commas, pairs by semicolons. Split at every comma and semicolon,
 * quotes or not: a node never holds either, and a quote a client leaves open must not swallow
 * the element its proxy appends after it.
 */
function forwardedFor(header: string | undefined): string[] {
  return (header ?? '').split(',').flatMap((element) => {
    const pair = element.split(';').find((p) => /^\s*for\s*=/i.test(p));
    return pair ? node(unquote(pair.slice(pair.indexOf('=') + 1).trim())) : [];
  });
}

/** A node as proxies write it (`1.2.3.4`, `1.2.3.4:80`, `[2001:db8::1]:4711`, `::1`): its address, or nothing. */
function node(text: string): string[] {
  const s = text.trim();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(s)?.[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d*$/.exec(s)?.[1];
  const ip = normaliseIp(bracketed ?? v4WithPort ?? s);
  return ip ? [ip] : [];
}

/** A valid address, lower-cased, without a zone, IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as plain IPv4; else undefined. */
export function normaliseIp(raw: string | undefined): string | undefined {
  const ip = raw?.trim().split('%')[0]?.toLowerCase();
  if (!ip) return undefined;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return undefined;
  const tail = /^(?:::|(?:0{1,4}:){5})ffff:(.+)$/.exec(ip)?.[1];
  if (tail && isIPv4(tail)) return tail;
  const hex = tail && /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
  if (!hex) return ip;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

const unquote = (value: string): string => (/^".*"$/s.test(value) ? value.slice(1, -1).replace(/\\(.)/gs, '$1') : value);
