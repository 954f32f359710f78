/**
 * MaxMind's own test databases (../shared/ipdb/maxmind-test beside the repository, as in CI): the
 * real formats a user points the collector at. Each .mmdb has a .json listing its networks; the
 * addresses below are checked against it before they are resolved. Skipped, saying why, where the
 * files are absent; under CI=true (where they always are) their absence fails the run instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWords, parseIp, withHostBits } from '../../collector/ipdb/mmdb/ip-address.js';
import { createResolver, creditsAccount, type Resolution } from '../../collector/ipdb/resolve.js';
import { openIpdb, type IpdbSource } from '../../collector/ipdb/source.js';

const repoRoot = resolvePath(fileURLToPath(import.meta.url), '../../..');
const dir = resolvePath(repoRoot, '../shared/ipdb/maxmind-test');
const MIN = 0.5;

const NAMES = ['Enterprise', 'ISP', 'ASN', 'Domain', 'Connection', 'Anonymous', 'City'] as const;
type Name = (typeof NAMES)[number];
const FILES: Record<Name, string> = {
  Enterprise: 'GeoIP2-Enterprise-Test',
  ISP: 'GeoIP2-ISP-Test',
  ASN: 'GeoLite2-ASN-Test',
  Domain: 'GeoIP2-Domain-Test',
  Connection: 'GeoIP2-Connection-Type-Test',
  Anonymous: 'GeoIP2-Anonymous-IP-Test',
  City: 'GeoLite2-City-Test',
};

type Row = { network: string; first: string; record: Record<string, unknown> };

/** The .json beside a database: every network (first address) and its record. */
function rows(name: Name): Row[] {
  const list = JSON.parse(readFileSync(resolvePath(dir, `${FILES[name]}.json`), 'utf8')) as Record<string, Record<string, unknown>>[];
  return list.flatMap((entry) =>
    Object.entries(entry).map(([network, record]) => {
      const address = network.split('/')[0]!;
      // ::a.b.c.d is how the JSON writes IPv4; ask for it as a.b.c.d.
      return { network, first: /^::\d+\.\d+\.\d+\.\d+$/.test(address) ? address.slice(2) : address, record };
    }),
  );
}

/** The record the .json lists for the network holding `ip` (the most specific one). Some networks are written with host bits set (::74.209.24.0/116). */
function recordFor(name: Name, ip: string): Record<string, unknown> | null {
  const words = parseIp(ip)!.words;
  let best: { prefix: number; record: Record<string, unknown> } | null = null;
  for (const { network, record } of rows(name)) {
    const [address, bits] = network.split('/');
    const parsed = parseIp(address!)!;
    const prefix = Number(bits) + (parsed.family === 4 ? 96 : 0);
    const inside = compareWords(withHostBits(parsed.words, prefix, false), words) <= 0 && compareWords(words, withHostBits(parsed.words, prefix, true)) <= 0;
    if (inside && (!best || prefix > best.prefix)) best = { prefix, record };
  }
  return best?.record ?? null;
}
const traitsFor = (ip: string) => (recordFor('Enterprise', ip)?.traits ?? {}) as Record<string, unknown>;

/** Like the Chromium and PostgreSQL suites: a CI run can never pass without really running these. */
function requireTestDatabases(): boolean {
  if (existsSync(dir)) return true;
  const message = `no MaxMind test databases at ${dir}: put MaxMind's test-data (test-data/*.mmdb and *.json) there`;
  if (process.env.CI === 'true') throw new Error(`the vendor-format suite must run under CI: ${message}`);
  console.warn(`MaxMind test-database suite skipped: ${message}`);
  return false;
}

describe.skipIf(!requireTestDatabases())("MaxMind's test databases", () => {
  const db = {} as Record<Name, IpdbSource>;
  beforeAll(async () => {
    for (const name of NAMES) db[name] = await openIpdb(resolvePath(dir, `${FILES[name]}.mmdb`), { pollMs: 0 });
  });
  afterAll(() => {
    for (const name of NAMES) db[name]?.close();
  });
  const resolver = (...names: Name[]) => createResolver({ databases: names.map((n) => db[n]) });
  const credited = (r: Resolution) => creditsAccount(r, MIN);

  it('knows each file by its metadata', () => {
    expect(Object.fromEntries(NAMES.map((n) => [n, `${db[n].type} ${db[n].kind}`]))).toEqual({
      Enterprise: 'GeoIP2-Enterprise enterprise',
      ISP: 'GeoIP2-ISP isp',
      ASN: 'GeoLite2-ASN asn',
      Domain: 'GeoIP2-Domain domain',
      Connection: 'GeoIP2-Connection-Type connection-type',
      Anonymous: 'GeoIP2-Anonymous-IP anonymous-ip',
      City: 'GeoLite2-City geo',
    });
  });

  describe('GeoIP2-Enterprise', () => {
    const r = (ip: string) => resolver('Enterprise').resolve(ip);

    it("credits an organization on its ISP's network with its user_type (216.160.83.56, Lariat Software)", () => {
      expect(traitsFor('216.160.83.56')).toMatchObject({ organization: 'Lariat Software', isp: 'Century Link', user_type: 'government' });
      const res = r('216.160.83.56');
      expect(res).toMatchObject({ class: 'government', organization: 'Lariat Software', asn: 209, source: 'GeoIP2-Enterprise' });
      expect(credited(res)).toBe(true);
      expect(r('::ffff:216.160.83.56')).toEqual(res);
    });

    it('credits STONEHOUSE office network (81.2.69.160) and drops its reverse-DNS domain', () => {
      expect(traitsFor('81.2.69.160')).toMatchObject({ organization: 'STONEHOUSE office network', user_type: 'government', domain: 'in-addr.arpa' });
      const res = r('81.2.69.160');
      expect(res).toMatchObject({ class: 'government', organization: 'STONEHOUSE office network', domain: null });
      expect(credited(res)).toBe(true);
    });

    it.each([
      ['74.209.24.0', 'residential', 'isp'],
      ['149.101.100.0', undefined, 'mobile'],
      ['214.214.214.221', 'content_delivery_network', 'hosting'],
      ['214.214.214.220', 'hosting', 'hosting'],
      ['67.43.156.0', 'search_engine_spider', 'hosting'],
      ['1.124.213.0', 'cellular', 'mobile'],
      ['214.78.120.0', 'residential', 'isp'],
    ])('%s (user_type %s) is %s and not credited', (ip, userType, cls) => {
      expect(traitsFor(ip).user_type).toBe(userType);
      const res = r(ip);
      expect(res.class).toBe(cls);
      expect(credited(res)).toBe(false);
    });

    it('149.101.100.0 is Verizon Wireless', () => {
      expect(traitsFor('149.101.100.0')).toMatchObject({ isp: 'Verizon Wireless', autonomous_system_number: 6167 });
    });

    it('credits no network whose user_type is residential, cellular, hosting, a CDN or a spider', () => {
      const uncredited = new Set(['residential', 'cellular', 'hosting', 'content_delivery_network', 'search_engine_spider', 'traveler', 'cafe', 'dialup', 'router']);
      const checked = rows('Enterprise').filter((row) => uncredited.has(String((row.record.traits as Record<string, unknown> | undefined)?.user_type)));
      expect(checked.length).toBeGreaterThan(8);
      for (const row of checked) expect([row.network, credited(r(row.first))]).toEqual([row.network, false]);
    });
  });

  describe('GeoIP2-ISP', () => {
    const r = (ip: string) => resolver('ISP').resolve(ip);

    it.each([
      ['64.17.254.216', 'Karlin Peebles LLP', 'Towerstream I'],
      ['65.23.121.221', 'Endodontic Associates Of Savannah', 'Nuvox Communications'],
      ['216.160.83.56', 'Lariat Software', 'Century Link'],
    ])('credits %s, %s on %s', (ip, organization, isp) => {
      expect(recordFor('ISP', ip)).toMatchObject({ organization, isp });
      const res = r(ip);
      expect(res).toMatchObject({ class: 'business', organization, domain: null, source: 'GeoIP2-ISP' });
      expect(credited(res)).toBe(true);
    });

    it('does not credit AT&T Worldnet Services on AT&T Services (12.87.118.0, ASN 7018)', () => {
      expect(recordFor('ISP', '12.87.118.0')).toMatchObject({ organization: 'AT&T Worldnet Services', isp: 'AT&T Services', autonomous_system_number: 7018 });
      const res = r('12.87.118.0');
      expect(res).toMatchObject({ class: 'isp', asn: 7018 });
      expect(credited(res)).toBe(false);
    });

    it('a network with a mobile country code is mobile', () => {
      const mobile = rows('ISP').filter((row) => row.record.mobile_country_code);
      expect(mobile.length).toBeGreaterThan(0);
      for (const row of mobile) expect([row.network, r(row.first).class]).toEqual([row.network, 'mobile']);
    });

    it("with the Domain database: the organization is credited, the ISP's domain is not its domain", () => {
      expect(recordFor('Domain', '65.23.121.221')).toEqual({ domain: 'nuvox.net' });
      const res = resolver('Domain', 'ISP').resolve('65.23.121.221');
      expect(res).toMatchObject({ class: 'business', organization: 'Endodontic Associates Of Savannah', domain: null });
      expect(credited(res)).toBe(true);
    });
  });

  describe('GeoIP2-Anonymous-IP with GeoIP2-ISP', () => {
    const r = (ip: string) => resolver('ISP', 'Anonymous').resolve(ip);

    it('1.2.0.0 (VPN) is an anonymiser', () => {
      expect(recordFor('Anonymous', '1.2.0.0')).toMatchObject({ is_anonymous_vpn: true });
      const res = r('1.2.0.0');
      expect(res).toMatchObject({ class: 'anonymiser', source: 'GeoIP2-Anonymous-IP' });
      expect(credited(res)).toBe(false);
    });

    it('credits no flagged network: a VPN, proxy or Tor exit is an anonymiser, a hosting provider is hosting', () => {
      for (const row of rows('Anonymous')) {
        const f = row.record;
        const expected = f.is_anonymous_vpn || f.is_public_proxy || f.is_tor_exit_node || f.is_residential_proxy ? 'anonymiser' : 'hosting';
        const res = r(row.first);
        expect([row.network, res.class, credited(res)]).toEqual([row.network, expected, false]);
      }
    });
  });

  describe('GeoLite2-ASN', () => {
    it('1.0.0.0/24 (Google, AS15169) is hosting', () => {
      expect(recordFor('ASN', '1.0.0.1')).toEqual({ autonomous_system_number: 15169, autonomous_system_organization: 'Google Inc.' });
      const res = resolver('ASN').resolve('1.0.0.1');
      expect(res).toMatchObject({ class: 'hosting', asn: 15169, source: 'GeoLite2-ASN' });
      expect(credited(res)).toBe(false);
    });
  });

  describe('GeoIP2-Connection-Type with GeoIP2-ISP', () => {
    it.each([
      // Sprint PCS: its name alone says nothing; the connection type does.
      ['108.96.0.1', 'Sprint PCS'],
      ['149.101.100.0', 'Verizon Wireless'],
      // An organization is named, but on a cellular network (the Enterprise file calls it a spider).
      ['67.43.156.0', 'zudoarichikito_'],
    ])('%s (%s) on a Cellular connection is mobile', (ip, organization) => {
      expect(recordFor('Connection', ip)).toEqual({ connection_type: 'Cellular' });
      expect(recordFor('ISP', ip)).toMatchObject({ organization });
      for (const names of [['ISP', 'Connection'], ['Connection', 'ISP']] as Name[][]) {
        const res = resolver(...names).resolve(ip);
        expect(res).toMatchObject({ class: 'mobile', organization });
        expect(credited(res)).toBe(false);
      }
    });

    it('credits no address the Connection-Type file calls Cellular', () => {
      const cellular = rows('Connection').filter((row) => row.record.connection_type === 'Cellular');
      expect(cellular.length).toBeGreaterThan(3);
      for (const row of cellular) expect([row.network, credited(resolver('ISP', 'Connection').resolve(row.first))]).toEqual([row.network, false]);
    });
  });

  it('a City database adds nothing that credits an account: only the country the block is registered in', () => {
    const res = resolver('City').resolve('2.125.160.216');
    // registered_country (where the block is registered), not country (where it is used: GB here).
    expect(db.City.lookup('2.125.160.216')).toEqual({ country: 'FR' });
    expect(credited(res)).toBe(false);
  });
});
