import { describe, expect, it } from 'vitest';
import { emailDomain, isPersonalEmailDomain } from '../../collector/accounts/email-domains.js';
import { normaliseName, registrableDomain } from '../../collector/accounts/normalise.js';

describe('normaliseName', () => {
  it.each([
    ['Dynatrace', 'Dynatrace LLC', 'dynatrace'],
    ['The Coca-Cola Company', 'Coca Cola Co.', 'coca cola'],
    ['Procter & Gamble Co', 'The Procter and Gamble Company', 'procter and gamble'],
    ['AT&T Inc.', 'AT and T', 'at and t'],
    ['Wells Fargo Bank, National Association', 'Wells Fargo Bank N.A.', 'wells fargo bank'],
    ['Nestlé S.A.', 'NESTLE', 'nestle'],
    ['AB Volvo', 'Volvo AB (publ)', 'volvo'],
    ['Toyota Motor Corporation', 'Toyota Motor Corp.', 'toyota motor'],
    ['Siemens Aktiengesellschaft', 'Siemens AG', 'siemens'],
    ['Société Générale S.A.', 'Societe Generale', 'societe generale'],
    ['Koninklijke Philips N.V.', 'Philips', 'philips'],
    ['Telefonaktiebolaget LM Ericsson', 'LM Ericsson', 'lm ericsson'],
    ['Henkel AG & Co. KGaA', 'Henkel', 'henkel'],
    ['Müller GmbH & Co. KG', 'Muller', 'muller'],
    ['JPMorgan Chase & Co.', 'JPMorgan Chase', 'jpmorgan chase'],
    ['Wells Fargo & Company', 'Wells Fargo', 'wells fargo'],
    ['Amazon.com, Inc.', 'Amazon', 'amazon'],
    ["McDonald's Corporation", 'McDonalds', 'mcdonalds'],
    ['Boeing Company, The', 'The Boeing Company', 'boeing'],
    ['A.P. Møller - Mærsk A/S', 'AP Moller Maersk AS', 'ap moller maersk'],
    ['Novo Nordisk A/S', 'Novo Nordisk', 'novo nordisk'],
    ['Samsung Electronics Co., Ltd.', 'Samsung Electronics', 'samsung electronics'],
    ['Tata Consultancy Services Pvt. Ltd.', 'Tata Consultancy Services Private Limited', 'tata consultancy services'],
    ['PT Telkom Indonesia (Persero) Tbk', 'Telkom Indonesia', 'telkom indonesia'],
    ['Grupo Bimbo, S.A.B. de C.V.', 'Grupo Bimbo', 'grupo bimbo'],
    ['Kabushiki Kaisha Toshiba', 'Toshiba K.K.', 'toshiba'],
    ['Mercedes-Benz Group AG', 'Mercedes Benz', 'mercedes benz'],
    ['U.S. Bancorp', 'US Bancorp', 'us bancorp'],
    ['Straße Verlag GmbH', 'Strasse Verlag', 'strasse verlag'],
  ])('%s and %s both normalise to %s', (a, b, key) => {
    expect(normaliseName(a)).toBe(key);
    expect(normaliseName(b)).toBe(key);
  });

  it.each([
    ['American Express', 'American Airlines'],
    ['Apple', 'Apple Bank'],
    ['General Motors', 'General Mills'],
    ['Bank of America', 'Bank of America Merrill Lynch'],
    ['Ford', 'Ford Foundation'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(normaliseName(a)).not.toBe(normaliseName(b));
  });

  it('strips legal forms only at the ends, never from the middle', () => {
    expect(normaliseName('Inc Research Holdings')).toBe('inc research');
    expect(normaliseName('Group 1 Automotive, Inc.')).toBe('group 1 automotive');
    expect(normaliseName('Holding Company of the Villages')).toBe('holding company of the villages');
  });

  it('never strips a name to nothing', () => {
    expect(normaliseName('The Company')).toBe('company');
    expect(normaliseName('Holding')).toBe('holding');
    expect(normaliseName('Group Inc.')).toBe('group');
    expect(normaliseName('The')).toBe('the');
    expect(normaliseName('AB')).toBe('ab');
  });

  it('is empty only when there are no letters or digits', () => {
    expect(normaliseName('')).toBe('');
    expect(normaliseName('  ,.;!  ')).toBe('');
    expect(normaliseName('3M Company')).toBe('3m');
  });

  it('collapses whitespace and keeps non-Latin scripts', () => {
    expect(normaliseName('  Deutsche \t Bank   AG ')).toBe('deutsche bank');
    expect(normaliseName('Яндекс')).toBe('яндекс');
  });
});

describe('registrableDomain', () => {
  it.each([
    ['mail.us.pfizer.com', 'pfizer.com'],
    ['https://www.bbc.co.uk/x', 'bbc.co.uk'],
    ['a@Sub.Example.COM', 'example.com'],
    ['EXAMPLE.COM', 'example.com'],
    ['www.example.com.', 'example.com'],
    ['http://user@shop.example.de:8080/path?q=1', 'example.de'],
    ['example.com:443', 'example.com'],
    ['  siemens.com  ', 'siemens.com'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['www.XN--MNCHEN-3YA.de', 'xn--mnchen-3ya.de'],
    ['https://bücher.example.ch/', 'example.ch'],
  ])('%s → %s', (input, domain) => {
    expect(registrableDomain(input)).toBe(domain);
  });

  it.each([
    '192.0.2.1',
    '2001:db8::1',
    'http://[2001:db8::1]/',
    'localhost',
    'printer.local',
    'com',
    'co.uk',
    '',
    'not a domain',
    'x..com',
    '-bad-.com',
    '@',
  ])('%j → null', (input) => {
    expect(registrableDomain(input)).toBeNull();
  });
});

describe('emailDomain', () => {
  it.each([
    ['ann@pfizer.com', 'pfizer.com'],
    ['Ann.Lee+news@Mail.US.Pfizer.COM', 'pfizer.com'],
    ['Ann Lee <ann@research.novartis.ch>', 'novartis.ch'],
    ['mailto:bob@gmail.com', 'gmail.com'],
    ['bob@bücher.de', 'xn--bcher-kva.de'],
  ])('%s → %s', (input, domain) => {
    expect(emailDomain(input)).toBe(domain);
  });

  it.each(['pfizer.com', '@pfizer.com', 'ann@', 'ann@192.0.2.1', 'ann@[192.0.2.1]', 'ann@localhost', 'a nn@pfizer.com', 'ann@https://pfizer.com', ''])(
    '%j is not an address',
    (input) => {
      expect(emailDomain(input)).toBeNull();
    },
  );
});

describe('isPersonalEmailDomain', () => {
  it.each(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.co.uk', 'gmx.de', 'web.de', 'yahoo.co.jp', 'icloud.com', 'proton.me', 'fastmail.com', 'mailinator.com'])(
    '%s is personal',
    (domain) => {
      expect(isPersonalEmailDomain(domain)).toBe(true);
    },
  );

  it.each(['pfizer.com', 'siemens.com', 'bbc.co.uk', 'salesforce.com', 'microsoft.com', 'google.com'])('%s is not personal', (domain) => {
    expect(isPersonalEmailDomain(domain)).toBe(false);
  });

  it('covers subdomains, case, trailing dots and whole addresses', () => {
    expect(isPersonalEmailDomain('eu.mail.gmail.com')).toBe(true);
    expect(isPersonalEmailDomain('GMX.DE.')).toBe(true);
    expect(isPersonalEmailDomain('ann@gmail.com')).toBe(true);
    expect(isPersonalEmailDomain('gmail.com.evil.example')).toBe(false);
    expect(isPersonalEmailDomain('notgmail.com')).toBe(false);
  });

  it('does not treat a public suffix on the lists as making every domain under it personal', () => {
    // 'com.ar' is on the free-mail list; companies registered under it are not personal
    expect(isPersonalEmailDomain('com.ar')).toBe(false);
    expect(isPersonalEmailDomain('clarin.com.ar')).toBe(false);
  });

  it('is false for IPs and garbage', () => {
    expect(isPersonalEmailDomain('192.0.2.1')).toBe(false);
    expect(isPersonalEmailDomain('')).toBe(false);
    expect(isPersonalEmailDomain('localhost')).toBe(false);
  });
});
