import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isIPv4 } from 'node:net';

/**
 * Where an address block was registered (the five RIRs' delegation statistics, published by the
 * NRO and packaged as @ip-location-db/asn-country): ranges sorted by start, one country each.
 * Used while compiling the open ASN data, to give every AS the country most of its ranges were
 * registered in.
 */
export interface CountryRanges {
  countryOf(ip: string): string | null;
}

interface Table {
  starts: bigint[];
  ends: bigint[];
  countries: string[];
}

/** An address as a number: IPv4 in 32 bits, IPv6 in 128. */
export function ipNumber(ip: string): bigint | null {
  if (isIPv4(ip)) return ip.split('.').reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
  if (!ip.includes(':')) return null;
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

async function readTable(file: string): Promise<Table> {
  const t: Table = { starts: [], ends: [], countries: [] };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const [first, last, cc] = line.split(',');
    const a = first ? ipNumber(first) : null;
    const b = last ? ipNumber(last) : null;
    if (a === null || b === null || !cc || !/^[A-Z]{2}$/.test(cc.trim())) continue;
    t.starts.push(a);
    t.ends.push(b);
    t.countries.push(cc.trim());
  }
  return t;
}

function find(t: Table, n: bigint): string | null {
  let lo = 0;
  let hi = t.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t.starts[mid]! <= n) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && t.ends[hi]! >= n ? t.countries[hi]! : null;
}

export async function loadCountryRanges(ipv4Csv: string, ipv6Csv: string): Promise<CountryRanges> {
  const [v4, v6] = await Promise.all([readTable(ipv4Csv), readTable(ipv6Csv)]);
  return {
    countryOf(ip) {
      const n = ipNumber(ip);
      if (n === null) return null;
      return find(isIPv4(ip) ? v4 : v6, n);
    },
  };
}
