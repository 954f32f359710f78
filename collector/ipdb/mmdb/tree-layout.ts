import { LEAF, type SearchTree } from './search-tree.js';

/** The tree as written: node i's records are left[i] and right[i], a node number below nodeCount or a leaf (>= LEAF). */
export interface TreeLayout {
  nodeCount: number;
  left: Uint32Array;
  right: Uint32Array;
}

/**
 * Lays the search tree out for writing, without changing it: nodes no insert reaches any more are
 * dropped, a node whose two records are the same leaf becomes that leaf, and in an IPv6 tree
 * `::ffff:0:0/96` (IPv4-mapped) is pointed at the IPv4 subtree `::/96`. Nodes are numbered
 * breadth-first from the root, which is node 0.
 */
export function layOut(tree: SearchTree, aliasIpv4Mapped: boolean): TreeLayout {
  const out = new GrowingPairs(Math.max(1024, tree.nodes));
  const source = tree.records;
  const emit = (record: number): number => {
    if (record >= LEAF) return record;
    const left = emit(source[record * 2]!);
    const right = emit(source[record * 2 + 1]!);
    return left === right && left >= LEAF ? left : out.push(left, right);
  };
  let root = emit(0);
  if (root >= LEAF) root = out.push(root, root);
  if (aliasIpv4Mapped) addIpv4MappedAlias(out, root);
  return number(out, root);
}

/** Bit d of ::ffff:0:0/96: eighty zeros, then sixteen ones. */
const mappedBit = (depth: number): number => (depth >= 80 ? 1 : 0);

function addIpv4MappedAlias(out: GrowingPairs, root: number): void {
  const ipv4 = recordAt(out, root, () => 0);
  if (ipv4 === recordAt(out, root, mappedBit)) return;
  let node = root;
  for (let depth = 0; depth < 95; depth++) {
    const at = node * 2 + mappedBit(depth);
    let record = out.records[at]!;
    if (record >= LEAF) {
      record = out.push(record, record);
      out.records[at] = record;
    }
    node = record;
  }
  out.records[node * 2 + 1] = ipv4;
}

/** The record at depth 96 along a path, or the leaf that ends the path before it. */
function recordAt(out: GrowingPairs, root: number, bitOf: (depth: number) => number): number {
  let record = root;
  for (let depth = 0; depth < 96 && record < LEAF; depth++) record = out.records[record * 2 + bitOf(depth)]!;
  return record;
}

/** Breadth-first numbering; a node reached twice (the alias) gets one number. */
function number(out: GrowingPairs, root: number): TreeLayout {
  const numbers = new Int32Array(out.count).fill(-1);
  const order = new Uint32Array(out.count);
  numbers[root] = 0;
  order[0] = root;
  let count = 1;
  for (let head = 0; head < count; head++) {
    const node = order[head]!;
    for (let b = 0; b < 2; b++) {
      const child = out.records[node * 2 + b]!;
      if (child < LEAF && numbers[child]! < 0) {
        numbers[child] = count;
        order[count++] = child;
      }
    }
  }
  const left = new Uint32Array(count);
  const right = new Uint32Array(count);
  const renumber = (record: number): number => (record < LEAF ? numbers[record]! : record);
  for (let i = 0; i < count; i++) {
    const node = order[i]!;
    left[i] = renumber(out.records[node * 2]!);
    right[i] = renumber(out.records[node * 2 + 1]!);
  }
  return { nodeCount: count, left, right };
}

class GrowingPairs {
  records: Uint32Array;
  count = 0;

  constructor(capacity: number) {
    this.records = new Uint32Array(capacity * 2);
  }

  push(left: number, right: number): number {
    if (this.count * 2 + 2 > this.records.length) {
      const grown = new Uint32Array(this.records.length * 2);
      grown.set(this.records);
      this.records = grown;
    }
    this.records[this.count * 2] = left;
    this.records[this.count * 2 + 1] = right;
    return this.count++;
  }
}
