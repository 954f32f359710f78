import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedName, embedsAddress, genericReason, reverseDnsQueue, reverseNetwork, systemDns, type ReverseDnsFound } from '../../collector/ipdb/index.js';
import { loopbackDns, type LoopbackDns } from './dns-server.js';

/**
 * Reverse DNS against a real DNS server on loopback (dns2, UDP), asked through node's resolver
 * (node:dns/promises Resolver with setServers), as the collector asks its system's resolver.
 */
let dns: LoopbackDns;
beforeAll(async () => {
  dns = await loopbackDns({
    ptr: {
      '203.0.113.5': ['gw1.hq.example-corp.com'],
      '203.0.113.6': ['gw2.hq.example-corp.com'],
      '198.51.100.7': ['vpn.example-corp.com'],
      '2001:db8:77::5': ['edge.ber.example-corp.de'],
      '192.0.2.44': ['203-0-113-5.static.example-corp.com'],
      '192.0.2.45': ['host-192-0-2-45.example-corp.com'],
      '192.0.2.46': ['ipc000022e.example-corp.com'],
      '192.0.2.47': ['pool-12.example-corp.com'],
      '192.0.2.48': ['c-73-1-2-3.hsd1.ma.comcast.net'],
      '192.0.2.49': ['office.comcast.net'],
      '192.0.2.50': ['mail.operator-isp.net'],
    },
    a: {
      'gw1.hq.example-corp.com': ['203.0.113.5'],
      // The name points elsewhere: anyone may write any PTR name for their own addresses.
      'vpn.example-corp.com': ['192.0.2.200'],
      'gw2.hq.example-corp.com': ['203.0.113.6'],
      'office.comcast.net': ['192.0.2.49'],
      'mail.operator-isp.net': ['192.0.2.50'],
      'pool-12.example-corp.com': ['192.0.2.47'],
    },
    aaaa: { 'edge.ber.example-corp.de': ['2001:db8:77:0:0:0:0:5'] },
    silent: ['198.51.99.99'],
    servfail: ['198.51.98.98'],
  });
});
afterAll(() => dns?.close());

const client = (timeoutMs = 2000) => systemDns({ servers: [dns.server], timeoutMs });

describe('names that say who uses the address', () => {
  it('knows address-embedded names in their usual spellings', () => {
    const ip = '203.0.113.5';
    for (const name of ['203-0-113-5.static.example.net', 'host-203-0-113-5.example.net', '5.113.0.203.dyn.example.net', 'cpe203000113005.example.net', 'ipcb007105.example.net', 'x-5-113-0-203.example.net']) {
      expect(embedsAddress(name, ip), name).toBe(true);
    }
    for (const name of ['gw1.hq.example-corp.com', '203-0-113-6.example.net', 'mail.example-corp.com']) expect(embedsAddress(name, ip), name).toBe(false);
    expect(embedsAddress('2001-db8-77--5.example.net', '2001:db8:77::5')).toBe(true);
    expect(embedsAddress('0000000000000005.v6.example.net', '2001:db8:77::5')).toBe(true);
    expect(embedsAddress('edge.ber.example-corp.de', '2001:db8:77::5')).toBe(false);
  });

  it('ignores generic labels, access and hosting providers, and the network operator', () => {
    expect(genericReason('gw1.hq.example-corp.com', '203.0.113.5')).toBeNull();
    expect(genericReason('dsl-12.example-corp.com', '203.0.113.5')).toMatch(/label 'dsl-12'/);
    expect(genericReason('static.example-corp.com', '203.0.113.5')).toMatch(/label 'static'/);
    expect(genericReason('office.comcast.net', '203.0.113.5')).toMatch(/comcast\.net names an access/);
    expect(genericReason('ec2-203-0-113-5.compute-1.amazonaws.com', '203.0.113.5')).toMatch(/spells out/);
    expect(genericReason('mail.operator-isp.net', '203.0.113.5', ['operator-isp.net'])).toMatch(/operator's own domain/);
    expect(genericReason('localhost', '203.0.113.5')).toBe('no registrable domain');
  });

  it('writes the network as stored events write their address', () => {
    expect(reverseNetwork('203.0.113.5')).toBe('203.0.113.0/24');
    expect(reverseNetwork('::ffff:203.0.113.5')).toBe('203.0.113.0/24');
    expect(reverseNetwork('2001:db8:77::5')).toBe('2001:db8:77::/48');
    expect(reverseNetwork('2001:0db8:0000:1::5')).toBe('2001:db8:0::/48');
    expect(reverseNetwork('nope')).toBeNull();
  });
});

describe('forward-confirmed PTR names', () => {
  it('takes a PTR name whose A record is the same address', async () => {
    expect(await confirmedName(client(), '203.0.113.5', { timeoutMs: 2000 })).toEqual({ name: 'gw1.hq.example-corp.com', domain: 'example-corp.com' });
  });

  it('takes nothing when the name resolves to another address', async () => {
    expect(await confirmedName(client(), '198.51.100.7', { timeoutMs: 2000 })).toBeNull();
  });

  it('confirms IPv6 by AAAA, whatever the spelling of the address', async () => {
    expect(await confirmedName(client(), '2001:db8:77::5', { timeoutMs: 2000 })).toEqual({ name: 'edge.ber.example-corp.de', domain: 'example-corp.de' });
  });

  it('never asks forward for generic names, and takes none of them', async () => {
    dns.queries.length = 0;
    for (const ip of ['192.0.2.44', '192.0.2.45', '192.0.2.46', '192.0.2.47', '192.0.2.48', '192.0.2.49']) {
      expect(await confirmedName(client(), ip, { timeoutMs: 2000 }), ip).toBeNull();
    }
    expect(await confirmedName(client(), '192.0.2.50', { timeoutMs: 2000, operatorDomains: ['operator-isp.net'] })).toBeNull();
    expect(dns.queries.filter((q) => !q.startsWith('PTR'))).toEqual([]);
  });

  it('reads no PTR record as no name, and a timeout or SERVFAIL as a failure', async () => {
    expect(await confirmedName(client(), '198.51.100.1', { timeoutMs: 2000 })).toBeNull();
    const started = Date.now();
    await expect(confirmedName(client(300), '198.51.99.99', { timeoutMs: 300 })).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1500);
    await expect(confirmedName(client(), '198.51.98.98', { timeoutMs: 2000 })).rejects.toMatchObject({ code: 'ESERVFAIL' });
  });
});

describe('the lookup queue', () => {
  const options = (credit: (f: ReverseDnsFound) => Promise<boolean>, over: Partial<Parameters<typeof reverseDnsQueue>[0]> = {}) => ({
    dns: client(300),
    credit,
    concurrency: 4,
    queueSize: 100,
    timeoutMs: 300,
    positiveTtlMs: 24 * 3_600_000,
    negativeTtlMs: 6 * 3_600_000,
    ...over,
  });

  it('hands over a confirmed name with its network, and looks a network up once within its TTL', async () => {
    let clock = 1_000_000;
    const found: ReverseDnsFound[] = [];
    const q = reverseDnsQueue(options(async (f) => (found.push(f), true), { now: () => clock }));
    dns.queries.length = 0;
    expect(q.offer({ ip: '203.0.113.5' })).toBe('queued');
    // The same /24, another address, while the first is being looked up and after.
    expect(q.offer({ ip: '203.0.113.6' })).toBe('known');
    await q.idle();
    expect(q.offer({ ip: '203.0.113.6' })).toBe('known');
    expect(found).toEqual([{ network: '203.0.113.0/24', name: 'gw1.hq.example-corp.com', domain: 'example-corp.com', checkedAt: clock }]);
    expect(dns.queries).toEqual(['PTR 203.0.113.5', 'A gw1.hq.example-corp.com']);
    // Past the positive TTL it is asked again.
    clock += 24 * 3_600_000 + 1;
    expect(q.offer({ ip: '203.0.113.6' })).toBe('queued');
    await q.idle();
    expect(dns.queries.filter((x) => x.startsWith('PTR'))).toEqual(['PTR 203.0.113.5', 'PTR 203.0.113.6']);
    await q.close();
  });

  it('caches a network that gave nothing with the negative TTL: no PTR, a timeout, SERVFAIL, no account', async () => {
    let clock = 5_000_000;
    const errors: unknown[] = [];
    const q = reverseDnsQueue(options(async () => false, { now: () => clock, onError: (e) => errors.push(e) }));
    for (const ip of ['198.51.100.1', '198.51.99.99', '198.51.98.98', '203.0.113.5']) expect(q.offer({ ip })).toBe('queued');
    await q.idle();
    expect(errors.map((e) => (e as { code: string }).code).sort()).toEqual(['ESERVFAIL', 'ETIMEOUT']);
    dns.queries.length = 0;
    clock += 6 * 3_600_000 - 1;
    for (const ip of ['198.51.100.2', '198.51.99.97', '198.51.98.1', '203.0.113.77']) expect(q.offer({ ip })).toBe('known');
    clock += 2;
    expect(q.offer({ ip: '198.51.99.99' })).toBe('queued');
    await q.close();
  });

  it('drops offers beyond its bound, never waits, and ignores addresses no public DNS names', async () => {
    const release: (() => void)[] = [];
    // A credit that does not end until told: the lookup slot stays taken.
    const q = reverseDnsQueue(options(() => new Promise<boolean>((r) => release.push(() => r(true))), { concurrency: 1, queueSize: 2 }));
    const started = performance.now();
    // One lookup runs, two wait, the next network is dropped; an address of a network already waiting is no new work.
    const outcomes = ['203.0.113.5', '192.0.2.44', '192.0.2.45', '198.51.100.1', '198.18.0.1'].map((ip) => q.offer({ ip }));
    expect(outcomes).toEqual(['queued', 'queued', 'known', 'queued', 'full']);
    expect(performance.now() - started).toBeLessThan(50);
    expect(q.stats).toMatchObject({ queued: 2, running: 1, dropped: 1 });
    for (const ip of ['10.1.2.3', '127.0.0.1', '192.168.1.1', '100.64.0.1', 'fe80::1', 'not an ip']) expect(q.offer({ ip }), ip).toBe('ignored');
    await expect.poll(() => release.length).toBe(1);
    release.shift()!();
    await q.close();
  });
});
