import { Reader } from 'maxmind';
import { describe, expect, it } from 'vitest';
import { MmdbWriter, type MmdbOptions, type MmdbValue } from '../../collector/ipdb/mmdb-writer.js';

type Inserts = Array<[cidr: string, data: MmdbValue]>;

function build(inserts: Inserts, options: Partial<MmdbOptions> = {}): Buffer {
  const writer = new MmdbWriter({ databaseType: 'Test-DB', ...options });
  for (const [cidr, data] of inserts) writer.insert(cidr, data);
  return writer.toBuffer();
}

const read = (buffer: Buffer) => new Reader<any>(buffer);

/** The bytes at the start of the data section: the first value encoded. */
function dataBytes(buffer: Buffer, count: number): number[] {
  const start = read(buffer).metadata.searchTreeSize + 16;
  return [...buffer.subarray(start, start + count)];
}

const v4 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

describe('MmdbWriter lookups', () => {
  const db = read(
    build([
      ['1.2.3.0/24', { name: 'v4 net' }],
      ['2001:db8::/32', { name: 'v6 net' }],
      ['::ffff:5.6.7.0/120', { name: 'written as mapped' }],
    ]),
  );

  it('finds IPv4 and IPv6 networks with their prefix length', () => {
    expect(db.getWithPrefixLength('1.2.3.4')).toEqual([{ name: 'v4 net' }, 24]);
    expect(db.getWithPrefixLength('1.2.3.255')).toEqual([{ name: 'v4 net' }, 24]);
    expect(db.getWithPrefixLength('2001:db8:ffff::1')).toEqual([{ name: 'v6 net' }, 32]);
  });

  it('reaches the IPv4 subtree through ::a.b.c.d and through IPv4-mapped ::ffff:a.b.c.d', () => {
    expect(db.getWithPrefixLength('::1.2.3.4')).toEqual([{ name: 'v4 net' }, 120]);
    expect(db.getWithPrefixLength('::ffff:1.2.3.4')).toEqual([{ name: 'v4 net' }, 120]);
    expect(db.get('5.6.7.8')).toEqual({ name: 'written as mapped' });
  });

  it('writes what an IPv6 insert covers in ::ffff:0:0/96 to the IPv4 addresses', () => {
    const writer = new MmdbWriter({ databaseType: 'Test-DB' });
    writer.insert('9.0.0.0/8', 'nine');
    writer.insertRange('::fffe:0:0', '::ffff:1.0.0.255', 'spill');
    const spilled = read(writer.toBuffer());
    expect(spilled.get('::fffe:0:1')).toBe('spill');
    expect(spilled.get('0.0.0.1')).toBe('spill');
    expect(spilled.getWithPrefixLength('1.0.0.200')).toEqual(['spill', 24]);
    expect(spilled.get('1.0.1.0')).toBeNull();
    expect(spilled.get('9.1.1.1')).toBe('nine');
    writer.insert('::/64', 'wide');
    const covered = read(writer.toBuffer());
    expect(covered.get('9.1.1.1')).toBe('wide');
    expect(covered.get('::ffff:200.1.1.1')).toBe('wide');
    expect(covered.get('::1:2:3:4')).toBe('wide');
  });

  it('returns null for a miss', () => {
    expect(db.get('1.2.4.0')).toBeNull();
    expect(db.get('1.2.2.255')).toBeNull();
    expect(db.get('2001:db9::')).toBeNull();
    expect(db.get('::ffff:8.8.8.8')).toBeNull();
  });

  it('shares one node for the IPv4 subtree and its alias', () => {
    const meta = read(build([['1.2.3.0/24', 1]])).metadata;
    // 120 nodes down to 1.2.3.0/24, plus 15 for ::ffff:0:0/96 once it leaves the ::/80 path.
    expect(meta.nodeCount).toBe(135);
  });
});

describe('MmdbWriter overwrites', () => {
  it('splits an earlier network around a more specific later one', () => {
    const db = read(build([['10.0.0.0/8', 'wide'], ['10.1.2.0/24', 'narrow']]));
    expect(db.getWithPrefixLength('10.1.2.3')).toEqual(['narrow', 24]);
    expect(db.getWithPrefixLength('10.1.3.0')).toEqual(['wide', 24]);
    expect(db.getWithPrefixLength('10.200.0.0')).toEqual(['wide', 9]);
    expect(db.get('11.0.0.0')).toBeNull();
  });

  it('replaces everything a less specific later network covers', () => {
    const db = read(build([['10.1.2.0/24', 'narrow'], ['10.1.2.128/25', 'narrower'], ['10.0.0.0/8', 'wide']]));
    expect(db.getWithPrefixLength('10.1.2.3')).toEqual(['wide', 8]);
    expect(db.getWithPrefixLength('10.1.2.200')).toEqual(['wide', 8]);
  });

  it('merges sibling networks that end with the same record', () => {
    const db = read(build([['10.0.0.0/25', 'same'], ['10.0.0.128/25', 'same']]));
    expect(db.getWithPrefixLength('10.0.0.1')).toEqual(['same', 24]);
  });

  it('matches a model of overwrites, address by address', () => {
    const writer = new MmdbWriter({ databaseType: 'Model', ipVersion: 4 });
    const model = new Array<number | null>(1024).fill(null);
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 200; i++) {
      const a = random(1024);
      const b = Math.min(1023, a + random(i % 3 ? 40 : 300));
      writer.insertRange(v4(0x0a000000 + a), v4(0x0a000000 + b), { i });
      model.fill(i, a, b + 1);
    }
    const db = read(writer.toBuffer());
    for (let n = 0; n < 1024; n++) {
      const expected = model[n];
      expect(db.get(v4(0x0a000000 + n)), v4(0x0a000000 + n)).toEqual(expected === null ? null : { i: expected });
    }
  });
});

describe('MmdbWriter.insertRange', () => {
  it('splits awkward bounds into the minimal CIDRs', () => {
    const writer = new MmdbWriter({ databaseType: 'Test-DB' });
    writer.insertRange('1.0.0.1', '1.0.0.6', 'r');
    const db = read(writer.toBuffer());
    expect(db.get('1.0.0.0')).toBeNull();
    expect(db.get('1.0.0.7')).toBeNull();
    const found = ['1.0.0.1', '1.0.0.2', '1.0.0.3', '1.0.0.4', '1.0.0.5', '1.0.0.6'].map((ip) => db.getWithPrefixLength(ip));
    expect(found).toEqual([
      ['r', 32],
      ['r', 31],
      ['r', 31],
      ['r', 31],
      ['r', 31],
      ['r', 32],
    ]);
  });

  it('handles the edges of the address space', () => {
    const writer = new MmdbWriter({ databaseType: 'Test-DB' });
    writer.insertRange('0.0.0.0', '0.0.0.0', 'zero');
    writer.insertRange('255.255.255.255', '255.255.255.255', 'top');
    writer.insertRange('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'v6 top');
    const db = read(writer.toBuffer());
    expect(db.getWithPrefixLength('0.0.0.0')).toEqual(['zero', 32]);
    expect(db.get('0.0.0.1')).toBeNull();
    expect(db.getWithPrefixLength('255.255.255.255')).toEqual(['top', 32]);
    expect(db.get('255.255.255.254')).toBeNull();
    expect(db.getWithPrefixLength('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff3')).toEqual(['v6 top', 124]);
    expect(db.get('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffef')).toBeNull();
  });

  // The root's two records are the shortest networks a tree can hold: a /0 is read back as /1.
  it('covers a whole space', () => {
    const v4db = new MmdbWriter({ databaseType: 'Test-DB', ipVersion: 4 });
    v4db.insertRange('0.0.0.0', '255.255.255.255', 'all');
    const all4 = read(v4db.toBuffer());
    expect(all4.metadata.nodeCount).toBe(1);
    expect(all4.getWithPrefixLength('77.7.7.7')).toEqual(['all', 1]);
    expect(all4.getWithPrefixLength('200.7.7.7')).toEqual(['all', 1]);
    const v6db = new MmdbWriter({ databaseType: 'Test-DB' });
    v6db.insertRange('::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'all');
    const db = read(v6db.toBuffer());
    expect(db.getWithPrefixLength('2a00::1')).toEqual(['all', 1]);
    expect(db.getWithPrefixLength('a000::1')).toEqual(['all', 1]);
    expect(db.get('8.8.8.8')).toBe('all');
  });

  it('splits an unaligned IPv6 range', () => {
    const writer = new MmdbWriter({ databaseType: 'Test-DB' });
    writer.insertRange('2001:db8::5', '2001:db8::1:2', 'r');
    const db = read(writer.toBuffer());
    expect(db.get('2001:db8::4')).toBeNull();
    expect(db.getWithPrefixLength('2001:db8::5')).toEqual(['r', 128]);
    expect(db.getWithPrefixLength('2001:db8::6')).toEqual(['r', 127]);
    expect(db.getWithPrefixLength('2001:db8::8000')).toEqual(['r', 113]);
    expect(db.getWithPrefixLength('2001:db8::1:0')).toEqual(['r', 127]);
    expect(db.getWithPrefixLength('2001:db8::1:2')).toEqual(['r', 128]);
    expect(db.get('2001:db8::1:3')).toBeNull();
  });
});

describe('MmdbWriter values', () => {
  it('round-trips every value type', () => {
    const record: Record<string, MmdbValue> = {
      text: 'plain',
      unicode: 'Zürich 日本語 🚀',
      empty: '',
      mid: 'm'.repeat(100),
      long: 'x'.repeat(300),
      longer: 'y'.repeat(70_000),
      small: 65535,
      medium: 65536,
      large: 2 ** 32 - 1,
      huge: 2 ** 32,
      negative: -1,
      lowest: -(2 ** 31),
      fraction: 1.5,
      tiny: -0.000123,
      yes: true,
      no: false,
      big64: 2n ** 64n - 1n,
      big128: 2n ** 100n + 7n,
      nested: { list: [1, 'two', [3, { four: 4 }], {}], deep: { deeper: { deepest: [] } } },
      many: Array.from({ length: 300 }, (_, i) => i),
    };
    const found = read(build([['192.0.2.0/24', record]])).get('192.0.2.1');
    expect(found).toEqual({ ...record, huge: 4294967296n });
  });

  it.each<[MmdbValue, number[]]>([
    [0, [0xa0]],
    [65535, [0xa2, 0xff, 0xff]],
    [65536, [0xc3, 0x01, 0x00, 0x00]],
    [2 ** 32, [0x05, 0x02, 0x01, 0, 0, 0, 0]],
    [-2, [0x04, 0x01, 0xff, 0xff, 0xff, 0xfe]],
    [1.5, [0x68, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]],
    [2n ** 64n, [0x09, 0x03, 0x01, 0, 0, 0, 0, 0, 0, 0, 0]],
    [true, [0x01, 0x07]],
    ['é', [0x42, 0xc3, 0xa9]],
  ])('encodes %s with the right type and size', (value, bytes) => {
    expect(dataBytes(build([['192.0.2.0/24', value]]), bytes.length)).toEqual(bytes);
  });

  it('rejects what MMDB cannot hold, naming the network', () => {
    const writer = new MmdbWriter({ databaseType: 'Test-DB' });
    expect(() => writer.insert('192.0.2.0/24', -(2 ** 31) - 1)).toThrow(/192\.0\.2\.0\/24.*int32/);
    expect(() => writer.insert('192.0.2.0/24', -1n)).toThrow(/192\.0\.2\.0\/24.*uint128/);
    expect(() => writer.insert('192.0.2.0/24', 2n ** 128n)).toThrow(/uint128/);
    expect(() => writer.insert('192.0.2.0/24', { a: null } as unknown as MmdbValue)).toThrow(/192\.0\.2\.0\/24.*null/);
    expect(() => writer.insertRange('1.0.0.0', '1.0.0.9', { d: new Date() } as unknown as MmdbValue)).toThrow(/1\.0\.0\.0–1\.0\.0\.9/);
  });

  it('stores a record shared by many networks once', () => {
    const org = 'A Rather Long Organisation Name, Incorporated';
    const shared = build(Array.from({ length: 1000 }, (_, i): [string, MmdbValue] => [`10.${i >> 8}.${i & 255}.0/24`, { org, asn: 64512 }]));
    const distinct = build(Array.from({ length: 1000 }, (_, i): [string, MmdbValue] => [`10.${i >> 8}.${i & 255}.0/24`, { org: `${org} ${i}`, asn: 64512 }]));
    expect(shared.length).toBeLessThan(distinct.length / 2);
    const occurrences = (buffer: Buffer) => buffer.toString('latin1').split(org).length - 1;
    expect(occurrences(shared)).toBe(1);
    expect(read(shared).get('10.3.231.9')).toEqual({ org, asn: 64512 });
  });

  it('treats maps with the same entries in another order as one record', () => {
    const once = build([['10.0.0.0/24', { a: 1, b: 'x' }]]);
    const twice = build([
      ['10.0.0.0/24', { a: 1, b: 'x' }],
      ['10.0.2.0/24', { b: 'x', a: 1 }],
    ]);
    const dataSize = (buffer: Buffer) => buffer.length - read(buffer).metadata.searchTreeSize;
    expect(dataSize(twice)).toBe(dataSize(once));
  });

  it('writes repeated strings as pointers', () => {
    const name = 'Repeated Organisation';
    const db = build(Array.from({ length: 50 }, (_, i): [string, MmdbValue] => [`10.0.${i}.0/24`, { name, id: i }]));
    expect(db.toString('latin1').split(name).length - 1).toBe(1);
    expect(db.toString('latin1').split('name').length - 1).toBe(1);
    expect(read(db).get('10.0.49.1')).toEqual({ name, id: 49 });
  });
});

describe('MmdbWriter record sizes and metadata', () => {
  it.each([24, 28, 32] as const)('writes %i-bit records when asked', (recordSize) => {
    const buffer = build([['1.2.3.0/24', { a: 1 }], ['2001:db8::/32', { b: 2 }]], { recordSize });
    const db = read(buffer);
    expect(db.metadata.recordSize).toBe(recordSize);
    expect(db.get('1.2.3.4')).toEqual({ a: 1 });
    expect(db.get('::ffff:1.2.3.4')).toEqual({ a: 1 });
    expect(db.get('2001:db8::1')).toEqual({ b: 2 });
    expect(db.get('1.2.4.4')).toBeNull();
  });

  it('uses 28 and 32 bits for record values past 2^24, and refuses 24', () => {
    // Values are written in breadth-first order of the tree: {early} first (its /1 is shallow),
    // then the big arrays, so the /8 pairs get one small and one large record, in both orders.
    const inserts: Inserts = [
      ['128.0.0.0/1', { early: true }],
      ['2.0.0.0/8', { big: ['z'.repeat(9_000_000), 'w'.repeat(9_000_000)] }],
      ['3.0.0.0/8', { small: 3 }],
      ['6.0.0.0/8', { small: 6 }],
      ['7.0.0.0/8', { early: true }],
    ];
    expect(read(build(inserts)).metadata.recordSize).toBe(28);
    expect(() => build(inserts, { recordSize: 24 })).toThrow(/recordSize 24 is too small/);
    for (const recordSize of [28, 32] as const) {
      const db = read(build(inserts, { recordSize }));
      expect(db.get('2.1.1.1').big[1]).toBe('w'.repeat(9_000_000));
      expect(db.get('3.1.1.1')).toEqual({ small: 3 });
      expect(db.get('6.1.1.1')).toEqual({ small: 6 });
      expect(db.get('7.1.1.1')).toEqual({ early: true });
      expect(db.get('200.1.1.1')).toEqual({ early: true });
      expect(db.get('5.1.1.1')).toBeNull();
    }
  });

  it('writes the metadata readers need', () => {
    const buffer = build([['1.2.3.0/24', 'x']], {
      databaseType: 'OpenABM-Test',
      description: { en: 'A test', de: 'Ein Test' },
      languages: ['en', 'de'],
      buildEpoch: 1_700_000_000,
    });
    const meta = read(buffer).metadata;
    expect(meta).toMatchObject({
      binaryFormatMajorVersion: 2,
      binaryFormatMinorVersion: 0,
      databaseType: 'OpenABM-Test',
      description: { en: 'A test', de: 'Ein Test' },
      languages: ['en', 'de'],
      ipVersion: 6,
      recordSize: 24,
      buildEpoch: new Date(1_700_000_000_000),
    });
    // The tree ends where the 16 zero bytes of the separator begin, and the data follows them.
    expect([...buffer.subarray(meta.searchTreeSize, meta.searchTreeSize + 16)]).toEqual(new Array(16).fill(0));
    expect(dataBytes(buffer, 2)).toEqual([0x41, 0x78]);
    expect(buffer.indexOf(Buffer.from('\xab\xcd\xefMaxMind.com', 'latin1'))).toBe(meta.searchTreeSize + 16 + 2);
  });

  it('writes an IPv4-only database', () => {
    const writer = new MmdbWriter({ databaseType: 'Test-DB', ipVersion: 4 });
    writer.insert('1.2.3.0/24', 'a');
    writer.insertRange('9.9.9.8', '9.9.9.10', 'b');
    expect(() => writer.insert('2001:db8::/32', 'c')).toThrow(/2001:db8::\/32.*IPv4 database/);
    const db = read(writer.toBuffer());
    expect(db.metadata.ipVersion).toBe(4);
    // 24 nodes down to 1.2.3.0/24; 9.9.9.8/31 and 9.9.9.10/32 need 32 more, 5 of them shared (1 and 9 part at bit 4).
    expect(db.metadata.nodeCount).toBe(24 + 32 - 5);
    expect(db.getWithPrefixLength('1.2.3.4')).toEqual(['a', 24]);
    expect(db.getWithPrefixLength('9.9.9.9')).toEqual(['b', 31]);
    expect(db.getWithPrefixLength('9.9.9.10')).toEqual(['b', 32]);
    expect(db.get('9.9.9.11')).toBeNull();
  });
});

describe('MmdbWriter input errors', () => {
  const writer = new MmdbWriter({ databaseType: 'Test-DB' });
  it.each([
    ['1.2.3.0/33', /"1\.2\.3\.0\/33".*at most 32/],
    ['2001:db8::/129', /at most 128/],
    ['1.2.3.4/24', /"1\.2\.3\.4\/24".*host bits/],
    ['1.2.3/24', /invalid CIDR "1\.2\.3\/24"/],
    ['1.2.3.0', /invalid CIDR "1\.2\.3\.0"/],
    ['01.2.3.0/24', /invalid CIDR/],
    ['2001:db8:::/48', /invalid CIDR/],
    ['1:2:3:4:5:6:7:8:9/64', /invalid CIDR/],
    ['example.com/24', /invalid CIDR/],
  ])('rejects the CIDR %s', (cidr, message) => {
    expect(() => writer.insert(cidr, 1)).toThrow(message);
  });

  it('rejects bad ranges, naming them', () => {
    expect(() => writer.insertRange('1.0.0.9', '1.0.0.1', 1)).toThrow(/1\.0\.0\.9–1\.0\.0\.1.*after the last/);
    expect(() => writer.insertRange('1.0.0.1', '::2', 1)).toThrow(/both ends/);
    expect(() => writer.insertRange('1.0.0.1', '1.0.0.256', 1)).toThrow(/"1\.0\.0\.256" is not an IP address/);
  });
});
