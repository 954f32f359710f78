import { DataEncoder, stableKey, type MmdbValue } from './mmdb/data-encoder.js';
import { compareWords, parseCidr, parseIp, type Family, type Words } from './mmdb/ip-address.js';
import { EMPTY, LEAF, SearchTree } from './mmdb/search-tree.js';
import { layOut, type TreeLayout } from './mmdb/tree-layout.js';

export type { MmdbValue } from './mmdb/data-encoder.js';

export interface MmdbOptions {
  /** Metadata database_type, e.g. 'GeoLite2-ASN'. */
  databaseType: string;
  /** Metadata description by language, e.g. { en: '...' }. */
  description?: Record<string, string>;
  languages?: string[];
  /** Default 6. */
  ipVersion?: 4 | 6;
  /** Default: the smallest that fits the node count and data size. */
  recordSize?: 24 | 28 | 32;
  /** Seconds since the epoch; default now. */
  buildEpoch?: number;
}

const METADATA_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'); // "\xAB\xCD\xEFMaxMind.com"
const SEPARATOR = 16;
const RECORD_SIZES = [24, 28, 32] as const;
const MAPPED_FIRST = Uint32Array.of(0, 0, 0xffff, 0);
const MAPPED_LAST = Uint32Array.of(0, 0, 0xffff, 0xffffffff);

/**
 * Builds a MaxMind DB (format 2.0) in memory: a binary search tree over address bits whose leaves
 * point into a data section holding each distinct record once. In an IPv6 database IPv4 networks
 * live at ::a.b.c.d/(96+n), and ::ffff:0:0/96 (IPv4-mapped) leads to the same subtree.
 */
export class MmdbWriter {
  private readonly ipVersion: 4 | 6;
  private readonly tree: SearchTree;
  private readonly ids = new Map<string, number>();
  private readonly values: MmdbValue[] = [];

  constructor(private readonly options: MmdbOptions) {
    this.ipVersion = options.ipVersion ?? 6;
    if (this.ipVersion !== 4 && this.ipVersion !== 6) throw new Error(`ipVersion must be 4 or 6, not ${String(this.ipVersion)}`);
    this.tree = new SearchTree(this.ipVersion === 6 ? 0 : 96);
  }

  /** CIDR like '1.2.3.0/24' or '2001:db8::/32'. A later insert overwrites the addresses it covers (a more specific insert inside an earlier network splits it; a less specific one replaces what it covers). */
  insert(cidr: string, data: MmdbValue): void {
    const network = parseCidr(cidr);
    this.place(network.family, network.first, network.last, this.leafFor(data, cidr), cidr);
  }

  /** Inclusive range of addresses (same family), split into the minimal CIDRs. */
  insertRange(first: string, last: string, data: MmdbValue): void {
    const label = `${first}–${last}`;
    const from = parseIp(first);
    const to = parseIp(last);
    if (!from || !to) throw new Error(`invalid range ${label}: "${from ? last : first}" is not an IP address`);
    if (from.family !== to.family) throw new Error(`invalid range ${label}: both ends must be IPv4 or both IPv6`);
    if (compareWords(from.words, to.words) > 0) throw new Error(`invalid range ${label}: the first address is after the last`);
    this.place(from.family, from.words, to.words, this.leafFor(data, label), label);
  }

  toBuffer(): Buffer {
    const layout = layOut(this.tree, this.ipVersion === 6);
    const data = new DataEncoder(true);
    const offsets = this.encodeReachable(layout, data);
    const recordSize = this.recordSize(layout.nodeCount, data.length);
    const base = layout.nodeCount + SEPARATOR;
    const resolve = (record: number): number => (record < LEAF ? record : record === EMPTY ? layout.nodeCount : base + offsets[record - LEAF]!);
    const tree = writeTree(layout, recordSize, resolve);
    return Buffer.concat([tree, Buffer.alloc(SEPARATOR), data.bytes(), METADATA_MARKER, this.metadata(layout.nodeCount, recordSize)]);
  }

  private leafFor(data: MmdbValue, label: string): number {
    let key: string;
    try {
      key = stableKey(data);
    } catch (error) {
      throw new Error(`${label}: ${(error as Error).message}`);
    }
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.push(data) - 1;
      this.ids.set(key, id);
    }
    return LEAF + id;
  }

  private place(family: Family, first: Words, last: Words, leaf: number, label: string): void {
    if (family === 6 && this.ipVersion === 4) throw new Error(`${label}: an IPv6 network cannot go in an IPv4 database`);
    if (family === 4 || compareWords(last, MAPPED_FIRST) < 0 || compareWords(first, MAPPED_LAST) > 0) {
      this.tree.fill(first, last, leaf);
      return;
    }
    // Addresses in ::ffff:0:0/96 are IPv4 addresses: they go to the IPv4 subtree the alias leads to.
    // The rest of a range that spills over is written as it is (its part in the block is then hidden
    // by the alias, but keeps siblings mergeable).
    const below = compareWords(first, MAPPED_FIRST) < 0;
    const above = compareWords(last, MAPPED_LAST) > 0;
    if (below || above) this.tree.fill(first, last, leaf);
    this.tree.fill(Uint32Array.of(0, 0, 0, below ? 0 : first[3]!), Uint32Array.of(0, 0, 0, above ? 0xffffffff : last[3]!), leaf);
  }

  /** Encodes the values the tree still reaches, in tree order; returns each id's offset. */
  private encodeReachable(layout: TreeLayout, data: DataEncoder): Int32Array {
    const offsets = new Int32Array(this.values.length).fill(-1);
    const visit = (record: number): void => {
      if (record < LEAF || record === EMPTY) return;
      const id = record - LEAF;
      if (offsets[id]! >= 0) return;
      offsets[id] = data.length;
      data.value(this.values[id]!);
    };
    for (let i = 0; i < layout.nodeCount; i++) {
      visit(layout.left[i]!);
      visit(layout.right[i]!);
    }
    return offsets;
  }

  private recordSize(nodeCount: number, dataBytes: number): 24 | 28 | 32 {
    const largest = nodeCount + SEPARATOR + dataBytes;
    const fits = (size: number) => largest < 2 ** size;
    const wanted = this.options.recordSize;
    if (wanted !== undefined) {
      if (!RECORD_SIZES.includes(wanted)) throw new Error(`recordSize must be 24, 28 or 32, not ${String(wanted)}`);
      if (!fits(wanted)) throw new Error(`recordSize ${wanted} is too small for ${nodeCount} nodes and ${dataBytes} bytes of data`);
      return wanted;
    }
    const size = RECORD_SIZES.find(fits);
    if (!size) throw new Error(`database too large: ${nodeCount} nodes and ${dataBytes} bytes of data do not fit 32-bit records`);
    return size;
  }

  private metadata(nodeCount: number, recordSize: number): Buffer {
    const { databaseType, description = {}, languages = [], buildEpoch = Math.floor(Date.now() / 1000) } = this.options;
    const meta = new DataEncoder(false);
    meta.mapHeader(9);
    meta.string('binary_format_major_version');
    meta.uint16(2);
    meta.string('binary_format_minor_version');
    meta.uint16(0);
    meta.string('build_epoch');
    meta.uint64(BigInt(Math.floor(buildEpoch)));
    meta.string('database_type');
    meta.string(databaseType);
    meta.string('description');
    meta.mapHeader(Object.keys(description).length);
    for (const [language, text] of Object.entries(description)) {
      meta.string(language);
      meta.string(text);
    }
    meta.string('ip_version');
    meta.uint16(this.ipVersion);
    meta.string('languages');
    meta.arrayHeader(languages.length);
    for (const language of languages) meta.string(language);
    meta.string('node_count');
    meta.uint32(nodeCount);
    meta.string('record_size');
    meta.uint16(recordSize);
    return meta.bytes();
  }
}

/** Node i takes recordSize / 4 bytes: two big-endian records; with 28 bits the middle byte holds the high nibbles (left's first). */
function writeTree(layout: TreeLayout, recordSize: 24 | 28 | 32, resolve: (record: number) => number): Buffer {
  const nodeBytes = recordSize / 4;
  const out = Buffer.alloc(layout.nodeCount * nodeBytes);
  for (let i = 0, at = 0; i < layout.nodeCount; i++, at += nodeBytes) {
    const left = resolve(layout.left[i]!);
    const right = resolve(layout.right[i]!);
    if (recordSize === 24) {
      out.writeUIntBE(left, at, 3);
      out.writeUIntBE(right, at + 3, 3);
    } else if (recordSize === 28) {
      out.writeUIntBE(left & 0xffffff, at, 3);
      out[at + 3] = ((left >>> 24) << 4) | (right >>> 24);
      out.writeUIntBE(right & 0xffffff, at + 4, 3);
    } else {
      out.writeUInt32BE(left, at);
      out.writeUInt32BE(right, at + 4);
    }
  }
  return out;
}
