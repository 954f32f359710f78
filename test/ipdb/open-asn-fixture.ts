import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startIdentification, type Identification } from '../../collector/identification.js';
import type { OpenAsnSource } from '../../collector/ipdb/open-asn.js';
import type { Store } from '../../collector/store/index.js';

/** One AS range of a fixture: first and last address, AS number, organization, registration country. */
export type FixtureRange = [first: string, last: string, asn: number, organization: string, country: string];

const quote = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Open ASN data of the bundled packages' shape (ranges and registration countries as CSV files) in
 * a directory of its own, and identification started over it, closed after each test: what the
 * collector compiles and loads, from a few fictional networks.
 */
export function openAsnFixture(name: string, ranges: readonly FixtureRange[]) {
  const dir = mkdtempSync(join(tmpdir(), `abm-${name}-`));
  const source: OpenAsnSource = {
    ipv4Csv: join(dir, 'asn-v4.csv'),
    ipv6Csv: join(dir, 'asn-v6.csv'),
    countryIpv4Csv: join(dir, 'country-v4.csv'),
    countryIpv6Csv: join(dir, 'country-v6.csv'),
    version: '0.0.1',
  };
  writeFileSync(source.ipv4Csv, ranges.map(([first, last, asn, org]) => `${first},${last},${asn},${quote(org)}`).join('\n'));
  writeFileSync(source.ipv6Csv, '');
  // Sorted by start, as the registries publish them.
  const byStart = [...ranges].sort((a, b) => a[0].split('.').map(Number).reduce((n, p) => n * 256 + p, 0) - b[0].split('.').map(Number).reduce((n, p) => n * 256 + p, 0));
  writeFileSync(source.countryIpv4Csv!, byStart.map(([first, last, , , cc]) => `${first},${last},${cc}`).join('\n'));
  writeFileSync(source.countryIpv6Csv!, '');
  const open: Identification[] = [];
  afterEach(() => open.splice(0).forEach((i) => i.close()));
  return {
    source,
    /** Identification over the fixture's data, as main.ts starts it (open data on, no other database). */
    start: async (store: Store) => {
      const ident = await startIdentification(store, { ipdb: [], accountRanges: undefined, openAsn: true, dataDir: dir, minConfidence: 0.5, learnMinPeople: 2 }, { refreshMs: 3_600_000, quiet: true, openAsnSource: source });
      open.push(ident);
      return ident;
    },
  };
}
