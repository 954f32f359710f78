import { normaliseName, registrableDomain } from './normalise.js';

/** One account of the target list, checked. */
export interface TargetListRow {
  domain: string | null;
  name: string;
  nameKey: string;
  tier: string | null;
  owner: string | null;
  aliases: string[];
}

export interface TargetListReport {
  /** The rows that can be imported, with their row number (1-based, the CSV header not counted). */
  rows: { row: number; value: TargetListRow }[];
  /** What was wrong with the others. */
  problems: { row: number; message: string }[];
}

/** The shape of an address; whether it receives mail is the alerts' business. */
/** The shape of an e-mail address, as target owners and dashboard users are checked. */
export const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]+\.[^\s@<>".]+$/;

const cell = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Checks target-list rows given as objects (a JSON array, or CSV rows by header:
 * `domain,name,tier,owner_email,aliases`, aliases separated by `;` or `|`). A row needs a name
 * or a valid domain; a bad owner e-mail or domain is named in the report, never guessed.
 */
export function parseTargetList(input: readonly unknown[]): TargetListReport {
  const report: TargetListReport = { rows: [], problems: [] };
  const seen = new Map<string, number>();
  input.forEach((raw, i) => {
    const row = i + 1;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return void report.problems.push({ row, message: 'expected an object with domain and name' });
    const r = raw as Record<string, unknown>;
    const domainText = cell(r.domain);
    const domain = domainText ? registrableDomain(domainText) : null;
    if (domainText && !domain) return void report.problems.push({ row, message: `domain ${JSON.stringify(domainText.slice(0, 100))} is not a domain name` });
    // A name of punctuation alone ('-', '?') has no matching key: it is no name, or every such row would be one account.
    const nameText = cell(r.name).slice(0, 200);
    const name = (normaliseName(nameText) ? nameText : '') || domain || '';
    if (!name) return void report.problems.push({ row, message: 'a row needs a name or a domain' });
    const ownerText = cell(r.owner_email ?? r.owner);
    if (ownerText && !EMAIL.test(ownerText)) return void report.problems.push({ row, message: `owner_email ${JSON.stringify(ownerText.slice(0, 100))} is not an e-mail address` });
    const aliasList = Array.isArray(r.aliases) ? r.aliases.map(cell) : cell(r.aliases).split(/[;|]/);
    const aliases = [...new Set(aliasList.map((a) => a.trim().slice(0, 200)).filter(Boolean))].slice(0, 50);
    const nameKey = normaliseName(name);
    const key = domain ? `d:${domain}` : `n:${nameKey}`;
    if (seen.has(key)) return void report.problems.push({ row, message: `the same account as row ${seen.get(key)}` });
    seen.set(key, row);
    report.rows.push({ row, value: { domain, name, nameKey, tier: cell(r.tier).slice(0, 50) || null, owner: ownerText ? ownerText.toLowerCase() : null, aliases } });
  });
  return report;
}
