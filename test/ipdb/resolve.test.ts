import { describe, expect, it } from 'vitest';
import { MmdbWriter, type MmdbValue } from '../../collector/ipdb/mmdb-writer.js';
import { rangeTable } from '../../collector/ipdb/ranges.js';
import { createResolver, creditsAccount, mayCreditTarget, resolveUncached, sameFamily, type Resolution } from '../../collector/ipdb/resolve.js';
import { ipdbFromBuffer, type IpdbSource } from '../../collector/ipdb/source.js';

/** IDENTIFY_MIN_CONFIDENCE's default. */
const MIN = 0.5;

function db(databaseType: string, inserts: Array<[string, MmdbValue]>): IpdbSource {
  const writer = new MmdbWriter({ databaseType });
  for (const [cidr, data] of inserts) writer.insert(cidr, data);
  return ipdbFromBuffer(writer.toBuffer());
}

// Enterprise: everything under `traits`.
const enterprise = db('GeoIP2-Enterprise', [
  ['10.1.1.0/24', { traits: { isp: 'Towerstream I', organization: 'Karlin Peebles LLP', domain: 'towerstream.com', autonomous_system_number: 33224, connection_type: 'Corporate' } }],
  ['10.1.2.0/24', { traits: { isp: 'Century Link', organization: 'Lariat Software', autonomous_system_number: 209, user_type: 'government' } }],
  ['10.1.3.0/24', { traits: { isp: 'Verizon Wireless', organization: 'Acme Corp', user_type: 'cellular' } }],
  ['10.1.4.0/24', { traits: { isp: 'Comcast Cable', organization: 'Acme Corp', user_type: 'residential', connection_type: 'Cable/DSL' } }],
  ['10.1.5.0/24', { traits: { isp: 'Hetzner Online', organization: 'Acme Corp', user_type: 'hosting' } }],
  ['10.1.6.0/24', { traits: { isp: 'Akamai', organization: 'Acme Corp', user_type: 'content_delivery_network' } }],
  ['10.1.7.0/24', { traits: { isp: 'AT&T Services', organization: 'AT&T Services', autonomous_system_number: 7018, user_type: 'business', domain: 'sbcglobal.net' } }],
  ['10.1.8.0/24', { traits: { isp: 'Globex', organization: 'Globex', user_type: 'business', domain: 'globex.example' } }],
  ['10.1.9.0/24', { traits: { isp: 'Comcast Cable', organization: 'Comcast Cable', user_type: 'residential' } }],
  // Contradicted by the ASN database below.
  ['10.9.0.0/24', { traits: { isp: 'Comcast Cable', organization: 'Comcast Cable', user_type: 'residential' } }],
]);

// ISP: flat.
const isp = db('GeoIP2-ISP', [
  ['10.2.1.0/24', { isp: 'Pfizer Inc', organization: 'Pfizer Inc', autonomous_system_number: 64_601 }],
  ['10.2.2.0/24', { isp: 'Towerstream I', organization: 'Karlin Peebles LLP', autonomous_system_number: 33224 }],
  ['10.2.3.0/24', { isp: 'AT&T Services', organization: 'AT&T Worldnet Services', autonomous_system_number: 7018 }],
  ['10.2.4.0/24', { isp: 'Sprint PCS', organization: 'Sprint PCS' }],
  ['10.2.5.0/24', { isp: 'Amazon.com', organization: 'Netflix Streaming Services', autonomous_system_number: 16509 }],
  ['10.2.6.0/24', { isp: 'Verizon Wireless', organization: 'Verizon Wireless', autonomous_system_number: 6167, mobile_country_code: '310' }],
  ['10.2.7.0/24', { isp: 'Regional Carrier', organization: 'Regional Carrier', mobile_country_code: '311' }],
  ['10.2.8.0/24', { isp: 'Towerstream I', organization: 'Initech', autonomous_system_number: 33224 }],
  ['10.2.9.0/24', { isp: 'Smalltown Net', organization: 'Initrode Inc' }],
  ['10.9.1.0/24', { isp: 'Century Link', organization: 'Lariat Software', autonomous_system_number: 209 }],
]);

// ASN: flat, autonomous_system_* only.
const asn = db('GeoLite2-ASN', [
  ['10.3.0.0/16', { autonomous_system_number: 16509, autonomous_system_organization: 'AMAZON-02' }],
  ['10.9.0.0/16', { autonomous_system_number: 64_601, autonomous_system_organization: 'Pfizer Inc' }],
  ['10.9.1.0/24', { autonomous_system_number: 16509, autonomous_system_organization: 'AMAZON-02' }],
  ['10.1.9.0/24', { autonomous_system_number: 7922, autonomous_system_organization: 'COMCAST-7922' }],
]);

const anonymous = db('GeoIP2-Anonymous-IP', [
  ['10.1.1.128/25', { is_anonymous: true, is_anonymous_vpn: true }],
  ['10.4.1.0/24', { is_anonymous: true, is_tor_exit_node: true }],
  ['10.4.2.0/24', { is_anonymous: true, is_public_proxy: true }],
  ['10.4.3.0/24', { is_anonymous: true, is_residential_proxy: true }],
  ['10.4.4.0/24', { is_anonymous: true, is_hosting_provider: true }],
  ['10.2.1.0/24', { is_anonymous: true, is_anonymous_vpn: true }],
]);

const connection = db('GeoIP2-Connection-Type', [
  ['10.2.2.0/24', { connection_type: 'Corporate' }],
  ['10.2.4.0/24', { connection_type: 'Cellular' }],
  ['10.2.8.0/24', { connection_type: 'Cellular' }],
  ['10.2.9.0/24', { connection_type: 'Cable/DSL' }],
  ['10.2.1.0/24', { connection_type: 'Corporate' }],
]);

const resolve = (ip: string, ...databases: IpdbSource[]) => createResolver({ databases }).resolve(ip);
const credited = (r: Resolution) => creditsAccount(r, MIN);

describe('sameFamily', () => {
  it.each([
    ['AT&T Worldnet Services', 'AT&T Services', true],
    ['Verizon Business', 'Verizon Wireless', true],
    ['The Fairpoint Communications', 'Fairpoint Communications', true],
    ['CenturyLink', 'Century Link', true],
    ['Télécom Services', 'Telecom Co', true],
    ['Karlin Peebles LLP', 'Towerstream I', false],
    ['Lariat Software', 'Century Link', false],
    ['ООО Ромашка', 'ООО Ростелеком', false],
    ['PT Bank Central Asia', 'PT Telkom Indonesia', false],
  ])('%s / %s: %s', (a, b, same) => {
    expect(sameFamily(a, b)).toBe(same);
    expect(sameFamily(b, a)).toBe(same);
  });
});

describe('resolve: what the databases say', () => {
  it('credits a company on its own ASN (organization = isp, ASN in no table)', () => {
    const r = resolve('10.2.1.9', isp);
    expect(r).toMatchObject({ class: 'business', organization: 'Pfizer Inc', asn: 64_601, source: 'GeoIP2-ISP' });
    expect(r.confidence).toBeGreaterThanOrEqual(MIN);
    expect(credited(r)).toBe(true);
  });

  it("credits an organization on its ISP's network and drops the ISP's domain", () => {
    const r = resolve('10.1.1.9', enterprise);
    expect(r).toMatchObject({ class: 'business', organization: 'Karlin Peebles LLP', domain: null, asn: 33224, source: 'GeoIP2-Enterprise' });
    expect(credited(r)).toBe(true);
    expect(resolve('10.2.2.9', isp)).toMatchObject({ class: 'business', organization: 'Karlin Peebles LLP', source: 'GeoIP2-ISP' });
    expect(credited(resolve('10.2.2.9', isp))).toBe(true);
    expect(credited(resolve('10.2.9.9', isp))).toBe(true);
    // Businesses use cable and DSL too: the connection type does not undo a named organization.
    expect(credited(resolve('10.2.9.9', isp, connection))).toBe(true);
  });

  it("does not take a carrier's own division for a company on its network", () => {
    const r = resolve('10.2.3.9', isp);
    expect(r).toMatchObject({ class: 'isp', organization: 'AT&T Worldnet Services', asn: 7018 });
    expect(credited(r)).toBe(false);
  });

  it('credits a government user_type with its organization', () => {
    const r = resolve('10.1.2.9', enterprise);
    expect(r).toMatchObject({ class: 'government', organization: 'Lariat Software', source: 'GeoIP2-Enterprise' });
    expect(credited(r)).toBe(true);
  });

  it.each([
    ['10.1.3.9', 'mobile'],
    ['10.1.4.9', 'isp'],
    ['10.1.5.9', 'hosting'],
    ['10.1.6.9', 'hosting'],
    ['10.1.9.9', 'isp'],
  ] as const)('user_type decides %s (%s), whatever the organization', (ip, cls) => {
    const r = resolve(ip, enterprise);
    expect(r.class).toBe(cls);
    expect(r.reason).toMatch(/user_type/);
    expect(credited(r)).toBe(false);
  });

  it("names no company when a business user_type's organization is its carrier", () => {
    const r = resolve('10.1.7.9', enterprise);
    expect(r).toMatchObject({ class: 'business', organization: null, domain: null });
    expect(credited(r)).toBe(false);
    expect(resolve('10.1.8.9', enterprise)).toMatchObject({ class: 'business', organization: 'Globex', domain: 'globex.example' });
    expect(credited(resolve('10.1.8.9', enterprise))).toBe(true);
  });

  it.each([
    ['10.1.1.200', /VPN/],
    ['10.4.1.1', /Tor/],
    ['10.4.2.1', /public proxy/],
    ['10.4.3.1', /residential proxy/],
    ['10.2.1.1', /VPN/],
  ])('%s is an anonymiser, whatever the other databases say', (ip, reason) => {
    const r = resolve(ip, enterprise, isp, anonymous);
    expect(r).toMatchObject({ class: 'anonymiser', source: 'GeoIP2-Anonymous-IP' });
    expect(r.reason).toMatch(reason);
    expect(credited(r)).toBe(false);
  });

  it('a hosting-provider flag is hosting', () => {
    expect(resolve('10.4.4.1', anonymous)).toMatchObject({ class: 'hosting', source: 'GeoIP2-Anonymous-IP' });
  });

  it('an AWS ASN in an ASN-only database is hosting', () => {
    const r = resolve('10.3.2.1', asn);
    expect(r).toMatchObject({ class: 'hosting', asn: 16509, organization: 'AMAZON-02', source: 'GeoLite2-ASN' });
    expect(credited(r)).toBe(false);
  });

  it('credits no organization named on a hosting ASN or a cellular network', () => {
    expect(resolve('10.2.5.9', isp)).toMatchObject({ class: 'hosting', organization: 'Netflix Streaming Services' });
    expect(credited(resolve('10.2.5.9', isp))).toBe(false);
    const cellular = resolve('10.2.8.9', isp, connection);
    expect(cellular).toMatchObject({ class: 'mobile', source: 'GeoIP2-Connection-Type' });
    expect(credited(cellular)).toBe(false);
    // The same organization without the connection type is credited.
    expect(credited(resolve('10.2.8.9', isp))).toBe(true);
  });

  it('a cellular connection type or a mobile country code is mobile', () => {
    expect(resolve('10.2.4.9', isp, connection)).toMatchObject({ class: 'mobile', source: 'GeoIP2-Connection-Type', reason: 'connection_type Cellular' });
    expect(resolve('10.2.6.9', isp)).toMatchObject({ class: 'mobile', source: 'GeoIP2-ISP' });
    const mcc = resolve('10.2.7.9', isp);
    expect(mcc).toMatchObject({ class: 'mobile', source: 'GeoIP2-ISP' });
    expect(mcc.reason).toMatch(/mobile country code 311/);
  });

  it('a corporate connection backs an unlisted name', () => {
    expect(resolve('10.2.1.9', isp, connection).confidence).toBeGreaterThanOrEqual(0.8);
  });

  it('an address no database knows, or that is no address, is unknown', () => {
    for (const ip of ['192.0.2.1', 'nope', '']) {
      const r = resolve(ip, enterprise, isp, asn);
      expect(r).toMatchObject({ class: 'unknown', organization: null, source: null, confidence: 0 });
      expect(credited(r)).toBe(false);
    }
  });

  it("an unlisted name on an AS of a carrier's size stays below the threshold, but may still credit a target named after it", () => {
    const sized = db('OpenABM-ASN', [
      ['10.7.1.0/24', { autonomous_system_number: 64_700, autonomous_system_organization: 'Meridian Holdings', abm_asn_ipv4_addresses: 3_000_000 }],
      ['10.7.2.0/24', { autonomous_system_number: 64_701, autonomous_system_organization: 'Pfizer Inc', abm_asn_ipv4_addresses: 55_296 }],
    ]);
    const big = resolve('10.7.1.5', sized);
    expect(big).toMatchObject({ class: 'business', confidence: 0.45, organization: 'Meridian Holdings' });
    expect(big.reason).toMatch(/announces 2\.9 M IPv4 addresses/);
    expect(credited(big)).toBe(false);
    expect(mayCreditTarget(big, MIN)).toBe(true);
    expect(mayCreditTarget(big, 0.6)).toBe(false);
    const company = resolve('10.7.2.5', sized);
    expect(company).toMatchObject({ class: 'business', confidence: 0.6 });
    expect(credited(company)).toBe(true);
  });

  it('an IPv4-mapped address resolves as its IPv4 address', () => {
    expect(resolve('::ffff:10.2.2.9', isp)).toEqual(resolve('10.2.2.9', isp));
  });
});

describe('resolve: which source wins', () => {
  it('a richer database wins over an ASN database, in whatever order they are passed', () => {
    for (const databases of [[enterprise, asn], [asn, enterprise]]) {
      const r = resolve('10.9.0.9', ...databases);
      expect(r).toMatchObject({ class: 'isp', organization: 'Comcast Cable', source: 'GeoIP2-Enterprise' });
    }
    for (const databases of [[isp, asn], [asn, isp]]) {
      const r = resolve('10.9.1.9', ...databases);
      expect(r).toMatchObject({ class: 'business', organization: 'Lariat Software', asn: 209, source: 'GeoIP2-ISP' });
      expect(credited(r)).toBe(true);
    }
    // The ASN database alone says something else.
    expect(resolve('10.9.1.9', asn)).toMatchObject({ class: 'hosting', asn: 16509 });
  });

  it('the ASN database fills in what a richer one lacks', () => {
    const r = resolve('10.1.9.9', asn, enterprise);
    expect(r).toMatchObject({ class: 'isp', organization: 'Comcast Cable', asn: 7922, source: 'GeoIP2-Enterprise' });
  });

  it('account ranges beat the databases; learned ranges beat the databases but not account ranges', () => {
    const ranges = rangeTable([{ cidr: '10.3.1.0/24', domain: 'acme.example', name: 'Acme' }]);
    const learned = rangeTable([
      { cidr: '10.3.0.0/16', domain: 'learned.example' },
      { cidr: '10.3.1.0/24', domain: 'other.example' },
    ]);
    const resolver = createResolver({ ranges, learned, databases: [asn] });
    expect(resolver.resolve('10.3.1.5')).toMatchObject({ class: 'business', organization: 'Acme', domain: 'acme.example', source: 'account-ranges', confidence: 1 });
    expect(resolver.resolve('10.3.2.5')).toMatchObject({ class: 'business', organization: 'learned.example', domain: 'learned.example', source: 'learned', confidence: 0.9 });
    expect(creditsAccount(resolver.resolve('10.3.2.5'), MIN)).toBe(true);
    expect(resolver.resolve('10.3.1.5').reason).toContain('10.3.1.0/24');
    expect(createResolver({ databases: [asn] }).resolve('10.3.1.5')).toMatchObject({ class: 'hosting' });
  });

  it('caches answers, and update() forgets them', () => {
    const resolver = createResolver({ databases: [asn] });
    const first = resolver.resolve('10.3.1.5');
    expect(first.class).toBe('hosting');
    expect(resolver.resolve('10.3.1.5')).toBe(first);
    resolver.update({ ranges: rangeTable([{ cidr: '10.3.1.0/24', domain: 'acme.example' }]) });
    expect(resolver.resolve('10.3.1.5')).toMatchObject({ class: 'business', source: 'account-ranges' });
    resolver.update({ ranges: undefined });
    expect(resolver.resolve('10.3.1.5')).toMatchObject({ class: 'hosting' });
  });

  it('update() re-ranks new databases and keeps what it was not given', () => {
    const resolver = createResolver({ ranges: rangeTable([{ cidr: '10.2.3.0/24', domain: 'kept.example' }]), databases: [] });
    resolver.update({ databases: [asn, enterprise] });
    expect(resolver.sources().databases.map((d) => d.kind)).toEqual(['enterprise', 'asn']);
    expect(resolver.resolve('10.2.3.1').source).toBe('account-ranges');
    expect(resolver.resolve('10.9.0.1').source).toBe('GeoIP2-Enterprise');
  });

  it('resolveUncached answers without a cache', () => {
    const sources = { databases: [isp] };
    expect(resolveUncached(sources, '10.2.2.1')).not.toBe(resolveUncached(sources, '10.2.2.1'));
    expect(resolveUncached(sources, '10.2.2.1')).toEqual(resolveUncached(sources, '10.2.2.1'));
  });
});
