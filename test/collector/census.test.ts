import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nameRulesFingerprint } from '../../collector/accounts/index.js';
import { loadCensus } from '../../collector/identification.js';
import { ensureOpenAsn } from '../../collector/ipdb/open-asn.js';

/** The names' census is counted once per compile and rules, kept beside the compiled data, and read at later starts. */
let dir: string;
let mmdb: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'abm-census-'));
  const v4 = join(dir, 'v4.csv');
  await writeFile(v4, ['1.0.0.0,1.0.0.255,64500,Intervex SRL', '1.0.1.0,1.0.1.255,64501,INTERVEX LTD', '1.0.2.0,1.0.2.255,64502,"Globodyne Stores, Inc."'].join('\n'));
  await writeFile(join(dir, 'v6.csv'), '');
  mmdb = await ensureOpenAsn(join(dir, 'data'), { source: { ipv4Csv: v4, ipv6Csv: join(dir, 'v6.csv'), version: '9.9.9' }, quiet: true });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const censusFile = () => mmdb.replace(/\.mmdb$/, `.census-${nameRulesFingerprint()}.json`);

describe('the names\' census beside the compiled data', () => {
  it('is counted at the first start, kept, and read (not counted) at the next', async () => {
    const first = await loadCensus(mmdb);
    expect(first.sameName('intervex')).toBe(2);
    expect(first.named('globodyne')).toBe(true);
    expect(existsSync(censusFile())).toBe(true);
    // What is on disk is what the next start uses: a census written by hand is believed.
    const kept = JSON.parse(await readFile(censusFile(), 'utf8'));
    await writeFile(censusFile(), JSON.stringify({ ...kept, name: [] }));
    expect((await loadCensus(mmdb)).sameName('intervex')).toBe(1);
  });

  it('counts again over a broken file, and removes censuses made under other rules', async () => {
    const other = mmdb.replace(/\.mmdb$/, '.census-oldrules.json');
    await writeFile(other, '{}');
    await writeFile(censusFile(), 'not json');
    expect((await loadCensus(mmdb)).sameName('intervex')).toBe(2);
    const files = await readdir(join(dir, 'data'));
    expect(files).not.toContain('open-asn-9.9.9-f3.census-oldrules.json');
    expect(files).toContain(censusFile().split('/').pop());
  });
});
