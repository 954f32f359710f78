import { describe, expect, it } from 'vitest';
import { CARRIER_IPV4, nameCensus, nameForms, networkMatcher, type MatchTarget, type NetworkFacts } from '../../collector/accounts/network-match.js';

/** A small world of networks (fictional names), as the open ASN data would list them. */
const WORLD = [
  'Globodyne Stores, Inc.', 'Globo-Dyne (Canada) Investment Co., Ltd.', 'Quillfeather Bancorp', 'Intervex SRL', 'INTERVEX LTD', 'Intervex LLC',
  'OOO "Intervex"', 'Intervex Online', 'Brackwater Group Inc.', 'Brackwater Ltd', 'Pemberly Motors Corporation', 'Halvorsen Bank',
  'Halvorsen Savings', 'Halvorsen Credit Union', 'Halvorsen Telephone Cooperative', 'Halvorsen Financial Corporation',
  'Vantor Data Systems, Inc.', 'Orlov Technology Inc.', 'Orlov Computer Solutions, Inc.', 'Kessing Credit Union',
  'Quorvex Lumen Dynamics Corporation', 'Zentrik Amber Holdings, Inc.', 'Zentrik Amber Holdings Inc', 'Zentrik Amber Holdings LLC',
];
const census = nameCensus(WORLD);
const target = (t: Partial<MatchTarget> & Pick<MatchTarget, 'name'>): MatchTarget => ({ id: t.name, domain: null, aliases: [], country: 'US', ...t });
const net = (organization: string, country: string | null, more: Partial<NetworkFacts> = {}): NetworkFacts => ({ asn: 64500, organization, country, ipv4: 4096, domain: null, ...more });

describe('nameForms', () => {
  it('sets form aside: legal forms, generic words, hyphens, places, and reads the legal form and the places named', () => {
    expect(nameForms('Globodyne Stores, Inc.')).toMatchObject({ compact: 'globodyne', legalForm: 'inc' });
    expect(nameForms('Globo-Dyne (Canada) Investment Co., Ltd.')).toMatchObject({ compact: 'globodyne', places: ['CA'], legalForm: 'ltd' });
    expect(nameForms('The Brackwater Group, Inc.').compact).toBe('brackwater');
    expect(nameForms('Quillfeather Bancorp')).toMatchObject({ compact: 'quillfeatherbancorp', brand: 'quillfeather' });
    expect(nameForms('Intervex S.R.L.').legalForm).toBe('srl');
    expect(nameForms('OOO "Intervex"').legalForm).toBe('ooo');
    expect(nameForms('Acme, S. de R.L. de C.V.').legalForm).toBe('sderldecv');
    // A registry's handle before the holder's name is no part of it.
    expect(nameForms('GLOBODYNE-AS-AP - Globodyne Pty Ltd')).toMatchObject({ compact: 'globodyne', registrant: 'globodyneptyltd' });
    expect(nameForms('International Business Machines Corporation').initials).toBe('ibm');
    expect(nameForms('Bank of New York Mellon').initials).toBe('bnym');
    expect(nameForms('Acme Widgets').initials).toBe('');
    // A country's own name for itself is a place too.
    expect(nameForms('Globodyne Sverige AB')).toMatchObject({ compact: 'globodyne', places: ['SE'] });
  });
});

describe('networkMatcher', () => {
  const match = (t: MatchTarget, n: NetworkFacts) => networkMatcher([t], census).match(n);

  it('credits a network whose name differs from the target only in form, in the target\'s country', () => {
    const m = match(target({ name: 'Globodyne', domain: 'globodyne.com' }), net('Globodyne Stores, Inc.', 'US'));
    expect(m?.verdict).toBe('credit');
    expect(m?.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['name', 'domain', 'country']));
  });

  it('credits a subsidiary under the brand ("X Bank" for "X Bancorp") only as much as the brand is telling', () => {
    expect(match(target({ name: 'Quillfeather Financial' }), net('Quillfeather Bancorp', 'US'))?.verdict).toBe('credit');
    // 'Halvorsen' is the brand of five unrelated organizations: not credited.
    expect(match(target({ name: 'Halvorsen Financial Group' }), net('Halvorsen Bank', 'US'))?.verdict).not.toBe('credit');
  });

  it('never credits a twin registered in another country, or under another country\'s legal form', () => {
    const t = target({ name: 'Brackwater Company', domain: 'brackwater.com' });
    expect(match(t, net('Brackwater Ltd', 'GB'))?.verdict).not.toBe('credit');
    expect(match(t, net('Brackwater Ltd', null))?.verdict).not.toBe('credit');
    expect(match(target({ name: 'Kärcherhaus', country: 'DE' }), net('The Kaercherhaus Group Inc.', 'US'))).toBeUndefined();
  });

  it('an arm abroad that names its country is a candidate, not a stranger', () => {
    const m = match(target({ name: 'Globodyne', domain: 'globodyne.com' }), net('Globo-Dyne (Canada) Investment Co., Ltd.', 'CA'));
    expect(m?.verdict).toBe('candidate');
  });

  it('a name many organizations share needs more than a name', () => {
    const t = target({ name: 'Intervex', domain: 'intervex.io' });
    expect(match(t, net('Intervex Online', 'US'))?.verdict).not.toBe('credit');
    expect(match(t, net('Intervex SRL', 'RO'))).toBeUndefined();
    // The network's own domain is the target's: decisive, whatever the name.
    expect(match(t, net('Intervex LLC', 'US', { domain: 'mail.intervex.io' }))?.verdict).toBe('credit');
  });

  it('a carrier-sized network is credited on a name only by a person; a domain is enough', () => {
    const t = target({ name: 'Pemberly Motors', domain: 'pmc-group.com' });
    const big = net('Pemberly Motors Corporation', 'US', { ipv4: CARRIER_IPV4 * 2 });
    expect(match(t, big)?.verdict).toBe('candidate');
    expect(match(t, { ...big, domain: 'pmc-group.com' })?.verdict).toBe('credit');
    // The target's domain spelling the network's name (pemberlymotors.com) is evidence beyond the name.
    expect(match({ ...t, domain: 'pemberlymotors.com' }, big)?.verdict).toBe('credit');
  });

  it('one brand in lines of business that share nothing is two businesses', () => {
    expect(match(target({ name: 'Vantor Insurance' }), net('Vantor Data Systems, Inc.', 'US'))).toMatchObject({ verdict: 'candidate', score: 1.5 });
    expect(match(target({ name: 'Vantor Software' }), net('Vantor Data Systems, Inc.', 'US'))?.verdict).toBe('credit');
  });

  it('a credit union, a co-operative or a school is its own organization, whatever its name', () => {
    const m = match(target({ name: 'Kessing', domain: 'kessing.com' }), net('Kessing Credit Union', 'US'));
    expect(m?.verdict).not.toBe('credit');
    expect(match(target({ name: 'Kessing Credit Union' }), net('Kessing Credit Union', 'US'))?.verdict).toBe('credit');
  });

  it('another network having the target\'s very name makes a network sharing only its brand the lesser claim', () => {
    const t = target({ name: 'Orlov Technology', domain: 'orlov.com' });
    expect(match(t, net('Orlov Technology Inc.', 'US'))?.verdict).toBe('credit');
    expect(match(t, net('Orlov Computer Solutions, Inc.', 'US'))?.verdict).not.toBe('credit');
  });

  it('initials: a target named by a network name\'s initials, the more telling the fewer organizations have them', () => {
    const t = target({ name: 'QLD', domain: 'qld.com' });
    const m = match(t, net('Quorvex Lumen Dynamics Corporation', 'US'));
    expect(m).toMatchObject({ verdict: 'credit' });
    expect(m?.evidence.map((e) => e.text)).toContain('the name is the network name\'s initials');
    // Three holders of one name's initials: a person decides.
    expect(match(target({ name: 'ZAH', domain: 'zah.com' }), net('Zentrik Amber Holdings LLC', 'US'))?.verdict).not.toBe('credit');
    // The other way round: the network named by the target's initials.
    expect(match(target({ name: 'Quorvex Lumen Dynamics' }), net('QLD', 'US'))?.verdict).not.toBeUndefined();
  });

  it('aliases: a former name credits the target', () => {
    const t = target({ name: 'Novaquill', domain: 'novaquill.com', aliases: ['Pemberly Motors', 'pemberlymotors.com'] });
    expect(match(t, net('Pemberly Motors Corporation', 'US'))?.verdict).toBe('credit');
  });

  it('a person\'s decision overrides the evidence both ways, by AS number', () => {
    const t = target({ name: 'Globodyne', domain: 'globodyne.com' });
    const arm = net('Globo-Dyne (Canada) Investment Co., Ltd.', 'CA', { asn: 64501 });
    const home = net('Globodyne Stores, Inc.', 'US', { asn: 64502 });
    const decided = networkMatcher([t], census, new Map([[`${t.id} 64501`, 'confirm'], [`${t.id} 64502`, 'reject']]));
    expect(decided.match(arm)).toMatchObject({ verdict: 'credit', target: { id: t.id } });
    expect(decided.match(home)).toBeUndefined();
    // Confirmed, an AS credits its target whatever name a database gives it.
    expect(decided.match({ ...arm, organization: 'Renamed Networks' })?.target.id).toBe(t.id);
  });

  it('picks the best of several targets and weighs only those it could be', () => {
    const m = networkMatcher([target({ name: 'Globodyne', domain: 'globodyne.com' }), target({ name: 'Globex', domain: 'globex.com' })], census);
    expect(m.match(net('Globodyne Stores, Inc.', 'US'))?.target.name).toBe('Globodyne');
    expect(m.match(net('Unrelated Widgets Inc.', 'US'))).toBeUndefined();
  });
});
