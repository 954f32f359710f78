import { sql, type Kysely } from 'kysely';
import { assetOf, pageUrl } from './content.js';
import type { Database } from './types.js';

/** The most accounts one read covers: a page of a list, never the whole table. */
export const READING_MAX_ACCOUNTS = 200;
/** The most page views and downloads read per account (its newest in the period). */
export const READING_MAX_PER_ACCOUNT = 5000;

export interface AccountReadingQuery {
  /** The accounts (at most READING_MAX_ACCOUNTS; more is an error of the caller). */
  ids: readonly string[];
  /** Epoch ms, event time, [from, to). */
  from: number;
  to: number;
  /** Each account's newest page views and downloads of the period read, at most (1 to READING_MAX_PER_ACCOUNT). */
  perAccount: number;
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

export interface AccountReadingResult {
  rows: AccountReadRow[];
  /** Accounts whose reads were cut at `perAccount`: their rows count only the newest ones. */
  cut: string[];
}

/**
 * What each of a few accounts read over a period: pages (`page_view`) and assets (`download`),
 * bots left out. One statement for all the accounts: for each, its newest `perAccount` reads of
 * the period, straight off the events' (account, time) index, so the cost is bounded by the
 * accounts asked for whatever their history (a busy account's 90 days can hold tens of thousands
 * of events). Folded here to one row per account and normalised URL (the content report's
 * normalisation, so both pages name a page alike); the report picks the top ones.
 */
export async function accountReading(db: Kysely<Database>, q: AccountReadingQuery): Promise<AccountReadingResult> {
  const ids = [...new Set(q.ids)];
  if (ids.length > READING_MAX_ACCOUNTS) throw new RangeError(`accountReading reads at most ${READING_MAX_ACCOUNTS} accounts at once`);
  if (!ids.length) return { rows: [], cut: [] };
  const limit = Math.min(READING_MAX_PER_ACCOUNT, Math.max(1, Math.floor(q.perAccount)));
  const one = (id: string, i: number) => sql`SELECT * FROM (
      SELECT e.account_id, e.type, e.url, e.title, CASE WHEN e.type = 'download' THEN e.props END AS props, e.visitor, e.ts
      FROM events e
      WHERE e.account_id = ${id} AND e.ts >= ${q.from} AND e.ts < ${q.to} AND e.type IN ('page_view', 'download') AND e.bot = 0
      ORDER BY e.ts DESC
      LIMIT ${limit}
    ) AS ${sql.raw(`r${i}`)}`;
  const { rows: events } = await sql<{ account_id: string; type: string; url: string; title: string | null; props: string | null; visitor: string | null; ts: number | string }>`${sql.join(
    ids.map(one),
    sql` UNION ALL `,
  )}`.execute(db);

  const perAccount = new Map<string, number>();
  const rows = new Map<string, AccountReadRow & { visitorSet: Set<string>; titleTs: number }>();
  for (const e of events) {
    perAccount.set(e.account_id, (perAccount.get(e.account_id) ?? 0) + 1);
    const asset = e.type === 'download' ? assetOf(e.url, e.props) : undefined;
    const kind = asset ? 'asset' : 'page';
    const url = asset ? asset.url : pageUrl(e.url);
    const key = `${e.account_id}\u0000${kind}\u0000${url}`;
    const ts = Number(e.ts);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { accountId: e.account_id, kind, url, title: null, views: 0, visitors: 0, lastTs: ts, visitorSet: new Set(), titleTs: -Infinity }));
    const title = asset ? asset.text : e.title || null;
    // The most recent title; on a tie, the greater one, so the choice never depends on row order.
    if (title && (ts > row.titleTs || (ts === row.titleTs && row.title !== null && title > row.title))) {
      row.title = title;
      row.titleTs = ts;
    }
    row.views += 1;
    row.lastTs = Math.max(row.lastTs, ts);
    if (e.visitor !== null) row.visitorSet.add(e.visitor);
  }
  return {
    rows: [...rows.values()].map(({ visitorSet, titleTs: _, ...row }) => ({ ...row, visitors: visitorSet.size })),
    cut: [...perAccount].filter(([, n]) => n >= limit).map(([id]) => id),
  };
}
