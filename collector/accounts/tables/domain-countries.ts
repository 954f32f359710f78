/**
 * A country-code domain names its country (bmw.de is German, hitachi.co.jp Japanese), except the
 * ones sold to anyone as if generic (.io, .co, .ai …), which say nothing. Restated from IANA's
 * root zone; the exceptions are the two-letter domains commonly registered outside their country.
 */
const GENERIC_CCTLDS = new Set([
  'io', 'co', 'ai', 'me', 'tv', 'ly', 'fm', 'gg', 'to', 'cc', 'ws', 'sh', 'ac', 'am', 'bz', 'la', 'nu', 'so', 'st', 'vc', 'gl', 'is', 'im', 'sc', 'cx', 'tk', 'ms', 'mu', 'ag', 'fo', 'gs', 'tm', 'pw', 'eu',
]);
const RENAMED: Readonly<Record<string, string>> = { uk: 'GB', su: 'RU' };

/** ISO-3166 alpha-2 a domain's country code names, or null for generic and unknown ones. */
export function countryOfDomain(domain: string): string | null {
  const tld = domain.toLowerCase().split('.').pop() ?? '';
  if (!/^[a-z]{2}$/.test(tld) || GENERIC_CCTLDS.has(tld)) return null;
  return RENAMED[tld] ?? tld.toUpperCase();
}
