import { describe, expect, it } from 'vitest';
import { checkRange, rangeTable, type RangeEntry } from '../../collector/ipdb/ranges.js';

describe('rangeTable', () => {
  const entries: RangeEntry[] = [
    // The narrow one first: the order entries come in does not matter.
    { cidr: '10.20.30.0/24', domain: 'b.com', name: 'B Corp' },
    { cidr: '10.20.0.0/16', domain: 'a.com', name: 'A Inc' },
    { cidr: '10.20.30.128/32', domain: 'c.com', name: null },
    { cidr: '2001:db8::/32', domain: 'v6.com' },
    { cidr: '2001:db8:1::/48', domain: 'v6-narrow.com', name: 'Narrow' },
  ];
  const table = rangeTable(entries);

  it('finds the most specific listed network', () => {
    expect(table.lookup('10.20.30.7')).toEqual({ cidr: '10.20.30.0/24', domain: 'b.com', name: 'B Corp' });
    expect(table.lookup('10.20.31.7')).toEqual({ cidr: '10.20.0.0/16', domain: 'a.com', name: 'A Inc' });
    expect(table.lookup('10.20.0.0')).toEqual({ cidr: '10.20.0.0/16', domain: 'a.com', name: 'A Inc' });
    expect(table.lookup('10.20.255.255')).toEqual({ cidr: '10.20.0.0/16', domain: 'a.com', name: 'A Inc' });
    expect(table.lookup('10.20.30.128')).toEqual({ cidr: '10.20.30.128/32', domain: 'c.com', name: null });
    expect(table.lookup('10.20.30.129')?.domain).toBe('b.com');
    expect(table.lookup('10.21.0.1')).toBeNull();
  });

  it('finds IPv6 ranges, most specific first', () => {
    expect(table.lookup('2001:db8:ffff::1')).toEqual({ cidr: '2001:db8::/32', domain: 'v6.com', name: null });
    expect(table.lookup('2001:db8:1:2::3')).toEqual({ cidr: '2001:db8:1::/48', domain: 'v6-narrow.com', name: 'Narrow' });
    expect(table.lookup('2001:db9::1')).toBeNull();
  });

  it('finds IPv4 ranges by IPv4-mapped addresses', () => {
    expect(table.lookup('::ffff:10.20.30.7')?.domain).toBe('b.com');
    expect(table.lookup('::ffff:10.20.31.7')?.domain).toBe('a.com');
    expect(table.lookup('::ffff:a14:1e80')?.domain).toBe('c.com');
  });

  it('weighs IPv4-mapped and IPv4 ranges on one scale', () => {
    const mixed = rangeTable([
      { cidr: '10.1.0.0/16', domain: 'narrow.com' },
      { cidr: '::ffff:10.0.0.0/104', domain: 'wide.com' },
      { cidr: '::ffff:10.2.3.0/120', domain: 'mapped-narrow.com' },
      { cidr: '10.2.0.0/16', domain: 'mid.com' },
    ]);
    expect(mixed.lookup('10.1.2.3')?.domain).toBe('narrow.com');
    expect(mixed.lookup('10.9.9.9')?.domain).toBe('wide.com');
    expect(mixed.lookup('10.2.3.4')?.domain).toBe('mapped-narrow.com');
    expect(mixed.lookup('10.2.4.4')?.domain).toBe('mid.com');
  });

  it('answers nothing for what is not an address', () => {
    const everything = rangeTable([{ cidr: '0.0.0.0/0', domain: 'all.com' }]);
    expect(everything.lookup('1.2.3.4')?.domain).toBe('all.com');
    for (const bad of ['nope', '', '1.2.3', 'x:y']) expect(everything.lookup(bad)).toBeNull();
  });

  it('an empty table finds nothing and keeps its entries', () => {
    expect(rangeTable([]).lookup('10.20.30.7')).toBeNull();
    expect(table.entries).toBe(entries);
  });

  it('refuses a bad range', () => {
    expect(() => rangeTable([{ cidr: 'nope', domain: 'x.com' }])).toThrow(/nope/);
  });
});

describe('checkRange', () => {
  it('accepts networks', () => {
    for (const ok of ['10.0.0.0/8', '192.0.2.7/32', '2001:db8::/32', '::ffff:10.0.0.0/104', '0.0.0.0/0']) expect(checkRange(ok)).toBeNull();
  });

  it.each([
    ['10.0.0.0/33', /IPv4 prefix is at most 32/],
    ['2001:db8::/129', /IPv6 prefix is at most 128/],
    ['nope', /invalid CIDR "nope".*address\/prefix/],
    ['', /invalid CIDR "".*address\/prefix/],
    ['10.0.0.0', /address\/prefix/],
    ['10.0.0.1/8', /host bits/],
    ['300.0.0.0/8', /invalid CIDR/],
  ])('%j: %s', (cidr, message) => {
    expect(checkRange(cidr)).toMatch(message);
  });
});
