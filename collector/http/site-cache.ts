import type { Site, Store } from '../store/index.js';

export interface SiteLookupOptions {
  /** How long an answer (a site, or "no such key") is reused; a changed site is seen after this. */
  ttlMs?: number;
  /** Keys remembered at most; the oldest answer is forgotten first. */
  max?: number;
  now?: () => number;
}

/**
 * The site behind a key, remembered for a few seconds: every beacon names its site, and asking
 * the database each time costs more than the rest of a small batch. Unknown keys are
 * remembered too, so a flood of made-up keys does not reach the database either.
 */
export function cachedSiteLookup(store: Pick<Store, 'siteByKey'>, o: SiteLookupOptions = {}): (key: string) => Promise<Site | undefined> {
  const ttl = o.ttlMs ?? 5000;
  const max = o.max ?? 10_000;
  const now = o.now ?? Date.now;
  const answers = new Map<string, { at: number; site: Promise<Site | undefined> }>();
  return (key) => {
    const t = now();
    const hit = answers.get(key);
    if (hit && t - hit.at < ttl) return hit.site;
    const site = store.siteByKey(key);
    answers.delete(key);
    answers.set(key, { at: t, site });
    if (answers.size > max) answers.delete(answers.keys().next().value!);
    // A failed read is not kept: the next request asks again.
    site.catch(() => answers.get(key)?.site === site && answers.delete(key));
    return site;
  };
}
