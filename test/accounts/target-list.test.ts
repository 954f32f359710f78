import { describe, expect, it } from 'vitest';
import { parseTargetList } from '../../collector/accounts/target-list.js';

describe('parseTargetList: valid rows', () => {
  it('reads domain, name, tier, owner_email and aliases', () => {
    const report = parseTargetList([
      { domain: 'pfizer.com', name: 'Pfizer Inc.', tier: 'A', owner_email: 'jane@example.com', aliases: 'Pfizer UK; pfizer.co.uk' },
    ]);
    expect(report.problems).toEqual([]);
    expect(report.rows).toEqual([
      { row: 1, value: { domain: 'pfizer.com', name: 'Pfizer Inc.', nameKey: 'pfizer', tier: 'A', owner: 'jane@example.com', aliases: ['Pfizer UK', 'pfizer.co.uk'] } },
    ]);
  });

  it.each([
    ['WWW.Pfizer.com', 'pfizer.com'],
    ['mail.us.pfizer.com', 'pfizer.com'],
    ['https://www.pfizer.com/x', 'pfizer.com'],
    ['  www.bbc.co.uk  ', 'bbc.co.uk'],
  ])('normalises domain %j to its registrable domain %j', (domain, expected) => {
    const { rows, problems } = parseTargetList([{ domain, name: 'X' }]);
    expect(problems).toEqual([]);
    expect(rows[0]?.value.domain).toBe(expected);
  });

  it('defaults the name to the domain when there is none', () => {
    const { rows, problems } = parseTargetList([{ domain: 'WWW.Pfizer.com' }, { domain: 'dynatrace.com', name: '   ' }]);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.value.name, r.value.nameKey])).toEqual([
      ['pfizer.com', 'pfizer'],
      ['dynatrace.com', 'dynatrace'],
    ]);
  });

  it('accepts a name without a domain', () => {
    const { rows, problems } = parseTargetList([{ name: '  Dynatrace LLC  ' }]);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ row: 1, value: { domain: null, name: 'Dynatrace LLC', nameKey: 'dynatrace', tier: null, owner: null, aliases: [] } }]);
  });

  it('lower-cases the owner and reads it from owner_email or owner', () => {
    const { rows, problems } = parseTargetList([
      { name: 'A', owner_email: ' Jane.Doe@Example.COM ' },
      { name: 'B', owner: 'Bob@Example.com' },
      { name: 'C', owner_email: '' },
    ]);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.value.owner)).toEqual(['jane.doe@example.com', 'bob@example.com', null]);
  });

  it('keeps a numeric tier as text and an empty tier as null', () => {
    const { rows } = parseTargetList([{ name: 'A', tier: 1 }, { name: 'B', tier: '  ' }, { name: 'C' }]);
    expect(rows.map((r) => r.value.tier)).toEqual(['1', null, null]);
  });
});

describe('parseTargetList: aliases', () => {
  it.each([
    ['Alphabet;YouTube', ['Alphabet', 'YouTube']],
    ['Alphabet|YouTube', ['Alphabet', 'YouTube']],
    [' Alphabet ; YouTube | google.co.uk ', ['Alphabet', 'YouTube', 'google.co.uk']],
    ['Alphabet;;|  ;', ['Alphabet']],
    ['Alphabet; Alphabet |Alphabet', ['Alphabet']],
    ['', []],
  ])('splits %j on ; and |, trimmed and de-duplicated', (aliases, expected) => {
    const { rows } = parseTargetList([{ name: 'Google', aliases }]);
    expect(rows[0]?.value.aliases).toEqual(expected);
  });

  it('takes an array, trimmed and de-duplicated, skipping empty and non-text entries', () => {
    const { rows } = parseTargetList([{ name: 'Google', aliases: [' Alphabet ', 'Alphabet', '', null, 'YouTube', {}] }]);
    expect(rows[0]?.value.aliases).toEqual(['Alphabet', 'YouTube']);
  });

  it('does not split array entries on separators', () => {
    const { rows } = parseTargetList([{ name: 'X', aliases: ['A; B'] }]);
    expect(rows[0]?.value.aliases).toEqual(['A; B']);
  });
});

describe('parseTargetList: problems', () => {
  it('names an invalid domain, with 1-based row numbers', () => {
    const report = parseTargetList([{ name: 'Good', domain: 'good.com' }, { name: 'Bad', domain: 'not a domain' }, { domain: 'localhost' }]);
    expect(report.rows.map((r) => r.row)).toEqual([1]);
    expect(report.problems).toHaveLength(2);
    expect(report.problems[0]?.row).toBe(2);
    expect(report.problems[0]?.message).toContain('"not a domain"');
    expect(report.problems[0]?.message).toMatch(/not a domain name/);
    expect(report.problems[1]?.row).toBe(3);
    expect(report.problems[1]?.message).toContain('"localhost"');
  });

  it('does not fall back to the name when the domain is invalid', () => {
    const report = parseTargetList([{ name: 'Pfizer', domain: 'pfizer' }]);
    expect(report.rows).toEqual([]);
    expect(report.problems).toEqual([{ row: 1, message: expect.stringContaining('"pfizer"') }]);
  });

  it('names an invalid owner e-mail', () => {
    const report = parseTargetList([{ name: 'A', owner_email: 'jane' }, { name: 'B', owner: 'Jane Doe <jane@example.com>' }, { name: 'C', owner_email: 'jane@localhost' }]);
    expect(report.rows).toEqual([]);
    expect(report.problems.map((p) => p.row)).toEqual([1, 2, 3]);
    expect(report.problems[0]?.message).toContain('"jane"');
    expect(report.problems[0]?.message).toMatch(/not an e-mail address/);
    expect(report.problems[1]?.message).toContain('Jane Doe <jane@example.com>');
    expect(report.problems[2]?.message).toContain('"jane@localhost"');
  });

  it('needs a name or a domain', () => {
    const report = parseTargetList([{}, { name: '', domain: '', tier: 'A' }, { name: '   ' }]);
    expect(report.rows).toEqual([]);
    expect(report.problems).toEqual([
      { row: 1, message: 'a row needs a name or a domain' },
      { row: 2, message: 'a row needs a name or a domain' },
      { row: 3, message: 'a row needs a name or a domain' },
    ]);
  });

  it('treats a name of punctuation alone as no name', () => {
    const report = parseTargetList([{ name: '-' }, { name: '?' }, { name: '—', domain: 'acme.com' }]);
    expect(report.problems).toEqual([
      { row: 1, message: 'a row needs a name or a domain' },
      { row: 2, message: 'a row needs a name or a domain' },
    ]);
    expect(report.rows).toEqual([{ row: 3, value: expect.objectContaining({ name: 'acme.com', nameKey: 'acme', domain: 'acme.com' }) }]);
  });

  it.each([[null], ['pfizer.com'], [42], [['pfizer.com', 'Pfizer']], [undefined], [true]])('reports a non-object row %j', (raw) => {
    const report = parseTargetList([{ name: 'First' }, raw]);
    expect(report.rows.map((r) => r.row)).toEqual([1]);
    expect(report.problems).toEqual([{ row: 2, message: expect.stringMatching(/object/) }]);
  });
});

describe('parseTargetList: duplicates', () => {
  it('reports the same registrable domain as the same account as the first row', () => {
    const report = parseTargetList([
      { domain: 'pfizer.com', name: 'Pfizer' },
      { domain: 'dynatrace.com', name: 'Dynatrace' },
      { domain: 'WWW.Pfizer.com', name: 'Pfizer Germany' },
      { domain: 'mail.us.pfizer.com', name: 'Pfizer US' },
    ]);
    expect(report.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(report.problems).toEqual([
      { row: 3, message: 'the same account as row 1' },
      { row: 4, message: 'the same account as row 1' },
    ]);
  });

  it('reports the same normalised name when there is no domain', () => {
    const report = parseTargetList([{ name: 'Acme' }, { name: 'Dynatrace' }, { name: 'Dynatrace LLC' }, { name: 'ACME, Inc.' }]);
    expect(report.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(report.problems).toEqual([
      { row: 3, message: 'the same account as row 2' },
      { row: 4, message: 'the same account as row 1' },
    ]);
  });

  it('does not treat the same name under different domains as duplicates', () => {
    const report = parseTargetList([{ name: 'Acme', domain: 'acme.com' }, { name: 'Acme', domain: 'acme.de' }]);
    expect(report.problems).toEqual([]);
    expect(report.rows.map((r) => r.value.domain)).toEqual(['acme.com', 'acme.de']);
  });

  it('does not count a rejected row as the first of a duplicate', () => {
    const report = parseTargetList([{ domain: 'pfizer.com', owner_email: 'nope' }, { domain: 'pfizer.com', name: 'Pfizer' }, { domain: 'pfizer.com' }]);
    expect(report.rows.map((r) => r.row)).toEqual([2]);
    expect(report.problems[0]?.row).toBe(1);
    expect(report.problems[1]).toEqual({ row: 3, message: 'the same account as row 2' });
  });
});

it('an empty list is an empty report', () => {
  expect(parseTargetList([])).toEqual({ rows: [], problems: [] });
});
