import { sql, type Kysely } from 'kysely';
import { assetOf, pageUrl } from './content.js';
import type { Database } from './types.js';

/** The most accounts one read covers: a page of a list, never the whole table. */
export const READING_MAX_ACCOUNTS = 200;

export interface AccountReadingQuery {
  /** The accounts (at most READING_MAX_ACCOUNTS; more is an error of the caller). */
  ids: readonly string[];
  /** Epoch ms, event time, [from, to). */
  from: number;
  to: number;
}

/** One page or downloaded asset an account read in the period. */
export interface AccountReadRow {
  accountId: string;
  kind: 'page' | 'asset';
  /** As the content report writes it: a page without query and fragment; an asset's link without fragment. */
  url: string;
  /** The page's most recent title, or the asset's link text. */
  title: string | null;
  views: number;
  /** Distinct visitors (browsers) of the account who read it. */
  visitors: number;
  /** When it was last read (epoch ms). */
  lastTs: number;
}

/**
 * What each of a few accounts read over a period: pages (`page_view`) and assets (`download`),
 * bots left out. One query over the events' (account, time) index for all the accounts at once,
 * folded in SQL to one row per account, raw URL, title or download props and visitor, then to
 * one row per account and normalised URL here (the same normalisation as the content report, so
 * both pages name a page alike). Every row of every account is returned, unordered: the report
 * picks the top ones.
 */
export async function accountReading(db: Kysely<Database>, q: AccountReadingQuery): Promise<AccountReadRow[]> {
  if (q.ids.length > READING_MAX_ACCOUNTS) throw new RangeError(`accountReading reads at most ${READING_MAX_ACCOUNTS} accounts at once`);
  if (!q.ids.length) return [];
  const title = sql<string | null>`case when e.type = 'page_view' and e.title <> '' then e.title end`;
  const props = sql<string | null>`case when e.type = 'download' then e.props end`;
  const grouped = await db
    .selectFrom('events as e')
    .select((x) => ['e.account_id', 'e.type', 'e.url', title.as('title'), props.as('props'), 'e.visitor', x.fn.countAll<number>().as('views'), x.fn.max('e.ts').as('last_ts')])
    .where('e.account_id', 'in', [...new Set(q.ids)])
    .where('e.ts', '>=', q.from)
    .where('e.ts', '<', q.to)
    .where('e.type', 'in', ['page_view', 'download'])
    .where('e.bot', '=', 0)
    .groupBy(['e.account_id', 'e.type', 'e.url', title, props, 'e.visitor'])
    .execute();

  const rows = new Map<string, AccountReadRow & { visitorSet: Set<string>; titleTs: number }>();
  for (const r of grouped) {
    const asset = r.type === 'download' ? assetOf(r.url, r.props) : undefined;
    const kind = asset ? 'asset' : 'page';
    const url = asset ? asset.url : pageUrl(r.url);
    const key = `${r.account_id}\u0000${kind}\u0000${url}`;
    const lastTs = Number(r.last_ts);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { accountId: r.account_id!, kind, url, title: null, views: 0, visitors: 0, lastTs, visitorSet: new Set(), titleTs: -Infinity }));
    const rowTitle = asset ? asset.text : r.title;
    // The most recent title; on a tie, the greater one, so the choice never depends on row order.
    if (rowTitle && (lastTs > row.titleTs || (lastTs === row.titleTs && row.title !== null && rowTitle > row.title))) {
      row.title = rowTitle;
      row.titleTs = lastTs;
    }
    row.views += Number(r.views);
    row.lastTs = Math.max(row.lastTs, lastTs);
    if (r.visitor !== null) row.visitorSet.add(r.visitor);
  }
  return [...rows.values()].map(({ visitorSet, titleTs: _, ...row }) => ({ ...row, visitors: visitorSet.size }));
}
