import { Reader } from 'maxmind';
import { MmdbWriter } from './mmdb-writer.js';
import { lookupAddress } from './source.js';

/** A network said to belong to an account: listed by the user, or learned from form fills. */
export interface RangeEntry {
  cidr: string;
  domain: string;
  name?: string | null;
}

export interface RangeHit {
  cidr: string;
  domain: string;
  name: string | null;
}

export interface RangeTable {
  lookup(ip: string): RangeHit | null;
  readonly entries: readonly RangeEntry[];
}

/**
 * A larger prefix is a narrower network, on one scale for both families: in the tree an IPv4 /n
 * is ::a.b.c.d/(96+n), beside IPv6 networks that can cover it (::/64, ::ffff:10.0.0.0/104).
 */
const prefixOf = (cidr: string) => {
  const v6 = cidr.includes(':');
  return Number(cidr.split('/')[1] ?? (v6 ? 128 : 32)) + (v6 ? 0 : 96);
};

/**
 * Ranges compiled into an in-memory MMDB by the project's own writer and read through
 * `maxmind`, like every other source: the most specific listed network wins.
 */
export function rangeTable(entries: readonly RangeEntry[]): RangeTable {
  const writer = new MmdbWriter({ databaseType: 'OpenABM-Account-Ranges' });
  // Broad first: a narrower network inserted later overwrites its part of a broader one.
  const sorted = [...entries].sort((a, b) => prefixOf(a.cidr) - prefixOf(b.cidr));
  for (const e of sorted) writer.insert(e.cidr, { cidr: e.cidr, domain: e.domain, ...(e.name ? { name: e.name } : {}) });
  const reader = new Reader<{ cidr: string; domain: string; name?: string }>(writer.toBuffer());
  return {
    entries,
    lookup: (ip) => {
      const address = lookupAddress(ip);
      const r = address === null ? null : reader.get(address);
      return r ? { cidr: r.cidr, domain: r.domain, name: r.name ?? null } : null;
    },
  };
}

export interface RangeProblem {
  /** 1-based line of the CSV. */
  line: number;
  message: string;
}

/** Checks one range the way the writer will read it; a message when it cannot. */
export function checkRange(cidr: string): string | null {
  try {
    new MmdbWriter({ databaseType: 'check' }).insert(cidr, 1);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
