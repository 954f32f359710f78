/**
 * Countries as ISO-3166 alpha-2 codes, read from what people type in a target list: 'DE', 'de',
 * 'Germany', 'United Kingdom' or 'UK'. Names come from the runtime's own ICU data (Intl), so no
 * list is kept here.
 */
const names = new Intl.DisplayNames(['en'], { type: 'region' });
const fold = (s: string) => s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^a-z]/g, '');

const BY_NAME = new Map<string, string>();
const CODES = new Set<string>();
for (let a = 65; a <= 90; a++) {
  for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    const name = names.of(code);
    // ICU answers an unknown code with the code itself; the user-assigned X* and ZZ codes are not countries.
    if (!name || name === code || code.startsWith('X') || code === 'ZZ' || code === 'QO' || code === 'EU' || code === 'UN' || code === 'EZ') continue;
    CODES.add(code);
    BY_NAME.set(fold(name), code);
  }
}
for (const [name, code] of [['uk', 'GB'], ['usa', 'US'], ['unitedstatesofamerica', 'US'], ['greatbritain', 'GB'], ['england', 'GB'], ['southkorea', 'KR'], ['russia', 'RU']] as const) BY_NAME.set(name, code);

/** The code for a country written as a code or an English name; null for an empty value; a problem otherwise. */
export function parseCountry(value: unknown): { country: string | null } | { problem: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) return { country: null };
  const upper = text.toUpperCase();
  if (CODES.has(upper)) return { country: upper };
  const byName = BY_NAME.get(fold(text));
  if (byName) return { country: byName };
  return { problem: `country ${JSON.stringify(text.slice(0, 60))} is not an ISO-3166 country code (DE, US, JP …) or a country's name` };
}

/** 'DE' → 'Germany'. */
export const countryName = (code: string) => names.of(code) ?? code;
