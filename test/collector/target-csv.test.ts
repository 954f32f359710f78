import { describe, expect, it } from 'vitest';
import { csvRecords, detectSeparator, readCsv } from '../../collector/schema/csv.js';
import { TARGET_COLUMNS } from '../../collector/accounts/index.js';
import { testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;
const upload = (t: Awaited<ReturnType<typeof testApp>>, csv: string) => t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });

describe('target list CSV: separators', () => {
  it.each([
    ['commas', 'domain,name,tier,owner_email,aliases\nacme.com,Acme,1,ana@vendor.example,Acme Corp;ACME\n'],
    ['semicolons (aliases with |)', 'domain;name;tier;owner_email;aliases\nacme.com;Acme;1;ana@vendor.example;Acme Corp|ACME\n'],
    ['tabs', 'domain\tname\ttier\towner_email\taliases\nacme.com\tAcme\t1\tana@vendor.example\tAcme Corp;ACME\n'],
    ['semicolons, quoted', '"domain";"name";"tier";"owner_email";"aliases"\r\n"acme.com";"Acme";"Tier 1";"ana@vendor.example";"Acme Corp;ACME"\r\n'],
    ['a byte-order mark and Excel-style names', '\uFEFFDomain,Name,Tier,Owner,Aliases\nacme.com,Acme,1,ana@vendor.example,Acme Corp;ACME\n'],
  ])('reads a file separated by %s', async (_, csv) => {
    const t = await testApp();
    const res = await upload(t, csv);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ created: 1, errors: 0, rows: [{ row: 1, line: 2, status: 'created', domain: 'acme.com', name: 'Acme' }] });
    expect((await t.store.listTargets())[0]).toMatchObject({ domain: 'acme.com', tier: '1', owner: 'ana@vendor.example', aliases: ['Acme Corp', 'ACME'] });
  });

  it('detects the separator outside quotes', () => {
    expect(detectSeparator('a,b,c')).toBe(',');
    expect(detectSeparator('a;b;c,d')).toBe(';');
    expect(detectSeparator('"a;b;c",d,e\tf')).toBe(',');
    expect(detectSeparator('a\tb\t"c,d,e"')).toBe('\t');
    expect(detectSeparator('plain')).toBe(',');
  });
});

describe('target list CSV: the header', () => {
  it.each([
    ['domain,name,tier,owner_emial,aliases', 'unknown column "owner_emial" (column 4) — did you mean owner_email?'],
    ['domian,nmae,tier', 'unknown column "domian" (column 1) — did you mean domain?; unknown column "nmae" (column 2) — did you mean name?'],
    ['domain,name,segment', 'unknown column "segment" (column 3). The columns are domain, name, tier, owner_email, aliases, country.'],
    ['domain;name;Teir', 'unknown column "Teir" (column 3) — did you mean tier?'],
    ['domain,name,owner,owner_email', 'column "owner_email" (column 4) repeats column 3'],
  ])('refuses %j naming the column, and imports nothing', async (header, message) => {
    const t = await testApp();
    const res = await upload(t, `${header}\nacme.com,Acme,1,ana@vendor.example\n`);
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_csv_header');
    expect(error.message).toContain(message);
    expect(error.message).toContain('The columns are domain, name, tier, owner_email, aliases, country');
    expect(await t.store.listTargets()).toEqual([]);
  });

  it('needs a domain or a name column', async () => {
    const t = await testApp();
    const res = await upload(t, 'tier,owner_email\n1,ana@vendor.example\n');
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toMatch(/needs a domain or a name column/);
  });

  it('takes the columns in order when there is no header', async () => {
    const t = await testApp();
    const body = await json(await upload(t, '# exported 2026-11-23\nacme.com,Acme,2,,\nglobex.com,Globex,,,\n'));
    expect(body).toMatchObject({ created: 2, rows: [{ line: 2, domain: 'acme.com' }, { line: 3, domain: 'globex.com' }] });
  });

  it('takes its own export back: the same accounts are updated', async () => {
    const t = await testApp();
    await upload(t, 'domain,name,tier,owner_email,aliases\nacme.com,Acme,1,ana@vendor.example,Acme Corp;ACME\ninitech.com,Initech,3,,\n');
    const exported = await (await t.admin('/api/target-accounts?format=csv')).text();
    expect(exported.split('\r\n')[0]).toBe('domain,name,tier,owner,aliases,country,id,stage');
    const again = await json(await upload(t, exported));
    expect(again).toMatchObject({ created: 0, updated: 2, errors: 0 });
    expect((await t.store.listTargets()).map((a) => [a.domain, a.tier, a.aliases])).toEqual([['acme.com', '1', ['Acme Corp', 'ACME']], ['initech.com', '3', []]]);
  });
});

describe('target list: every problem of every row', () => {
  it('reports each row with all its problems and its line, and imports the good rows', async () => {
    const t = await testApp();
    const csv = [
      'domain,name,tier,owner_email,aliases',
      'acme.com,Acme,1,ana@vendor.example,',
      'not a domain,Broken,gold,jane,',
      ',,,,',
      'initech.com,Initech, Inc.,2,ana@vendor.example,Initech Corp', // an unquoted comma moves the values along
      '"globex.com,Globex,1,,',
      'acme.com,Acme again,2,,',
      'hooli.com,Hooli,Tier 3,,',
    ].join('\n');
    const res = await upload(t, csv);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ created: 2, updated: 0, errors: 5 });
    const byRow = new Map(body.rows.map((r: any) => [r.row, r]));
    expect(byRow.get(1)).toMatchObject({ status: 'created', line: 2, domain: 'acme.com' });
    expect(byRow.get(2)).toMatchObject({ status: 'error', line: 3 });
    expect((byRow.get(2) as any).problems.map((p: any) => p.field)).toEqual(['domain', 'owner_email', 'tier']);
    expect((byRow.get(2) as any).message).toBe(
      'domain "not a domain" is not a domain name; owner_email "jane" is not an e-mail address; tier "gold" is not a tier: use 1, 2, 3 (also written "Tier 1" or "T1"), or leave it empty',
    );
    expect(byRow.get(3)).toMatchObject({ status: 'error', line: 4, message: 'a row needs a name or a domain' });
    expect((byRow.get(4) as any).message).toMatch(/^6 fields, but the header names 5 \(domain, name, tier, owner_email, aliases\): put "double quotes" around a value that holds a separator; owner_email "2" is not an e-mail address; tier "Inc\." is not a tier/);
    expect((byRow.get(5) as any).message).toMatch(/unterminated quoted field/);
    expect(byRow.get(6)).toMatchObject({ status: 'error', line: 7, message: 'the same account as row 1' });
    expect(byRow.get(7)).toMatchObject({ status: 'created', domain: 'hooli.com' });
    expect((await t.store.listTargets()).map((a) => [a.domain, a.tier])).toEqual([['acme.com', '1'], ['hooli.com', '3']]);
  });

  it('checks JSON rows the same way, naming fields it does not take', async () => {
    const t = await testApp();
    const res = await t.admin('/api/target-accounts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ domain: 'acme.com', name: 'Acme', tier: 'T2' }, { domain: 'globex.com', name: 'Globex', owner_emial: 'bob@vendor.example', tier: 'B' }]),
    });
    const body = await json(res);
    expect(body).toMatchObject({ created: 1, errors: 1 });
    expect(body.rows[1]).toEqual({
      row: 2,
      status: 'error',
      message: 'unknown field "owner_emial" — did you mean owner_email? (the fields are domain, name, tier, owner_email, aliases, country); tier "B" is not a tier: use 1, 2, 3 (also written "Tier 1" or "T1"), or leave it empty',
      problems: [
        { field: 'owner_emial', message: 'unknown field "owner_emial" — did you mean owner_email? (the fields are domain, name, tier, owner_email, aliases, country)' },
        { field: 'tier', message: 'tier "B" is not a tier: use 1, 2, 3 (also written "Tier 1" or "T1"), or leave it empty' },
      ],
    });
    expect((await t.store.listTargets())[0]).toMatchObject({ domain: 'acme.com', tier: '2' });
    const notList = await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"domain":"acme.com"}' });
    expect(notList.status).toBe(400);
    expect((await json(notList)).error.code).toBe('invalid_body');
  });
});

describe('other CSV uploads share the header rules', () => {
  it('csvRecords answers a misspelt header with one error on its line and no rows', () => {
    expect(csvRecords('# ranges\ncidr,domian,name\n10.0.0.0/8,acme.com,Acme\n', ['cidr', 'domain', 'name'])).toEqual([
      { line: 2, error: 'unknown column "domian" (column 2) — did you mean domain?. The columns are cidr, domain, name.' },
    ]);
    expect(csvRecords('cidr;domain\n10.0.0.0/8;acme.com\n', ['cidr', 'domain', 'name'])).toEqual([{ line: 2, record: { cidr: '10.0.0.0/8', domain: 'acme.com' } }]);
  });

  it('readCsv gives the header, the separator and each row\'s shape problems', () => {
    const table = readCsv('Domain\tName\nacme.com\tAcme\textra\n', TARGET_COLUMNS);
    expect(table).toMatchObject({ separator: '\t', header: ['Domain', 'Name'], headerProblems: [] });
    expect(table.rows[0]).toMatchObject({ line: 2, record: { domain: 'acme.com', name: 'Acme' }, problems: [expect.stringMatching(/^3 fields, but the header names 2/)] });
  });
});
