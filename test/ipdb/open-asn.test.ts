import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reader, type AsnResponse } from 'maxmind';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileOpenAsn, ensureOpenAsn, openAsnSource, readAsnDirectory, type OpenAsnSource } from '../../collector/ipdb/open-asn.js';
import { parseCsvLine } from '../../collector/schema/csv.js';

const IPV4 = [
  '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."',
  '1.0.4.1,1.0.7.254,38803,Gtelecom Pty Ltd',
  '',
  '2.26.200.0,2.26.215.255,201907,"LLC ""SPUTNIK"""',
  '5.5.5.5,5.5.5.5,64512,',
  '',
].join('\n');
// CRLF line ends, and no newline after the last line.
const IPV6 = [
  '2001:200:1ba::,2001:200:1ba:ffff:ffff:ffff:ffff:ffff,24047,"Internet Systems Consortium, Inc."',
  '2001:db8::3,2001:db8::1:2,64496,"Quote ""A"", and ""B"""',
].join('\r\n');

let dir: string;
let source: OpenAsnSource;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'open-asn-test-'));
  source = { ipv4Csv: join(dir, 'v4.csv'), ipv6Csv: join(dir, 'v6.csv'), version: '1.2.3' };
  await writeFile(source.ipv4Csv, IPV4);
  await writeFile(source.ipv6Csv, IPV6);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const open = async (path: string) => new Reader<AsnResponse>(await readFile(path));

describe('compileOpenAsn', () => {
  it('compiles the CSV ranges into an ASN database', async () => {
    const out = join(dir, 'asn.mmdb');
    const progress: Array<[number, number]> = [];
    const report = await compileOpenAsn(source, out, (done, total) => progress.push([done, total]));
    expect(report.ranges).toBe(6);
    expect(report.bytes).toBe((await stat(out)).size);
    expect(progress.at(-1)).toEqual([7, 7]);

    const db = await open(out);
    expect(db.metadata.databaseType).toBe('OpenABM-ASN');
    expect((db.metadata.description as unknown as Record<string, string>).en).toContain('RouteViews and DB-IP via @ip-location-db/asn (CC BY 4.0)');
    expect(db.getWithPrefixLength('1.0.0.1')).toEqual([{ autonomous_system_number: 13335, autonomous_system_organization: 'Cloudflare, Inc.', abm_asn_ipv4_addresses: 256 }, 24]);
    expect(db.get('::ffff:1.0.0.1')?.autonomous_system_number).toBe(13335);
    expect(db.get('2.26.210.1')).toEqual({ autonomous_system_number: 201907, autonomous_system_organization: 'LLC "SPUTNIK"', abm_asn_ipv4_addresses: 4096 });
    // Every range of an AS adds to its size, ragged bounds included (1.0.4.1–1.0.7.254).
    expect(db.get('1.0.5.1')).toMatchObject({ abm_asn_ipv4_addresses: 1022 });
    expect(db.get('5.5.5.5')).toEqual({ autonomous_system_number: 64512, abm_asn_ipv4_addresses: 1 });
    expect(db.get('2001:200:1ba:1::1')?.autonomous_system_organization).toBe('Internet Systems Consortium, Inc.');
    expect(db.get('2001:db8::1:2')).toEqual({ autonomous_system_number: 64496, autonomous_system_organization: 'Quote "A", and "B"' });
  });

  it('keeps the bounds of ranges that are not CIDR-aligned', async () => {
    const out = join(dir, 'asn.mmdb');
    await compileOpenAsn(source, out);
    const db = await open(out);
    expect(db.get('1.0.4.0')).toBeNull();
    expect(db.getWithPrefixLength('1.0.4.1')).toEqual([expect.objectContaining({ autonomous_system_number: 38803 }), 32]);
    expect(db.getWithPrefixLength('1.0.5.9')).toEqual([expect.objectContaining({ autonomous_system_number: 38803 }), 24]);
    expect(db.get('1.0.7.254')?.autonomous_system_number).toBe(38803);
    expect(db.get('1.0.7.255')).toBeNull();
    expect(db.get('2001:db8::2')).toBeNull();
    expect(db.get('2001:db8::3')?.autonomous_system_number).toBe(64496);
    expect(db.get('2001:db8::1:3')).toBeNull();
    expect(db.get('5.5.5.4')).toBeNull();
  });

  it('names the file and line of a bad row, and leaves no output behind', async () => {
    await writeFile(source.ipv6Csv, `${IPV6}\r\n2001:db8::9,2001:db8::1,1,Backwards`);
    const out = join(dir, 'asn.mmdb');
    await expect(compileOpenAsn(source, out)).rejects.toThrow(/v6\.csv:3: invalid range 2001:db8::9–2001:db8::1/);
    await writeFile(source.ipv6Csv, 'not,a,number,row');
    await expect(compileOpenAsn(source, out)).rejects.toThrow(/v6\.csv:1: expected first_ip,last_ip,asn,organization/);
    expect(await readdir(dir)).toEqual(['v4.csv', 'v6.csv']);
  });
});

describe('ensureOpenAsn', () => {
  it('compiles once, reuses the file, and removes older versions', async () => {
    const data = join(dir, 'data');
    await ensureOpenAsn(data, { source: { ...source, version: '1.0.0' }, quiet: true });
    await writeFile(join(data, 'other.mmdb'), 'keep me');

    const path = await ensureOpenAsn(data, { source, quiet: true });
    expect(path).toBe(join(data, 'open-asn-1.2.3-f3.mmdb'));
    expect((await readdir(data)).sort()).toEqual(['open-asn-1.2.3-f3.mmdb', 'open-asn-1.2.3-f3.networks.json', 'other.mmdb']);
    expect((await open(path)).get('1.0.0.1')?.autonomous_system_number).toBe(13335);

    const compiledAt = (await stat(path)).mtimeMs;
    await rm(source.ipv4Csv); // a second compile would fail now
    expect(await ensureOpenAsn(data, { source, quiet: true })).toBe(path);
    expect((await stat(path)).mtimeMs).toBe(compiledAt);
  });

  it('reports progress on stderr unless quiet', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    await ensureOpenAsn(join(dir, 'data'), { source });
    expect(written.join('')).toMatch(/Compiling @ip-location-db\/asn 1\.2\.3.*done 7\/7 in [\d.]+s.*6 ranges/s);
  });
});

describe('registration countries and the directory of networks', () => {
  it('gives each AS the country most of its ranges were registered in, in its records and in the directory beside the file', async () => {
    await writeFile(join(dir, 'c4.csv'), ['1.0.0.0,1.0.0.255,AU', '1.0.4.0,1.0.7.255,AU', '2.26.0.0,2.26.255.255,RU', '5.5.5.0,5.5.5.255,US'].join('\n'));
    await writeFile(join(dir, 'c6.csv'), '2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP\n');
    const out = join(dir, 'asn.mmdb');
    await compileOpenAsn({ ...source, countryIpv4Csv: join(dir, 'c4.csv'), countryIpv6Csv: join(dir, 'c6.csv') }, out);
    const db = await open(out);
    expect(db.get('1.0.0.1')).toMatchObject({ autonomous_system_number: 13335, abm_asn_country: 'AU' });
    expect(db.get('2.26.210.1')).toMatchObject({ abm_asn_country: 'RU' });
    expect(db.get('2001:200:1ba:1::1')).toMatchObject({ abm_asn_country: 'JP' });
    // Not in any registered range: no country rather than a guess.
    expect(db.get('2001:db8::1:2')).not.toHaveProperty('abm_asn_country');
    const directory = await readAsnDirectory(out);
    expect(directory).toContainEqual({ asn: 201907, organization: 'LLC "SPUTNIK"', country: 'RU', ipv4: 4096 });
    expect(directory).toContainEqual({ asn: 64496, organization: 'Quote "A", and "B"', country: null, ipv4: 0 });
    // An AS with no name is not in the directory: there is nothing to match.
    expect(directory.some((e) => e.asn === 64512)).toBe(false);
  });

  it('points at the installed registration countries', async () => {
    const installed = openAsnSource();
    expect(existsSync(installed.countryIpv4Csv!) && existsSync(installed.countryIpv6Csv!)).toBe(true);
  });
});

describe('openAsnSource', () => {
  it('points at the installed package', async () => {
    const installed = openAsnSource();
    expect(existsSync(installed.ipv4Csv) && existsSync(installed.ipv6Csv)).toBe(true);
    expect(installed.version).toMatch(/^\d+\.\d+\.\d+/);
    expect((await readFile(installed.ipv4Csv, 'utf8')).slice(0, 60)).toMatch(/^\d+\.\d+\.\d+\.\d+,\d+\.\d+\.\d+\.\d+,\d+,/);
  });
});

describe('parseCsvLine', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,"b, c",d', ['a', 'b, c', 'd']],
    ['"say ""hi""",x', ['say "hi"', 'x']],
    ['a,,c,', ['a', '', 'c', '']],
    ['"",""""', ['', '"']],
  ])('splits %s', (line, fields) => {
    expect(parseCsvLine(line)).toEqual(fields);
  });

  it('rejects broken quoting', () => {
    expect(() => parseCsvLine('a,"open')).toThrow(/unterminated/);
    expect(() => parseCsvLine('"a"b,c')).toThrow(/after a closing quote/);
  });
});
