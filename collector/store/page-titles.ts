import type { Kysely } from 'kysely';
import type { Database } from './types.js';

/** A page a visitor was on: only page views carry the page's title; the events on it (time, vitals, clicks, forms) do not. */
export interface PageKey {
  siteId: string;
  visitor: string;
  url: string;
}

/** `site \0 visitor \0 url`: how pageTitles keys its answer. */
export const pageKey = (k: PageKey) => `${k.siteId}\u0000${k.visitor}\u0000${k.url}`;

/**
 * The title of each page as the visitor's own page views of it gave it (the newest such view),
 * read through the events' visitor index; pages without a titled view are left out.
 */
export async function pageTitles(db: Kysely<Database>, keys: readonly PageKey[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!keys.length) return out;
  const wanted = new Set(keys.map(pageKey));
  const rows = await db
    .selectFrom('events')
    .select(['site_id', 'visitor', 'url', 'title', 'ts'])
    .where('visitor', 'in', [...new Set(keys.map((k) => k.visitor))])
    .where('type', '=', 'page_view')
    .where('title', 'is not', null)
    .where('url', 'in', [...new Set(keys.map((k) => k.url))])
    .orderBy('ts', 'asc')
    .execute();
  for (const r of rows) {
    const key = pageKey({ siteId: r.site_id, visitor: r.visitor ?? '', url: r.url });
    if (r.title && wanted.has(key)) out.set(key, r.title);
  }
  return out;
}
