import { sql, type Kysely } from 'kysely';
import type { Database } from './types.js';

export interface ContentQuery {
  /** Epoch ms, event time (`ts`), [from, to). */
  from: number;
  to: number;
  siteId?: string;
  limit: number;
  kind?: 'page' | 'asset';
  /** Only target accounts' events (their visitors and accounts alone are counted): read through the events' account index. */
  targetsOnly?: boolean;
}

export interface ContentRow {
  kind: 'page' | 'asset';
  /** A page's URL without query and fragment; an asset's link (`props.href`, else the event URL) without fragment. */
  url: string;
  /** A page's most recent title; an asset's most recent link text. */
  title: string | null;
  views: number;
  visitors: number;
  accounts: number;
  targetAccounts: number;
  /** Distinct visitors among the target accounts' events ÷ target accounts reached (0 when none). */
  peoplePerTargetAccount: number;
  /** Target accounts reached ÷ all target accounts (0 when there are none). */
  targetShare: number;
}

interface Tally {
  kind: 'page' | 'asset';
  url: string;
  views: number;
  visitors: Set<string>;
  accounts: Set<string>;
  targets: Set<string>;
  targetVisitors: Set<string>;
  title: string | null;
  titleTs: number;
}

/**
 * Pages (`page_view`) and assets (`download`) over a range, by target accounts reached; bots
 * never count. SQL folds events to one row per raw URL, title or download props, account and
 * visitor (repeat views collapse into a count), so memory follows the distinct readers, not the
 * views. URLs are normalised here rather than in SQL: no string function that cuts at `?` or `#`
 * is spelled the same in SQLite and PostgreSQL, and utm/click-id variants of a page must merge.
 */
export async function contentReport(db: Kysely<Database>, q: ContentQuery): Promise<{ rows: ContentRow[]; targetAccounts: number }> {
  const types = q.kind === 'page' ? ['page_view'] : q.kind === 'asset' ? ['download'] : ['page_view', 'download'];
  // Only what the row's kind needs, so page views differing in props do not split the groups.
  const title = sql<string | null>`case when e.type = 'page_view' and e.title <> '' then e.title end`;
  const props = sql<string | null>`case when e.type = 'download' then e.props end`;
  let query = db
    .selectFrom('events as e')
    .leftJoin('accounts as a', 'a.id', 'e.account_id')
    .select((x) => [
      'e.type',
      'e.url',
      title.as('title'),
      props.as('props'),
      'e.account_id',
      'e.visitor',
      sql<number>`coalesce(max(a.target), 0)`.as('target'),
      x.fn.countAll<number>().as('views'),
      x.fn.max('e.ts').as('last_ts'),
    ])
    .where('e.type', 'in', types)
    .where('e.bot', '=', 0)
    .where('e.ts', '>=', q.from)
    .where('e.ts', '<', q.to);
  if (q.siteId) query = query.where('e.site_id', '=', q.siteId);
  if (q.targetsOnly) query = query.where('e.account_id', 'in', db.selectFrom('accounts').select('id').where('target', '=', 1));
  const [grouped, totals] = await Promise.all([
    query.groupBy(['e.type', 'e.url', title, props, 'e.account_id', 'e.visitor']).execute(),
    db.selectFrom('accounts').select((x) => x.fn.countAll<number>().as('n')).where('target', '=', 1).executeTakeFirst(),
  ]);
  const targetAccounts = Number(totals?.n ?? 0);

  const tallies = new Map<string, Tally>();
  for (const r of grouped) {
    const asset = r.type === 'download' ? assetOf(r.url, r.props) : undefined;
    const kind = asset ? 'asset' : 'page';
    const url = asset ? asset.url : pageUrl(r.url);
    const key = `${kind} ${url}`;
    let t = tallies.get(key);
    if (!t) {
      t = { kind, url, views: 0, visitors: new Set(), accounts: new Set(), targets: new Set(), targetVisitors: new Set(), title: null, titleTs: -Infinity };
      tallies.set(key, t);
    }
    const lastTs = Number(r.last_ts);
    const rowTitle = asset ? asset.text : r.title;
    if (rowTitle && (lastTs > t.titleTs || (lastTs === t.titleTs && t.title !== null && rowTitle > t.title))) {
      t.title = rowTitle;
      t.titleTs = lastTs;
    }
    t.views += Number(r.views);
    if (r.visitor !== null) t.visitors.add(r.visitor);
    if (r.account_id !== null) {
      t.accounts.add(r.account_id);
      if (Number(r.target) === 1) {
        t.targets.add(r.account_id);
        if (r.visitor !== null) t.targetVisitors.add(r.visitor);
      }
    }
  }

  const rows: ContentRow[] = [...tallies.values()].map((t) => ({
    kind: t.kind,
    url: t.url,
    title: t.title,
    views: t.views,
    visitors: t.visitors.size,
    accounts: t.accounts.size,
    targetAccounts: t.targets.size,
    peoplePerTargetAccount: t.targets.size ? t.targetVisitors.size / t.targets.size : 0,
    targetShare: targetAccounts ? t.targets.size / targetAccounts : 0,
  }));
  rows.sort(
    (a, b) =>
      b.targetAccounts - a.targetAccounts || b.visitors - a.visitors || compare(a.url, b.url) || compare(a.kind, b.kind),
  );
  return { rows: rows.slice(0, Math.max(0, q.limit)), targetAccounts };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A page's URL without query string and fragment: utm and click-id variants are one page. */
export function pageUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/**
 * An asset: the download's `href` (resolved against the page when relative), else the event URL,
 * fragment dropped; the query is kept, as it may name the file (`get.php?id=7`). The SDK has
 * already redacted secrets in it. `text` is the link text.
 */
export function assetOf(eventUrl: string, propsText: string | null): { url: string; text: string | null } {
  let props: unknown = null;
  try {
    props = propsText ? JSON.parse(propsText) : null;
  } catch {
    // Stored props are JSON written by the store; anything else is treated as absent.
  }
  const p = props !== null && typeof props === 'object' ? (props as Record<string, unknown>) : {};
  const href = typeof p.href === 'string' && p.href.trim() ? p.href.trim() : eventUrl;
  let url = href;
  try {
    url = new URL(href, eventUrl).href;
  } catch {
    // Neither absolute nor resolvable: kept as sent.
  }
  const hash = url.indexOf('#');
  const text = typeof p.text === 'string' && p.text.trim() ? p.text.trim() : null;
  return { url: hash === -1 ? url : url.slice(0, hash), text };
}
