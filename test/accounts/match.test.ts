import { describe, expect, it } from 'vitest';
import { accountIndex, type MatchableAccount } from '../../collector/accounts/match.js';

const account = (id: string, name: string, domain: string | null, aliases: string[] = []): MatchableAccount => ({ id, name, domain, aliases });

const pfizer = account('a-pfizer', 'Pfizer', 'pfizer.com', ['pfizer.co.uk']);
const google = account('a-google', 'Google', 'google.com', ['Alphabet']);
const dynatrace = account('a-dyna', 'Dynatrace', null);
const index = accountIndex([pfizer, google, dynatrace]);

describe('accountIndex: by domain', () => {
  it.each(['pfizer.com', 'mail.us.pfizer.com', 'https://www.pfizer.com/x', 'PFIZER.COM', 'jane@pfizer.com'])('%s is Pfizer by domain', (domain) => {
    expect(index.match({ domain })).toEqual({ id: 'a-pfizer', name: 'Pfizer', domain: 'pfizer.com', nameKey: 'pfizer', by: 'domain' });
  });

  it('compares the list’s own domains as registrable domains too', () => {
    const idx = accountIndex([account('x', 'Example', 'https://www.example.co.uk/about')]);
    expect(idx.match({ domain: 'shop.example.co.uk' })).toMatchObject({ id: 'x', by: 'domain' });
    expect(idx.match({ domain: 'example.com' })).toBeUndefined();
  });

  it('does not match a different domain that merely contains the name', () => {
    expect(index.match({ domain: 'pfizer.net' })).toBeUndefined();
    expect(index.match({ domain: 'notpfizer.com' })).toBeUndefined();
  });
});

describe('accountIndex: by name', () => {
  it.each([
    ['Pfizer Inc.', 'a-pfizer'],
    ['PFIZER', 'a-pfizer'],
    ['Dynatrace LLC', 'a-dyna'],
    ['Google LLC', 'a-google'],
  ])('%s is matched by name', (name, id) => {
    expect(index.match({ name })).toMatchObject({ id, by: 'name' });
  });

  it('returns the normalised name key of the account', () => {
    expect(index.match({ name: 'Dynatrace LLC' })).toEqual({ id: 'a-dyna', name: 'Dynatrace', domain: null, nameKey: 'dynatrace', by: 'name' });
  });

  it('falls back to the name when the domain matches nothing or is not a domain', () => {
    expect(index.match({ domain: 'gmail.com', name: 'Pfizer Inc.' })).toMatchObject({ id: 'a-pfizer', by: 'name' });
    expect(index.match({ domain: 'not a domain', name: 'Pfizer' })).toMatchObject({ id: 'a-pfizer', by: 'name' });
    expect(index.match({ domain: null, name: 'Dynatrace' })).toMatchObject({ id: 'a-dyna', by: 'name' });
  });

  it('domain beats name when both point at different accounts', () => {
    expect(index.match({ domain: 'google.com', name: 'Pfizer' })).toMatchObject({ id: 'a-google', by: 'domain' });
    expect(index.match({ domain: 'www.pfizer.com', name: 'Google' })).toMatchObject({ id: 'a-pfizer', by: 'domain' });
  });
});

describe('accountIndex: by alias', () => {
  it('an alias that is a name matches by normalised name', () => {
    expect(index.match({ name: 'Alphabet' })).toMatchObject({ id: 'a-google', by: 'alias' });
    expect(index.match({ name: 'Alphabet Inc.' })).toMatchObject({ id: 'a-google', by: 'alias' });
  });

  it('an alias that is a domain matches by registrable domain', () => {
    expect(index.match({ domain: 'pfizer.co.uk' })).toEqual({ id: 'a-pfizer', name: 'Pfizer', domain: 'pfizer.com', nameKey: 'pfizer', by: 'alias' });
    expect(index.match({ domain: 'https://www.pfizer.co.uk/careers' })).toMatchObject({ id: 'a-pfizer', by: 'alias' });
  });

  it('a name alias is not treated as a domain, nor a domain alias as a name', () => {
    expect(index.match({ domain: 'alphabet.com' })).toBeUndefined();
    expect(index.match({ name: 'pfizer.co.uk' })).toBeUndefined();
    const idx = accountIndex([account('b', 'Bravo', 'bravo.com', ['charlie.io'])]);
    expect(idx.match({ name: 'charlie.io' })).toBeUndefined();
    expect(idx.match({ name: 'Charlie' })).toBeUndefined();
  });

  it('a name alias with spaces is a name even when it contains a dot', () => {
    const idx = accountIndex([account('g', 'Google', 'google.com', ['Alphabet Inc. Holdings'])]);
    expect(idx.match({ name: 'alphabet inc holdings' })).toMatchObject({ id: 'g', by: 'alias' });
  });

  it('a name matching both an account name and another account’s alias goes to the name', () => {
    const idx = accountIndex([account('first', 'Alpha', 'alpha.com', ['Beta']), account('second', 'Beta', 'beta.com')]);
    expect(idx.match({ name: 'Beta' })).toMatchObject({ id: 'second', by: 'name' });
  });
});

describe('accountIndex: conflicts', () => {
  it('an alias never steals another account’s own domain or name, even from earlier in the list', () => {
    const thief = account('thief', 'Acme', 'acme.com', ['pfizer.com', 'www.pfizer.com', 'Pfizer', 'Pfizer Inc.']);
    const idx = accountIndex([thief, pfizer]);
    expect(idx.match({ domain: 'pfizer.com' })).toMatchObject({ id: 'a-pfizer', by: 'domain' });
    expect(idx.match({ domain: 'mail.pfizer.com' })).toMatchObject({ id: 'a-pfizer', by: 'domain' });
    expect(idx.match({ name: 'Pfizer' })).toMatchObject({ id: 'a-pfizer', by: 'name' });
    expect(idx.match({ name: 'Pfizer Inc' })).toMatchObject({ id: 'a-pfizer', by: 'name' });
    expect(idx.match({ domain: 'acme.com' })).toMatchObject({ id: 'thief', by: 'domain' });
  });

  it('the first account in the list wins a shared domain', () => {
    const idx = accountIndex([account('one', 'One', 'shared.com'), account('two', 'Two', 'www.shared.com')]);
    expect(idx.match({ domain: 'shared.com' })).toMatchObject({ id: 'one', by: 'domain' });
    const reversed = accountIndex([account('two', 'Two', 'www.shared.com'), account('one', 'One', 'shared.com')]);
    expect(reversed.match({ domain: 'shared.com' })).toMatchObject({ id: 'two', by: 'domain' });
  });

  it('the first account in the list wins a shared name', () => {
    const idx = accountIndex([account('one', 'Acme Inc.', 'acme.com'), account('two', 'Acme LLC', 'acme.de')]);
    expect(idx.match({ name: 'Acme' })).toMatchObject({ id: 'one', by: 'name' });
    expect(idx.match({ domain: 'acme.de' })).toMatchObject({ id: 'two', by: 'domain' });
  });

  it('the first account in the list wins a shared alias', () => {
    const idx = accountIndex([account('one', 'One', 'one.com', ['Shared Brand', 'shared.io']), account('two', 'Two', 'two.com', ['Shared Brand', 'shared.io'])]);
    expect(idx.match({ name: 'Shared Brand' })).toMatchObject({ id: 'one', by: 'alias' });
    expect(idx.match({ domain: 'shared.io' })).toMatchObject({ id: 'one', by: 'alias' });
  });
});

describe('accountIndex: no match', () => {
  it('returns undefined for companies not on the list', () => {
    expect(index.match({ domain: 'microsoft.com', name: 'Microsoft' })).toBeUndefined();
    expect(index.match({ name: 'Pfizer Vaccines' })).toBeUndefined();
  });

  it.each([
    [{}],
    [{ domain: null, name: null }],
    [{ domain: '', name: '' }],
    [{ domain: '   ', name: '   ' }],
    [{ domain: 'localhost', name: '!!!' }],
    [{ domain: '192.168.0.1' }],
    [{ domain: '%%%', name: '---' }],
    [{ domain: 'printer.local' }],
  ])('returns undefined for empty or garbage input %j', (company) => {
    expect(index.match(company)).toBeUndefined();
  });

  it('accounts whose name normalises to nothing and with no domain are not matched by empty names', () => {
    const idx = accountIndex([account('junk', '!!!', null)]);
    expect(idx.match({ name: '???' })).toBeUndefined();
    expect(idx.match({ name: '' })).toBeUndefined();
  });

  it('an empty list matches nothing and reports its size', () => {
    const idx = accountIndex([]);
    expect(idx.size).toBe(0);
    expect(idx.match({ domain: 'pfizer.com', name: 'Pfizer' })).toBeUndefined();
    expect(index.size).toBe(3);
  });
});
