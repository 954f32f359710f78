import type { ContentQuery, ContentRow } from '../store/index.js';
import type { ReportRange } from './range.js';

/** What the content report reads (the store, or a stand-in in tests). */
export interface ContentReportSource {
  contentReport(q: ContentQuery): Promise<{ rows: ContentRow[]; targetAccounts: number }>;
}

export interface ContentReportQuery {
  range: ReportRange;
  limit: number;
  /** One site's content (its id); every site's when absent. */
  siteId?: string | undefined;
  kind?: 'page' | 'asset' | undefined;
  /** Only what target accounts read (visitors and accounts then count theirs alone). */
  targetsOnly?: boolean;
}

/** One page or asset, by the accounts and target accounts it reached (a type, not an interface, so it is a CSV row). */
export type ContentItem = {
  kind: ContentRow['kind'];
  url: string;
  title: string | null;
  views: number;
  visitors: number;
  accounts: number;
  target_accounts: number;
  people_per_target_account: number;
  target_share: number;
};

/** `GET /api/content`'s body. */
export interface ContentReport {
  from: string;
  to: string;
  target_accounts: number;
  content: ContentItem[];
}

/** Ratios to four decimals: enough for a share of thousands of accounts, short in CSV. */
const ratio = (n: number) => Math.round(n * 10_000) / 10_000;

/** Pages and assets over the period by target accounts reached, with the target list's size. */
export async function contentReport(store: ContentReportSource, q: ContentReportQuery): Promise<ContentReport> {
  const report = await store.contentReport({
    from: q.range.from,
    to: q.range.to,
    limit: q.limit,
    ...(q.siteId ? { siteId: q.siteId } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.targetsOnly ? { targetsOnly: true } : {}),
  });
  const content = report.rows.map((r): ContentItem => ({
    kind: r.kind,
    url: r.url,
    title: r.title,
    views: r.views,
    visitors: r.visitors,
    accounts: r.accounts,
    target_accounts: r.targetAccounts,
    people_per_target_account: ratio(r.peoplePerTargetAccount),
    target_share: ratio(r.targetShare),
  }));
  return { from: q.range.fromDay, to: q.range.toDay, target_accounts: report.targetAccounts, content };
}
