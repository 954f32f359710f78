import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import { LEGAL_PREFIXES, LEGAL_SUFFIXES } from './legal-suffixes.js';

/** Letters NFKD leaves whole, spelled out the way they are written without them. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i',
};

/** Lower case, accents off, '&'/'+' → 'and', dotted initials joined ('S.p.A.' → 'spa'), punctuation → space; the words left. */
export function nameWords(text: string): string[] {
  const folded = text
    .toLowerCase()
    .replace(/['’‘`´ʼ]/g, '') // "McDonald's" → 'mcdonalds', not 'mcdonald s'
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøđðłþı]/g, (c) => LETTER_FOLDS[c] ?? c)
    .replace(/[&+]/g, ' and ')
    .replace(/(?<![\p{L}\p{N}])\p{L}(?:[./]\p{L})+(?![\p{L}\p{N}])\.?/gu, (m) => m.replace(/[./]/g, ''))
    .replace(/(?<=\p{L}{2})\.(?:com|net)(?![\p{L}\p{N}])/gu, '') // 'Amazon.com, Inc.' → 'amazon'
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded === '' ? [] : folded.split(' ');
}

type Forms = ReadonlyMap<string, readonly (readonly string[])[]>;

/** Legal forms as word lists, indexed by the word at the end they are matched from, longest first. */
function indexForms(forms: readonly string[], at: 'first' | 'last'): Forms {
  const index = new Map<string, string[][]>();
  for (const form of forms) {
    const w = nameWords(form);
    const key = at === 'first' ? w[0] : w[w.length - 1];
    if (key === undefined) continue;
    index.set(key, [...(index.get(key) ?? []), w]);
  }
  for (const list of index.values()) list.sort((a, b) => b.length - a.length);
  return index;
}

const SUFFIXES = indexForms(LEGAL_SUFFIXES, 'last');
const PREFIXES = indexForms(LEGAL_PREFIXES, 'first');

const sameWords = (a: readonly string[], b: readonly string[]) => a.every((w, i) => w === b[i]);

/** How many words a legal form takes off the end (or start) of `w`, never all of them; 0 when none matches. */
function formLength(w: readonly string[], forms: Forms, at: 'first' | 'last'): number {
  const key = at === 'first' ? w[0] : w[w.length - 1];
  for (const form of (key !== undefined && forms.get(key)) || []) {
    if (form.length >= w.length) continue;
    const part = at === 'first' ? w.slice(0, form.length) : w.slice(w.length - form.length);
    if (sameWords(part, form)) return form.length;
  }
  return 0;
}

/**
 * Matching key for a company name: lower case, accents stripped (NFKD), '&' and '+' → 'and',
 * punctuation → space, a leading 'the' dropped, legal-form suffixes (and prefixes like Swedish
 * 'AB ...') removed repeatedly, whitespace collapsed. '' when nothing is left.
 * A name is never stripped to nothing: 'Holding' stays 'holding', 'The Company' becomes 'company'.
 */
export function normaliseName(name: string): string {
  let w = nameWords(name.replace(/,\s*the\s*$/i, '')); // 'Boeing Company, The'
  if (w.length > 1 && w[0] === 'the') w = w.slice(1);
  for (;;) {
    const end = formLength(w, SUFFIXES, 'last');
    const start = end > 0 ? 0 : formLength(w, PREFIXES, 'first');
    if (end === 0 && start === 0) break;
    w = w.slice(start, w.length - end);
  }
  return w.join(' ');
}

/**
 * Registrable domain (public-suffix list, ICANN section) of a host, URL, e-mail address or domain,
 * in lower-case ASCII (IDNs as punycode: 'münchen.de' → 'xn--mnchen-3ya.de'); null for IPs,
 * localhost, names under no public suffix ('printer.local') and garbage.
 * 'mail.us.pfizer.com' → 'pfizer.com', 'https://www.bbc.co.uk/x' → 'bbc.co.uk', 'a@Sub.Example.COM' → 'example.com'.
 */
export function registrableDomain(input: string): string | null {
  let text = input.trim();
  if (text === '' || /\s/.test(text)) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && text.includes('@')) text = text.slice(text.lastIndexOf('@') + 1);
  const host = parse(text).hostname?.replace(/\.+$/, '');
  if (!host) return null;
  const ascii = domainToASCII(host);
  if (ascii === '') return null;
  const parsed = parse(ascii);
  if (parsed.isIp || !parsed.isIcann || !parsed.domain) return null;
  return parsed.domain;
}
