
/** Tables as they are stored. Times are epoch milliseconds; JSON is kept as text in both dialects. */
export interface Database {
  sites: SitesTable;
  events: EventsTable;
}

export interface SitesTable {
  id: string;
  key: string;
  name: string;
  origins: string;
  server_side: number;
  created_at: number;
}

export interface EventsTable {
  site_id: string;
  id: string;
  type: string;
  name: string | null;
  ts: number;
  received_at: number;
  visitor: string | null;
  session: string | null;
  url: string;
  title: string | null;
  referrer: string | null;
  props: string | null;
  ip: string | null;
  user_agent: string | null;
  bot: number;
}
