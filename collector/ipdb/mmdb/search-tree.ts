import { bitAt, trailingBits, type Words } from './ip-address.js';

/**
 * A binary trie over address bits, kept in one growable Uint32Array: node n's records are at
 * [2n] (bit 0) and [2n + 1] (bit 1). A record below LEAF is a child node's index (the root, 0, is
 * never a child); at or above LEAF it is a leaf: EMPTY, or LEAF + the id of a data value.
 */
export const LEAF = 0x80000000;
export const EMPTY = 0xffffffff;

export class SearchTree {
  records = new Uint32Array(2 * 4096);
  nodes = 1;

  /** @param startBit 0 for an IPv6 tree, 96 for an IPv4 one (addresses are 128-bit words). */
  constructor(readonly startBit: number) {
    this.records[0] = EMPTY;
    this.records[1] = EMPTY;
  }

  /** Sets every address in [first, last] to `leaf`, splitting leaves and replacing subtrees as needed. */
  fill(first: Words, last: Words, leaf: number): void {
    // Tree depths from which the bound no longer constrains: first's remaining bits are all 0, last's all 1.
    const loFree = 128 - trailingBits(first, 0) - this.startBit;
    const hiFree = 128 - trailingBits(last, 1) - this.startBit;
    if (loFree <= 0 && hiFree <= 0) {
      this.records[0] = leaf;
      this.records[1] = leaf;
      return;
    }
    this.descend(0, 0, loFree > 0, hiFree > 0, { first, last, loFree, hiFree, leaf });
  }

  /** Visits the children of `node` (at `depth`) that meet the range; `lo`/`hi`: the node lies on first's/last's path. */
  private descend(node: number, depth: number, lo: boolean, hi: boolean, range: FillRange): void {
    const bit = this.startBit + depth;
    for (let b = 0; b < 2; b++) {
      let childLo = lo;
      let childHi = hi;
      if (childLo) {
        const fb = bitAt(range.first, bit);
        if (fb > b) continue;
        if (fb < b || depth + 1 >= range.loFree) childLo = false;
      }
      if (childHi) {
        const lb = bitAt(range.last, bit);
        if (lb < b) continue;
        if (lb > b || depth + 1 >= range.hiFree) childHi = false;
      }
      const at = node * 2 + b;
      if (!childLo && !childHi) this.records[at] = range.leaf;
      else this.descend(this.nodeAt(at), depth + 1, childLo, childHi, range);
    }
  }

  /** The node the record at `at` points to, made by splitting a leaf into two copies when needed. */
  private nodeAt(at: number): number {
    const record = this.records[at]!;
    if (record < LEAF) return record;
    if (this.nodes * 2 + 2 > this.records.length) {
      const grown = new Uint32Array(this.records.length * 2);
      grown.set(this.records);
      this.records = grown;
    }
    const node = this.nodes++;
    this.records[node * 2] = record;
    this.records[node * 2 + 1] = record;
    this.records[at] = node;
    return node;
  }
}

interface FillRange {
  first: Words;
  last: Words;
  loFree: number;
  hiFree: number;
  leaf: number;
}
