import { describe, expect, it } from 'vitest';
import { classFromConnectionType, classFromUserType, classifyNetwork, type NetworkClass } from '../../collector/ipdb/classify.js';
import { ACCESS_ASNS } from '../../collector/ipdb/tables/access-asns.js';
import { HOSTING_ASNS } from '../../collector/ipdb/tables/hosting-asns.js';

describe('classFromUserType', () => {
  it.each<[string, NetworkClass]>([
    ['business', 'business'],
    ['cafe', 'isp'],
    ['cellular', 'mobile'],
    ['college', 'education'],
    ['school', 'education'],
    ['library', 'education'],
    ['consumer_privacy_network', 'anonymiser'],
    ['content_delivery_network', 'hosting'],
    ['hosting', 'hosting'],
    ['dialup', 'isp'],
    ['residential', 'isp'],
    ['government', 'government'],
    ['military', 'government'],
    ['router', 'isp'],
    ['search_engine_spider', 'hosting'],
    ['traveler', 'isp'],
  ])('%s → %s', (userType, cls) => {
    expect(classFromUserType(userType)).toBe(cls);
  });

  it('is undefined for missing and unknown values, including Object.prototype keys', () => {
    expect(classFromUserType(undefined)).toBeUndefined();
    expect(classFromUserType('')).toBeUndefined();
    expect(classFromUserType('spaceship')).toBeUndefined();
    expect(classFromUserType('constructor')).toBeUndefined();
    expect(classFromUserType('__proto__')).toBeUndefined();
  });
});

describe('classFromConnectionType', () => {
  it.each<[string, NetworkClass]>([
    ['Cellular', 'mobile'],
    ['Cable/DSL', 'isp'],
    ['Satellite', 'isp'],
    ['Corporate', 'business'],
    ['Dialup', 'isp'],
  ])('%s → %s', (connectionType, cls) => {
    expect(classFromConnectionType(connectionType)).toBe(cls);
  });

  it('is undefined for missing and unknown values', () => {
    expect(classFromConnectionType(undefined)).toBeUndefined();
    expect(classFromConnectionType('Fibre')).toBeUndefined();
    expect(classFromConnectionType('toString')).toBeUndefined();
  });
});

describe('classifyNetwork by ASN', () => {
  it.each<[number, NetworkClass, string]>([
    [16509, 'hosting', 'Amazon'],
    [14618, 'hosting', 'Amazon'],
    [8075, 'hosting', 'Microsoft'],
    [15169, 'hosting', 'Google'],
    [396982, 'hosting', 'Google'],
    [13335, 'hosting', 'Cloudflare'],
    [24940, 'hosting', 'Hetzner'],
    [14061, 'hosting', 'DigitalOcean'],
    [7922, 'isp', 'Comcast'],
    [3320, 'isp', 'Deutsche Telekom'],
    [22394, 'mobile', 'Verizon Wireless'],
    [21928, 'mobile', 'T-Mobile'],
    [62044, 'anonymiser', 'Zscaler'],
    [36183, 'anonymiser', 'Private Relay'],
  ])('ASN %i is %s (%s)', (asn, cls, name) => {
    const c = classifyNetwork({ asn });
    expect(c.class).toBe(cls);
    expect(c.confidence).toBeGreaterThanOrEqual(0.9);
    expect(c.reason).toContain(`ASN ${asn}`);
    expect(c.reason).toContain(name);
  });

  it('trusts the ASN table over a name that says otherwise', () => {
    expect(classifyNetwork({ asn: 16509, organization: 'Pfizer Inc' }).class).toBe('hosting');
    expect(classifyNetwork({ asn: 7922, organization: 'Acme Corp' }).class).toBe('isp');
  });

  it('falls through to the names for an ASN in no table', () => {
    const c = classifyNetwork({ asn: 64512, organization: 'Pfizer Inc' });
    expect(c.class).toBe('business');
    expect(classifyNetwork({ asn: 64512 })).toMatchObject({ class: 'unknown', confidence: 0 });
  });

  it('lists every ASN once, with a sensible class per table', () => {
    const all = [...HOSTING_ASNS, ...ACCESS_ASNS].map((e) => e.asn);
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(HOSTING_ASNS.map((e) => e.class))).toEqual(new Set(['hosting', 'anonymiser']));
    expect(new Set(ACCESS_ASNS.map((e) => e.class))).toEqual(new Set(['isp', 'mobile']));
  });
});

describe('classifyNetwork by name', () => {
  const byOrganization = (organization: string) => classifyNetwork({ organization }).class;

  it.each<[string, NetworkClass]>([
    ['Deutsche Telekom AG', 'isp'],
    ['Vodafone GmbH', 'isp'],
    ['Comcast Cable Communications, LLC', 'isp'],
    ['Charter Communications Inc', 'isp'],
    ['AT&T Enterprises, LLC', 'isp'],
    ['Verizon Business', 'isp'],
    ['Turk Telekomunikasyon Anonim Sirketi', 'isp'],
    ['Google Fiber Inc.', 'isp'],
    ['Verizon Wireless', 'mobile'],
    ['Mobile Telesystems PJSC', 'mobile'],
    ['T-Mobile USA, Inc.', 'mobile'],
    ['Telefonica Moviles del Uruguay SA', 'mobile'],
    ['Massachusetts Institute of Technology', 'education'],
    ['Harvard University', 'education'],
    ['Technische Universität München', 'education'],
    ['Universidad Nacional Autónoma de México', 'education'],
    ['Fachhochschule Aachen', 'education'],
    ['Politecnico di Milano', 'education'],
    ['Bundesministerium des Innern', 'government'],
    ['Bundesamt für Sicherheit in der Informationstechnik', 'government'],
    ['Ministère des Armées', 'government'],
    ['City of Mobile', 'government'],
    ['Orange County Government', 'government'],
    ['United States Air Force', 'government'],
    ['NordVPN', 'anonymiser'],
    ['Private Internet Access', 'anonymiser'],
    ['Tor Exit Node', 'anonymiser'],
    ['Hetzner Online GmbH', 'hosting'],
    ['OVH SAS', 'hosting'],
    ['Alibaba Cloud LLC', 'hosting'],
    ['Example Web Hosting Ltd', 'hosting'],
    ['Equinix Data Center', 'hosting'],
  ])('%s → %s', (organization, cls) => {
    expect(byOrganization(organization)).toBe(cls);
  });

  it.each([
    'Pfizer Inc',
    'Cloudera, Inc.',
    'Salesforce, Inc.',
    'Bank of America, National Association',
    'Internet Systems Consortium, Inc.',
    'Exxon Mobil Corporation',
    'The Salvation Army',
    'Old Navy LLC',
    'Cloud Software Group, Inc.',
    'Telefonaktiebolaget LM Ericsson',
    'Administration Partners Inc',
    'Optimum Nutrition',
    'Orange Business Services U.S. Inc.',
    'Torstar Corporation',
    'Mobileye Vision Technologies',
  ])('%s is a business', (organization) => {
    const c = classifyNetwork({ organization });
    expect(c.class).toBe('business');
    expect(c.confidence).toBeGreaterThan(0.5);
    expect(c.confidence).toBeLessThan(0.7);
  });

  it('gives a name match a middling confidence and says what matched', () => {
    const c = classifyNetwork({ organization: 'Example Broadband Ltd' });
    expect(c).toMatchObject({ class: 'isp', confidence: 0.7 });
    expect(c.reason).toContain('Example Broadband Ltd');
    expect(c.reason).toContain('broadband');
  });

  it('reads the organization before the isp name, and the isp name when the organization says nothing', () => {
    expect(classifyNetwork({ organization: 'Harvard University', isp: 'Comcast Cable' }).class).toBe('education');
    expect(classifyNetwork({ organization: 'Pfizer Inc', isp: 'Verizon Business' }).class).toBe('isp');
    expect(classifyNetwork({ isp: 'Comcast Cable' }).class).toBe('isp');
  });

  it('is unknown, with no confidence, when nothing is given or only an unrecognised isp name', () => {
    expect(classifyNetwork({})).toMatchObject({ class: 'unknown', confidence: 0 });
    expect(classifyNetwork({ organization: '  ', isp: '' })).toMatchObject({ class: 'unknown', confidence: 0 });
    expect(classifyNetwork({ isp: 'Acme Networks' })).toMatchObject({ class: 'unknown', confidence: 0 });
  });
});
