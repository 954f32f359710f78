/** A resolved period: the reports take it already checked (the API's `dateRange` makes one from `?from=&to=`). */
export interface ReportRange {
  /** Epoch ms: start of fromDay, and start of the day after toDay (exclusive). */
  from: number;
  to: number;
  /** First UTC day, inclusive (2026-10-25). */
  fromDay: string;
  /** Last UTC day, inclusive. */
  toDay: string;
}
