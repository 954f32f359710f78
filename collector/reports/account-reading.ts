import { READING_MAX_ACCOUNTS, type AccountReadingQuery, type AccountReadingResult } from '../store/index.js';
import { intentOf, type IntentKind, type IntentRules } from './intent.js';
import type { ReportRange } from './range.js';

/** What the reading report reads (the store, or a stand-in in tests). */
export interface ReadingSource {
  accountReading(q: AccountReadingQuery): Promise<AccountReadingResult>;
}

/** One page or download an account read (a type, so it can be a CSV row). */
export type ReadItem = {
  kind: 'page' | 'asset';
  url: string;
  title: string | null;
  views: number;
  visitors: number;
  last_at: string;
  intent: IntentKind | null;
};

/** What one account read over the period: its top items, and how many there were in all. */
export interface AccountReading {
  items: ReadItem[];
  /** Distinct pages and downloads read (among the newest `depth`, when `cut`). */
  total: number;
  /** The account read more than `depth` times in the period: only its newest reads were counted. */
  cut: boolean;
  /** How many of them are high-intent pages. */
  intent: number;
  /** Downloads among them. */
  downloads: number;
}

/**
 * Most telling first: high-intent pages, then downloads, then the most viewed pages, then the
 * most recently read; the URL breaks ties so the order never depends on the database.
 */
function compare(a: ReadItem, b: ReadItem): number {
  return (
    Number(b.intent !== null) - Number(a.intent !== null) ||
    Number(b.kind === 'asset') - Number(a.kind === 'asset') ||
    b.views - a.views ||
    b.last_at.localeCompare(a.last_at) ||
    (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)
  );
}

/** How many of an account's newest reads a list looks at: enough for nearly every account's whole period, bounded for the busiest. */
export const LIST_DEPTH = 100;

/**
 * What each of the given accounts read over the period (at most `perAccount` items each, from
 * its newest `depth` page views and downloads), with intent pages marked. Accounts that read
 * nothing are absent from the map. The ids are read in chunks of the store's bound, so a caller
 * never has to know it.
 */
export async function accountsReading(
  store: ReadingSource,
  q: { ids: readonly string[]; range: Pick<ReportRange, 'from' | 'to'>; perAccount: number; intent: IntentRules; depth?: number },
): Promise<Map<string, AccountReading>> {
  const depth = q.depth ?? LIST_DEPTH;
  const ids = [...new Set(q.ids)];
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += READING_MAX_ACCOUNTS) chunks.push(ids.slice(i, i + READING_MAX_ACCOUNTS));
  const read = await Promise.all(chunks.map((chunk) => store.accountReading({ ids: chunk, from: q.range.from, to: q.range.to, perAccount: depth })));
  const rows = read.flatMap((r) => r.rows);
  const cut = new Set(read.flatMap((r) => r.cut));
  const byAccount = new Map<string, ReadItem[]>();
  for (const r of rows) {
    const item: ReadItem = { kind: r.kind, url: r.url, title: r.title, views: r.views, visitors: r.visitors, last_at: new Date(r.lastTs).toISOString(), intent: r.kind === 'page' ? intentOf(r.url, q.intent) : null };
    const list = byAccount.get(r.accountId);
    if (list) list.push(item);
    else byAccount.set(r.accountId, [item]);
  }
  const out = new Map<string, AccountReading>();
  for (const [id, items] of byAccount) {
    items.sort(compare);
    out.set(id, {
      items: items.slice(0, Math.max(0, q.perAccount)),
      total: items.length,
      cut: cut.has(id),
      intent: items.filter((i) => i.intent !== null).length,
      downloads: items.filter((i) => i.kind === 'asset').length,
    });
  }
  return out;
}
