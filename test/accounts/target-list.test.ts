import { describe, expect, it } from 'vitest';
import { parseTargetList } from '../../collector/accounts/target-list.js';

describe('parseTargetList: valid rows', () => {
  it('reads domain, name, tier, owner_email and aliases', () => {
    const report = parseTargetList([
      { domain: 'pfizer.com', name: 'Pfizer Inc.', tier: 'Tier 1', owner_email: 'jane@example.com', aliases: 'Pfizer UK; pfizer.co.uk' },
    ]);
    expect(report.problems).toEqual([]);
    expect(report.rows).toEqual([
      { row: 1, value: { domain: 'pfizer.com', name: 'Pfizer Inc.', nameKey: 'pfizer', tier: '1', owner: 'jane@example.com', aliases: ['Pfizer UK', 'pfizer.co.uk'], country: null } },
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
    expect(rows).toEqual([{ row: 1, value: { domain: null, name: 'Dynatrace LLC', nameKey: 'dynatrace', tier: null, owner: null, aliases: [], country: null } }]);
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

  it.each([
    ['1', '1'], [2, '2'], ['3', '3'], ['Tier 1', '1'], ['tier-2', '2'], ['TIER3', '3'], ['T1', '1'], ['t 2', '2'], ['01', '1'],
  ])('reads tier %j as %j, the tiers the product filters by', (tier, expected) => {
    const { rows, problems } = parseTargetList([{ name: 'A', tier }]);
    expect(problems).toEqual([]);
    expect(rows[0]?.value.tier).toBe(expected);
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
    expect(report.problems).toEqual([{ row: 1, message: expect.stringContaining('"pfizer"'), problems: [{ field: 'domain', message: expect.stringContaining('not a domain name') }] }]);
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
    const report = parseTargetList([{}, { name: '', domain: '', tier: '2' }, { name: '   ' }]);
    expect(report.rows).toEqual([]);
    expect(report.problems.map((p) => [p.row, p.message])).toEqual([
      [1, 'a row needs a name or a domain'],
      [2, 'a row needs a name or a domain'],
      [3, 'a row needs a name or a domain'],
    ]);
  });

  it('treats a name of punctuation alone as no name', () => {
    const report = parseTargetList([{ name: '-' }, { name: '?' }, { name: '—', domain: 'acme.com' }]);
    expect(report.problems.map((p) => [p.row, p.message])).toEqual([
      [1, 'a row needs a name or a domain'],
      [2, 'a row needs a name or a domain'],
    ]);
    expect(report.rows).toEqual([{ row: 3, value: expect.objectContaining({ name: 'acme.com', nameKey: 'acme', domain: 'acme.com' }) }]);
  });

  it.each([[null], ['pfizer.com'], [42], [['pfizer.com', 'Pfizer']], [undefined], [true]])('reports a non-object row %j', (raw) => {
    const report = parseTargetList([{ name: 'First' }, raw]);
    expect(report.rows.map((r) => r.row)).toEqual([1]);
    expect(report.problems).toEqual([{ row: 2, message: expect.stringMatching(/object/), problems: [{ field: 'row', message: expect.stringMatching(/object/) }] }]);
  });
});

describe('parseTargetList: every problem of a row', () => {
  it.each([['A'], ['gold'], ['4'], ['0'], ['Tier 9'], ['1.5'], [true]])('refuses tier %j, saying which tiers there are', (tier) => {
    const { rows, problems } = parseTargetList([{ name: 'Acme', tier }]);
    expect(rows).toEqual([]);
    expect(problems[0]?.problems).toEqual([{ field: 'tier', message: expect.stringMatching(/^tier (.+ is not a tier: use 1, 2, 3 \(also written "Tier 1" or "T1"\), or leave it empty|must be text or a number: 1, 2 or 3)$/) }]);
  });

  it('reports all of them, each with its field, and all in the message', () => {
    const { rows, problems } = parseTargetList([{ domain: 'not a domain', tier: 'gold', owner_email: 'jane', owner_emial: 'x', aliases: 'A' }]);
    expect(rows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problems.map((p) => p.field)).toEqual(['owner_emial', 'domain', 'owner_email', 'tier']);
    expect(problems[0]!.problems[0]!.message).toBe('unknown field "owner_emial" — did you mean owner_email? (the fields are domain, name, tier, owner_email, aliases, country)');
    expect(problems[0]!.message).toBe(problems[0]!.problems.map((p) => p.message).join('; '));
  });

  it('names a field it does not take, suggesting the nearest, and takes the export\'s own fields', () => {
    const { rows, problems } = parseTargetList([
      { name: 'A', teir: '1' },
      { name: 'B', colour: 'red' },
      { name: 'C', id: 'acc_123', stage: 'mqa', owner: 'ana@vendor.example', aliases: ['C Corp'] },
    ]);
    expect(problems.map((p) => [p.row, p.message])).toEqual([
      [1, 'unknown field "teir" — did you mean tier? (the fields are domain, name, tier, owner_email, aliases, country)'],
      [2, 'unknown field "colour" (the fields are domain, name, tier, owner_email, aliases, country)'],
    ]);
    expect(rows.map((r) => [r.row, r.value.owner])).toEqual([[3, 'ana@vendor.example']]);
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
    expect(report.problems.map((p) => [p.row, p.message])).toEqual([
      [3, 'the same account as row 1'],
      [4, 'the same account as row 1'],
    ]);
  });

  it('reports the same normalised name when there is no domain', () => {
    const report = parseTargetList([{ name: 'Acme' }, { name: 'Dynatrace' }, { name: 'Dynatrace LLC' }, { name: 'ACME, Inc.' }]);
    expect(report.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(report.problems.map((p) => [p.row, p.message])).toEqual([
      [3, 'the same account as row 2'],
      [4, 'the same account as row 1'],
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
    expect(report.problems[1]).toMatchObject({ row: 3, message: 'the same account as row 2' });
  });
});

it('an empty list is an empty report', () => {
  expect(parseTargetList([])).toEqual({ rows: [], problems: [] });
});
