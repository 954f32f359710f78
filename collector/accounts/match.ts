import { normaliseName, registrableDomain } from './normalise.js';

/** An account as matching sees it: the target list, with the names and domains it goes by. */
export interface MatchableAccount {
  id: string;
  name: string;
  domain: string | null;
  aliases: readonly string[];
}

export interface AccountMatch {
  id: string;
  name: string;
  domain: string | null;
  nameKey: string;
  /** What matched: 'domain', 'name' or 'alias'. */
  by: 'domain' | 'name' | 'alias';
}

export interface AccountIndex {
  /** The account a company (a domain, a name, or both) is: by domain, then name, then aliases. */
  match(company: { domain?: string | null; name?: string | null }): AccountMatch | undefined;
  readonly size: number;
}

/** An alias is a domain when it has a registrable domain and no spaces ('pfizer.co.uk'), else a name. */
const asDomain = (alias: string) => (/\s/.test(alias.trim()) ? null : registrableDomain(alias));

/**
 * Matching against the target list. Domains are compared as registrable domains
 * ('mail.pfizer.com' is pfizer.com); names by their normalised key ('Pfizer Inc.' is 'pfizer').
 * The first account to claim a key keeps it, so the list's order settles a conflict.
 */
export function accountIndex(accounts: readonly MatchableAccount[]): AccountIndex {
  const byDomain = new Map<string, MatchableAccount>();
  const byName = new Map<string, MatchableAccount>();
  const byAlias = new Map<string, MatchableAccount>();
  const claim = (map: Map<string, MatchableAccount>, key: string | null, a: MatchableAccount) => key && !map.has(key) && map.set(key, a);
  for (const a of accounts) {
    claim(byDomain, a.domain && registrableDomain(a.domain), a);
    claim(byName, normaliseName(a.name) || null, a);
  }
  // Aliases after every primary key, so an alias never takes another account's own domain or name.
  for (const a of accounts) {
    for (const alias of a.aliases) {
      const d = asDomain(alias);
      if (d) claim(byDomain, d, a);
      else claim(byAlias, normaliseName(alias) || null, a);
    }
  }
  const found = (a: MatchableAccount, by: AccountMatch['by']): AccountMatch => ({ id: a.id, name: a.name, domain: a.domain, nameKey: normaliseName(a.name), by });
  return {
    size: accounts.length,
    match({ domain, name }) {
      const d = domain ? registrableDomain(domain) : null;
      const byD = d ? byDomain.get(d) : undefined;
      if (byD) return found(byD, byD.domain && registrableDomain(byD.domain) === d ? 'domain' : 'alias');
      const key = name ? normaliseName(name) : '';
      if (!key) return undefined;
      const byN = byName.get(key);
      if (byN) return found(byN, 'name');
      const byA = byAlias.get(key);
      return byA ? found(byA, 'alias') : undefined;
    },
  };
}
