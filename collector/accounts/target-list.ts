import { closest } from '../schema/closest.js';
import type { CsvColumns } from '../schema/csv.js';
import { normaliseName, registrableDomain } from './normalise.js';
import { parseTier } from './tables/tiers.js';
import { parseCountry } from './country.js';

/** One account of the target list, checked. */
export interface TargetListRow {
  domain: string | null;
  name: string;
  nameKey: string;
  /** One of TIERS ('1', '2', '3'), or null. */
  tier: string | null;
  owner: string | null;
  aliases: string[];
  /** ISO-3166 alpha-2 of its headquarters, when the list gives it: evidence when networks are matched. */
  country: string | null;
}

/** What is wrong with one field of a row (`row` for the row as a whole). */
export interface TargetProblem {
  field: string;
  message: string;
}

export interface TargetListReport {
  /** The rows that can be imported, with their row number (1-based, the CSV header not counted). */
  rows: { row: number; value: TargetListRow }[];
  /** What was wrong with the others: every problem of the row, and all of them in one message. */
  problems: { row: number; message: string; problems: TargetProblem[] }[];
}

/**
 * The target list's columns, as a CSV header or a JSON object's fields: `owner` is taken for
 * `owner_email`, and the list's own export columns `id` and `stage` are read and left alone, so an
 * exported list can be uploaded again.
 */
export const TARGET_COLUMNS = {
  names: ['domain', 'name', 'tier', 'owner_email', 'aliases', 'country'],
  synonyms: { owner: 'owner_email' },
  ignored: ['id', 'stage'],
} as const satisfies CsvColumns;

const FIELDS: readonly string[] = [...TARGET_COLUMNS.names, ...Object.keys(TARGET_COLUMNS.synonyms), ...TARGET_COLUMNS.ignored];

/** The shape of an e-mail address, as target owners and dashboard users are checked. */
export const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>".]+$/;

const cell = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Checks target-list rows given as objects (a JSON array, or CSV rows by header:
 * `domain,name,tier,owner_email,aliases,country`, aliases separated by `;` or `|`, country an
 * ISO-3166 code or an English name). A row needs a name
 * or a valid domain; a domain that is none, an owner that is no e-mail address, a tier the
 * product does not know (tables/tiers.ts) and a field it does not take are each named in the
 * report, all of a row's problems together, never guessed.
 */
export function parseTargetList(input: readonly unknown[]): TargetListReport {
  const report: TargetListReport = { rows: [], problems: [] };
  const seen = new Map<string, number>();
  input.forEach((raw, i) => {
    const row = i + 1;
    const problems: TargetProblem[] = [];
    const refuse = () => void report.problems.push({ row, message: problems.map((p) => p.message).join('; '), problems });
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ field: 'row', message: 'expected an object with domain and name' });
      return refuse();
    }
    const r = raw as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      if (FIELDS.includes(key)) continue;
      const guess = closest(key, FIELDS);
      problems.push({ field: key, message: `unknown field ${JSON.stringify(key.slice(0, 50))}${guess ? ` — did you mean ${guess}?` : ''} (the fields are ${TARGET_COLUMNS.names.join(', ')})` });
    }
    const domainText = cell(r.domain);
    const domain = domainText ? registrableDomain(domainText) : null;
    if (domainText && !domain) problems.push({ field: 'domain', message: `domain ${JSON.stringify(domainText.slice(0, 100))} is not a domain name` });
    // A name of punctuation alone ('-', '?') has no matching key: it is no name, or every such row would be one account.
    const nameText = cell(r.name).slice(0, 200);
    const name = (normaliseName(nameText) ? nameText : '') || domain || '';
    if (!name && !domainText) problems.push({ field: 'name', message: 'a row needs a name or a domain' });
    const ownerText = cell(r.owner_email ?? r.owner);
    if (ownerText && !EMAIL.test(ownerText)) problems.push({ field: 'owner_email', message: `owner_email ${JSON.stringify(ownerText.slice(0, 100))} is not an e-mail address` });
    const tier = parseTier(r.tier);
    if ('problem' in tier) problems.push({ field: 'tier', message: tier.problem });
    const country = parseCountry(r.country);
    if ('problem' in country) problems.push({ field: 'country', message: country.problem });
    const aliasList = Array.isArray(r.aliases) ? r.aliases.map(cell) : cell(r.aliases).split(/[;|]/);
    const aliases = [...new Set(aliasList.map((a) => a.trim().slice(0, 200)).filter(Boolean))].slice(0, 50);
    if (name) {
      const key = domain ? `d:${domain}` : `n:${normaliseName(name)}`;
      if (seen.has(key)) problems.push({ field: 'row', message: `the same account as row ${seen.get(key)}` });
      else if (!problems.length) seen.set(key, row);
    }
    if (problems.length || !name || 'problem' in tier || 'problem' in country) return refuse();
    report.rows.push({ row, value: { domain, name, nameKey: normaliseName(name), tier: tier.tier, owner: ownerText ? ownerText.toLowerCase() : null, aliases, country: country.country } });
  });
  return report;
}
