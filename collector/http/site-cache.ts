import type { Store } from '../store/index.js';
import type { Site } from '../schema/domain.js';

export interface SiteLookupOptions {
  /** How long an answer (a site, or "no such key") is reused; a site changed by another process is seen after this. */
  ttlMs?: number;
  /** Keys remembered at most; the oldest answer is forgotten first. */
  max?: number;
  /** The clock, when the caller does not say what time it is. */
  now?: () => number;
}

/** How long a site lookup is remembered unless said otherwise: edits, rotations and deletions made by another process take effect within it. */
export const SITE_CACHE_TTL_MS = 5000;

/**
 * The site behind a key, remembered for a few seconds: every beacon names its site, and asking
 * the database each time costs more than the rest of a small batch. Unknown keys are
 * remembered too, so a flood of made-up keys does not reach the database either.
 *
 * A change made through this process's store (an edit, a new key, a deletion) is seen at once:
 * the store's sites version moves and every answer is asked again. A change made by another
 * process is seen within the TTL. A key kept after a rotation is remembered no longer than its
 * grace, so it is refused from the moment the grace ends.
 */
export function cachedSiteLookup(store: Pick<Store, 'siteByKey' | 'sitesVersion'>, o: SiteLookupOptions = {}): (key: string, at?: number) => Promise<Site | undefined> {
  const ttl = o.ttlMs ?? SITE_CACHE_TTL_MS;
  const max = o.max ?? 10_000;
  const now = o.now ?? Date.now;
  const answers = new Map<string, { until: number; site: Promise<Site | undefined> }>();
  let version = store.sitesVersion();
  return (key, at) => {
    const t = at ?? now();
    if (store.sitesVersion() !== version) {
      version = store.sitesVersion();
      answers.clear();
    }
    const hit = answers.get(key);
    if (hit && t < hit.until) return hit.site;
    const site = store.siteByKey(key, t);
    const entry = { until: t + ttl, site };
    answers.delete(key);
    answers.set(key, entry);
    if (answers.size > max) answers.delete(answers.keys().next().value!);
    site.then(
      (s) => {
        // Found by its previous key: remembered only while that key is valid.
        if (s && s.key !== key && s.previousKeyExpiresAt !== undefined) entry.until = Math.min(entry.until, s.previousKeyExpiresAt);
      },
      // A failed read is not kept: the next request asks again.
      () => answers.get(key) === entry && answers.delete(key),
    );
    return site;
  };
}
