/**
 * IP addresses as 128-bit values: four big-endian 32-bit words. An IPv4 address sits in the last
 * word (the `::a.b.c.d` form an IPv6 MMDB tree uses), so one bit walker serves both families.
 */
export type Words = Uint32Array;
export type Family = 4 | 6;

export interface ParsedIp {
  family: Family;
  words: Words;
}

export interface ParsedCidr {
  family: Family;
  /** Prefix length within the family: 0–32 for IPv4, 0–128 for IPv6. */
  prefix: number;
  first: Words;
  last: Words;
}

const OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** Parses a dotted quad (no leading zeros) or an IPv6 address (no zone); null when it is neither. */
export function parseIp(text: string): ParsedIp | null {
  if (text.includes(':')) {
    const words = parseIpv6(text);
    return words && { family: 6, words };
  }
  const v4 = parseIpv4(text);
  return v4 === null ? null : { family: 4, words: Uint32Array.of(0, 0, 0, v4) };
}

/** Parses `address/prefix`; throws an Error naming the input when it is not a network. */
export function parseCidr(text: string): ParsedCidr {
  const slash = text.indexOf('/');
  const ip = slash > 0 ? parseIp(text.slice(0, slash)) : null;
  const prefixText = slash > 0 ? text.slice(slash + 1) : '';
  if (!ip || !/^\d{1,3}$/.test(prefixText)) {
    throw new Error(`invalid CIDR "${text}": expected address/prefix, like 192.0.2.0/24 or 2001:db8::/32`);
  }
  const bits = ip.family === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) throw new Error(`invalid CIDR "${text}": an IPv${ip.family} prefix is at most ${bits}`);
  const absolute = prefix + (128 - bits);
  const first = withHostBits(ip.words, absolute, false);
  if (compareWords(first, ip.words) !== 0) {
    throw new Error(`invalid CIDR "${text}": host bits are set below /${prefix}`);
  }
  return { family: ip.family, prefix, first, last: withHostBits(ip.words, absolute, true) };
}

export function compareWords(a: Words, b: Words): number {
  for (let i = 0; i < 4; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Bit `index` (0 = most significant) of a 128-bit value. */
export function bitAt(words: Words, index: number): number {
  return (words[index >>> 5]! >>> (31 - (index & 31))) & 1;
}

/** Number of trailing bits equal to `bit` (0–128). */
export function trailingBits(words: Words, bit: 0 | 1): number {
  let count = 0;
  for (let i = 3; i >= 0; i--) {
    let word = bit ? ~words[i]! >>> 0 : words[i]!;
    if (word === 0) {
      count += 32;
      continue;
    }
    while ((word & 1) === 0) {
      word >>>= 1;
      count++;
    }
    return count;
  }
  return count;
}

/** A copy with every bit from `prefix` (absolute, 0–128) on set to zero or one. */
export function withHostBits(words: Words, prefix: number, ones: boolean): Words {
  const out = Uint32Array.from(words);
  for (let i = 0; i < 4; i++) {
    const keep = Math.min(32, Math.max(0, prefix - i * 32));
    const hostMask = keep === 32 ? 0 : keep === 0 ? 0xffffffff : 0xffffffff >>> keep;
    out[i] = ones ? (out[i]! | hostMask) >>> 0 : (out[i]! & ~hostMask) >>> 0;
  }
  return out;
}

function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function parseIpv6(text: string): Words | null {
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === null) return null;
    body = `${body.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const words = new Uint32Array(4);
  for (let i = 0; i < 8; i++) {
    const group = groups[i]!;
    if (!HEXTET.test(group)) return null;
    const value = parseInt(group, 16);
    words[i >>> 1] = i & 1 ? (words[i >>> 1]! | value) >>> 0 : (value << 16) >>> 0;
  }
  return words;
}
