import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MmdbWriter, type MmdbValue } from '../../collector/ipdb/mmdb-writer.js';
import { detectKind, factsOf, ipdbFromBuffer, lookupAddress, openIpdb, type IpdbSource } from '../../collector/ipdb/source.js';

function mmdb(databaseType: string, inserts: Array<[string, MmdbValue]>, options: { ipVersion?: 4 | 6; buildEpoch?: number } = {}): Buffer {
  const writer = new MmdbWriter({ databaseType, ...options });
  for (const [cidr, data] of inserts) writer.insert(cidr, data);
  return writer.toBuffer();
}

describe('detectKind', () => {
  it.each([
    ['GeoIP2-Enterprise', 'enterprise'],
    ['GeoIP2-Precision-Enterprise', 'enterprise'],
    ['DBIP-Location-ISP (compat=Enterprise)', 'enterprise'],
    ['GeoIP2-ISP', 'isp'],
    ['GeoIP2-Precision-ISP', 'isp'],
    ['DBIP-ISP-Lite', 'isp'],
    ['GeoLite2-ASN', 'asn'],
    ['OpenABM-ASN', 'asn'],
    ['DBIP-ASN-Lite', 'asn'],
    ['DBIP-ASN-Lite (compat=GeoLite2-ASN)', 'asn'],
    ['ipinfo asn.mmdb', 'asn'],
    ['ipinfo standard_asn.mmdb', 'asn'],
    ['GeoIP2-Domain', 'domain'],
    ['GeoIP2-Connection-Type', 'connection-type'],
    ['GeoIP2-Anonymous-IP', 'anonymous-ip'],
    ['IP2Proxy-PX2', 'anonymous-ip'],
    ['Tor-Exit-Nodes', 'anonymous-ip'],
    ['GeoLite2-City', 'geo'],
    ['GeoIP2-Country', 'geo'],
    ['ipinfo standard_location.mmdb', 'geo'],
    // 'tor' inside a word is not Tor.
    ['Vector-Directory-ASN', 'asn'],
    ['Something-Else', 'other'],
  ])('%s is %s', (type, kind) => {
    expect(detectKind(type)).toBe(kind);
  });
});

describe('factsOf', () => {
  it('reads a flat record (GeoIP2-ISP, GeoLite2-ASN, Anonymous-IP)', () => {
    expect(
      factsOf({
        autonomous_system_number: 33224,
        autonomous_system_organization: 'TOWERSTREAM',
        isp: 'Towerstream I',
        organization: ' Karlin Peebles LLP ',
        domain: 'Towerstream.COM',
        connection_type: 'Corporate',
        mobile_country_code: '310',
      }),
    ).toEqual({
      asn: 33224,
      asOrganization: 'TOWERSTREAM',
      isp: 'Towerstream I',
      organization: 'Karlin Peebles LLP',
      domain: 'towerstream.com',
      connectionType: 'Corporate',
      mobileCountryCode: '310',
    });
  });

  it('reads a record nested under traits (GeoIP2-Enterprise), traits before the top level', () => {
    const record = {
      city: { names: { en: 'Milton' } },
      organization: 'top level, not traits',
      traits: { autonomous_system_number: 209, isp: 'Century Link', organization: 'Lariat Software', user_type: 'government', connection_type: 'Cable/DSL' },
    };
    expect(factsOf(record)).toEqual({ asn: 209, isp: 'Century Link', organization: 'Lariat Software', userType: 'government', connectionType: 'Cable/DSL' });
  });

  it('reports the anonymous flags only when one is set', () => {
    expect(factsOf({ is_anonymous: true, is_anonymous_vpn: true, is_tor_exit_node: true })).toEqual({
      anonymous: { vpn: true, proxy: false, tor: true, residentialProxy: false, hosting: false },
    });
    expect(factsOf({ traits: { is_hosting_provider: true } }).anonymous).toEqual({ vpn: false, proxy: false, tor: false, residentialProxy: false, hosting: true });
    expect(factsOf({ is_anonymous: false, is_legitimate_proxy: true }).anonymous).toBeUndefined();
  });

  it('ignores empty and mistyped values', () => {
    expect(factsOf({ organization: '  ', isp: 7, autonomous_system_number: '209', domain: null })).toEqual({});
    expect(factsOf({ autonomous_system_number: 0 })).toEqual({});
    expect(factsOf(null)).toEqual({});
    expect(factsOf('a string')).toEqual({});
  });

  it("reads a vendor's 'AS15169' and as_name (ipinfo style)", () => {
    expect(factsOf({ asn: 'AS15169', as_name: 'Google LLC', as_domain: 'google.com' })).toEqual({ asn: 15169, asOrganization: 'Google LLC' });
    expect(factsOf({ asn: 'Google' })).toEqual({});
  });
});

describe('lookupAddress and lookups', () => {
  const db = ipdbFromBuffer(
    mmdb('GeoIP2-ISP', [
      ['0.0.0.0/8', { isp: 'zero network' }],
      ['192.0.2.0/24', { isp: 'Example ISP' }],
      ['2001:db8::/32', { isp: 'Example v6' }],
    ]),
  );

  it('asks IPv4-mapped addresses as IPv4 and refuses what is not an address', () => {
    expect(lookupAddress('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(lookupAddress('::FFFF:C000:0207')).toBe('192.0.2.7');
    expect(lookupAddress(' 192.0.2.7 ')).toBe('192.0.2.7');
    expect(lookupAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(lookupAddress('2001:db8::1', 4)).toBeNull();
    for (const bad of ['nope', '', '1.2.3', '256.1.1.1', '1.2.3.4/24', 'fe80::1::2']) expect(lookupAddress(bad)).toBeNull();
  });

  it('finds records by IPv4, IPv4-mapped and IPv6 address, and nothing for garbage', () => {
    expect(db.lookup('192.0.2.200')).toEqual({ isp: 'Example ISP' });
    expect(db.lookup('::ffff:192.0.2.200')).toEqual({ isp: 'Example ISP' });
    expect(db.lookup('2001:db8:1::5')).toEqual({ isp: 'Example v6' });
    expect(db.lookup('198.51.100.1')).toBeNull();
    // maxmind's reader would walk these as 0.0.0.0 and answer 'zero network'.
    expect(db.lookup('nope')).toBeNull();
    expect(db.lookup('')).toBeNull();
  });

  it('never asks an IPv4-only database for an IPv6 address', () => {
    const v4 = ipdbFromBuffer(mmdb('GeoLite2-ASN', [['32.0.0.0/8', { autonomous_system_number: 1 }]], { ipVersion: 4 }));
    expect(v4.lookup('32.1.2.3')).toEqual({ asn: 1 });
    expect(v4.lookup('::ffff:32.1.2.3')).toEqual({ asn: 1 });
    expect(v4.lookup('2001:db8::1')).toBeNull(); // its first 32 bits are 32.1.13.184
  });

  it('takes type, kind and build time from the metadata', () => {
    const src = ipdbFromBuffer(mmdb('GeoIP2-Enterprise', [['192.0.2.0/24', { traits: { isp: 'x' } }]], { buildEpoch: 1_700_000_000 }));
    expect(src.type).toBe('GeoIP2-Enterprise');
    expect(src.kind).toBe('enterprise');
    expect(src.builtAt.toISOString()).toBe(new Date(1_700_000_000_000).toISOString());
    expect(src.path).toBeNull();
  });

  it('refuses a buffer that is not a whole MMDB', () => {
    const good = mmdb('GeoIP2-ISP', [['192.0.2.0/24', { isp: 'x' }]]);
    expect(() => ipdbFromBuffer(Buffer.from('not a database at all'))).toThrow();
    expect(() => ipdbFromBuffer(Buffer.concat([good.subarray(0, 20), good.subarray(good.length - 200)]))).toThrow();
    expect(() => ipdbFromBuffer(mmdb('', [['192.0.2.0/24', { isp: 'x' }]]))).toThrow(/database_type/);
  });
});

describe('openIpdb', () => {
  let dir: string;
  const opened: IpdbSource[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ipdb-source-'));
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) s.close();
    await rm(dir, { recursive: true, force: true });
  });
  const open = async (...args: Parameters<typeof openIpdb>) => {
    const s = await openIpdb(...args);
    opened.push(s);
    return s;
  };
  /** Replaces the file the way an updater does: write beside it, then rename over it. */
  const replace = async (path: string, bytes: Buffer) => {
    const tmp = `${path}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  };

  it('knows a database by its metadata, not its file name', async () => {
    const path = join(dir, 'city.mmdb');
    await writeFile(path, mmdb('GeoIP2-ISP', [['192.0.2.0/24', { isp: 'Example ISP', organization: 'Example Org' }]]));
    const src = await open(path, { pollMs: 0 });
    expect(src.type).toBe('GeoIP2-ISP');
    expect(src.kind).toBe('isp');
    expect(src.path).toBe(path);
    expect(src.lookup('192.0.2.1')).toEqual({ isp: 'Example ISP', organization: 'Example Org' });
  });

  it('rejects a file that is not an MMDB', async () => {
    const path = join(dir, 'broken.mmdb');
    await writeFile(path, 'hello');
    await expect(openIpdb(path, { pollMs: 0 })).rejects.toThrow();
  });

  it('loads a replaced file without a restart, keeps the old data when the new file is broken, and recovers', async () => {
    const path = join(dir, 'GeoIP2-ISP.mmdb');
    await writeFile(path, mmdb('GeoIP2-ISP', [['192.0.2.0/24', { isp: 'Old ISP' }]]));
    const onReload = vi.fn();
    const src = await open(path, { pollMs: 50, onReload });
    expect(src.lookup('192.0.2.1')).toEqual({ isp: 'Old ISP' });
    const firstLoad = src.loadedAt;

    await replace(path, mmdb('GeoIP2-Enterprise', [['192.0.2.0/24', { traits: { isp: 'New ISP' } }]]));
    await expect.poll(() => src.lookup('192.0.2.1'), { timeout: 5000 }).toEqual({ isp: 'New ISP' });
    expect(src.type).toBe('GeoIP2-Enterprise');
    expect(src.kind).toBe('enterprise');
    expect(src.loadedAt.getTime()).toBeGreaterThanOrEqual(firstLoad.getTime());
    await expect.poll(() => onReload.mock.calls.length).toBe(1);
    expect(onReload.mock.calls[0]).toEqual([src]);

    await replace(path, Buffer.from('this is not an mmdb, but it is long enough to be read'));
    await expect.poll(() => onReload.mock.calls.length, { timeout: 5000 }).toBe(2);
    const [reported, error] = onReload.mock.calls[1]!;
    expect(reported).toBe(src);
    expect(error).toBeInstanceOf(Error);
    expect(src.lookup('192.0.2.1')).toEqual({ isp: 'New ISP' });
    expect(src.type).toBe('GeoIP2-Enterprise');

    await replace(path, mmdb('GeoIP2-ISP', [['192.0.2.0/24', { isp: 'Third ISP' }]]));
    await expect.poll(() => src.lookup('192.0.2.1'), { timeout: 5000 }).toEqual({ isp: 'Third ISP' });
    await expect.poll(() => onReload.mock.calls.length).toBe(3);
    expect(onReload.mock.calls[2]).toEqual([src]);
  });

  it('stops watching when closed', async () => {
    const path = join(dir, 'asn.mmdb');
    await writeFile(path, mmdb('GeoLite2-ASN', [['192.0.2.0/24', { autonomous_system_number: 1 }]]));
    const onReload = vi.fn();
    const src = await open(path, { pollMs: 20, onReload });
    src.close();
    await replace(path, mmdb('GeoLite2-ASN', [['192.0.2.0/24', { autonomous_system_number: 2 }]]));
    await new Promise((r) => setTimeout(r, 300));
    expect(onReload).not.toHaveBeenCalled();
    expect(src.lookup('192.0.2.1')).toEqual({ asn: 1 });
  });

  it('does not watch with pollMs 0', async () => {
    const path = join(dir, 'asn.mmdb');
    await writeFile(path, mmdb('GeoLite2-ASN', [['192.0.2.0/24', { autonomous_system_number: 1 }]]));
    const onReload = vi.fn();
    const src = await open(path, { pollMs: 0, onReload });
    await replace(path, mmdb('GeoLite2-ASN', [['192.0.2.0/24', { autonomous_system_number: 2 }]]));
    await new Promise((r) => setTimeout(r, 200));
    expect(onReload).not.toHaveBeenCalled();
    expect(src.lookup('192.0.2.1')).toEqual({ asn: 1 });
  });
});
