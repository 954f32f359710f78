
/** Tables as they are stored. Times are epoch milliseconds; JSON is kept as text in both dialects. */
export interface Database {
  sites: SitesTable;
  events: EventsTable;
  sessions: SessionsTable;
  ip_salts: IpSaltsTable;
  visitors: VisitorsTable;
  accounts: AccountsTable;
  network_decisions: NetworkDecisionsTable;
  account_days: AccountDaysTable;
  account_day_keys: AccountDayKeysTable;
  account_totals: AccountTotalsTable;
  account_visitors: AccountVisitorsTable;
  account_ranges: AccountRangesTable;
  range_evidence: RangeEvidenceTable;
  reverse_dns: ReverseDnsTable;
  stage_changes: StageChangesTable;
  users: UsersTable;
  dashboard_sessions: DashboardSessionsTable;
  settings: SettingsTable;
  api_tokens: ApiTokensTable;
  alert_destinations: AlertDestinationsTable;
  alert_triggers: AlertTriggersTable;
  alert_throttle: AlertThrottleTable;
  alert_outbox: AlertOutboxTable;
  channel_days: ChannelDaysTable;
  channel_members: ChannelMembersTable;
  channel_counts: ChannelCountsTable;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
}

/** Settings changed at run time (through the admin API or the dashboard), as JSON by name. */
export interface SettingsTable {
  name: string;
  value: string;
}

export interface AlertDestinationsTable {
  id: string;
  /** 'slack', 'webhook' or 'email'. */
  kind: string;
  target: string;
  secret: string | null;
  /** Lower-cased owner e-mail; null for the default destination. */
  owner: string | null;
  digest: number;
  created_at: number;
}

/** Every trigger seen, once: its key is what makes an alert never happen twice. */
export interface AlertTriggersTable {
  key: string;
  rule: string;
  account_id: string;
  at: number;
  /** 'queued' or 'throttled'. */
  outcome: string;
}

/** When each account last triggered each rule (for the one-per-window throttle). */
export interface AlertThrottleTable {
  account_id: string;
  rule: string;
  last_at: number;
}

/** The durable outbox: one row per alert (or digest) and destination. */
export interface AlertOutboxTable {
  id: string;
  key: string;
  destination_id: string;
  rule: string;
  account_id: string | null;
  payload: string;
  /** 'pending', 'sent', 'dead', 'digest' (waiting for its digest) or 'digested'. */
  status: string;
  attempts: number;
  next_attempt_at: number;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface UsersTable {
  id: string;
  /** Lower-cased. */
  email: string;
  name: string | null;
  /** 'admin' or 'viewer'. */
  role: string;
  password_hash: string;
  created_at: number;
}

export interface DashboardSessionsTable {
  /** SHA-256 (hex) of the random id in the browser's cookie. */
  id_hash: string;
  user_id: string | null;
  role: string;
  csrf: string;
  created_at: number;
  expires_at: number;
}

export interface StageChangesTable {
  account_id: string;
  from_stage: string;
  to_stage: string;
  at: number;
  /** 'auto' (engagement), 'api' or 'csv' (the CRM). */
  source: string;
  reason: string | null;
}

export interface AccountRangesTable {
  cidr: string;
  domain: string;
  name: string | null;
  /** 'upload' (ACCOUNT_RANGES, the admin API) or 'reverse-dns' (a forward-confirmed PTR name, reverse-dns.ts); learned ranges live in range_evidence. */
  source: string;
  created_at: number;
}

export interface RangeEvidenceTable {
  network: string;
  domain: string;
  person: string;
  first_seen: number;
}

/** Why a network was credited by reverse DNS (its account_ranges row has source 'reverse-dns'); never the address itself. */
export interface ReverseDnsTable {
  /** The /24 (IPv4) or /48 (IPv6) credited. */
  network: string;
  /** The forward-confirmed PTR name found for an address of it. */
  ptr: string;
  /** The domain the range was credited to (the account's own domain). */
  domain: string;
  account_id: string;
  checked_at: number;
}

/** A company: on the target list, or identified from its network or its people's e-mail domain. */
/** A person's decision on a target's candidate network (0023). */
export interface NetworkDecisionsTable {
  account_id: string;
  asn: number;
  organization: string;
  /** 'confirm' | 'reject' */
  decision: string;
  decided_by: string | null;
  decided_at: number;
}

export interface AccountsTable {
  id: string;
  name: string;
  domain: string | null;
  name_key: string;
  /** JSON array of other names and domains it goes by. */
  aliases: string;
  target: number;
  tier: string | null;
  owner: string | null;
  stage: string;
  stage_changed_at: number | null;
  first_seen: number | null;
  last_seen: number | null;
  created_at: number;
  /** ISO-3166 alpha-2: the target list's, or the country its network is registered in (0023). */
  country?: string | null;
  /** The account's newest account_totals row, mirrored (account-totals.ts); null before any activity. */
  totals_first_day?: string | null;
  totals_day?: string | null;
  totals_day_idx?: number | null;
  totals_sessions?: number | null;
  totals_page_views?: number | null;
  totals_new_visitors?: number | null;
  totals_days?: number | null;
  totals_decayed_c_level?: number | null;
  totals_decayed_vp?: number | null;
  totals_decayed_director?: number | null;
  totals_decayed_manager?: number | null;
  totals_decayed_other?: number | null;
}

/** One account's running totals up to a UTC day with activity, all sites together (account-totals.ts). */
export interface AccountTotalsTable {
  account_id: string;
  day: string;
  /** Days since 1970-01-01. */
  day_idx: number;
  sessions: number;
  page_views: number;
  /** Visitors first seen (by this account) that day. */
  new_visitors: number;
  points_c_level: number;
  points_vp: number;
  points_director: number;
  points_manager: number;
  points_other: number;
  cum_sessions: number;
  cum_page_views: number;
  cum_new_visitors: number;
  cum_days: number;
  decayed_c_level: number;
  decayed_vp: number;
  decayed_director: number;
  decayed_manager: number;
  decayed_other: number;
}

/** Each visitor (`v:<id>`) of an account and the first UTC day it was seen crediting it. */
export interface AccountVisitorsTable {
  account_id: string;
  member: string;
  first_day: string;
}

/** One account's activity on one site on one UTC day; bots never counted. */
export interface AccountDaysTable {
  account_id: string;
  site_id: string;
  day: string;
  events: number;
  page_views: number;
  downloads: number;
  forms: number;
  engaged_ms: number;
  visitors: number;
  sessions: number;
  first_ts: number;
  last_ts: number;
  points_c_level: number;
  points_vp: number;
  points_director: number;
  points_manager: number;
  points_other: number;
}

export interface AccountDayKeysTable {
  account_id: string;
  site_id: string;
  day: string;
  member: string;
}

/** One browser (first-party visitor id) per site, and what it has told us about its person. */
export interface VisitorsTable {
  site_id: string;
  id: string;
  first_seen: number;
  last_seen: number;
  events: number;
  email_domain: string | null;
  email_hash: string | null;
  job_title: string | null;
  company: string | null;
  bot: number;
  account_id: string | null;
  role_level: string | null;
}

/** One random salt per UTC day for hashed IP storage; older ones are deleted, so old hashes cannot be recomputed. */
export interface IpSaltsTable {
  day: string;
  salt: string;
}

/** One visit: 30 minutes of inactivity end it. Landing page, referrer and campaign for attribution. */
export interface SessionsTable {
  site_id: string;
  id: string;
  visitor: string | null;
  started_at: number;
  last_seen: number;
  landing_url: string | null;
  referrer: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  click_id: string | null;
  ad_network: string | null;
  page_views: number;
  events: number;
  bot: number;
  channel: string | null;
  source: string | null;
  medium: string | null;
  account_id: string | null;
  /** The network class of the session's first event (events.network_class); null when it was not looked up. */
  network_class?: string | null;
  /** What the channel rollups last counted for the session (channel-rollups.ts); a null day: nothing. */
  counted_day?: string | null;
  counted_channel?: string | null;
  counted_visitor?: string | null;
  counted_account?: string | null;
}

/** Sessions per site, channel and UTC day, bots left out. */
export interface ChannelDaysTable {
  site_id: string;
  channel: string;
  day: string;
  sessions: number;
}

/**
 * One row per day a member (`v:<visitor>`, `a:<accountId>`) was seen in a channel, in a scope (a
 * site, or `*` for accounts over all sites), with the day it was seen there before.
 */
export interface ChannelMembersTable {
  scope: string;
  channel: string;
  member: string;
  day: string;
  prev_day: string | null;
  /** The counted sessions behind the row. */
  sessions: number;
}

/** How many channel_members rows of a kind ('v', 'a') have each (day, prev_day); prev_day '' for none. */
export interface ChannelCountsTable {
  scope: string;
  channel: string;
  kind: string;
  day: string;
  prev_day: string;
  n: number;
}

export interface SitesTable {
  id: string;
  key: string;
  name: string;
  origins: string;
  server_side: number;
  created_at: number;
  /** The key before the last rotation, accepted until previous_key_expires_at (sites.ts). */
  previous_key?: string | null;
  previous_key_expires_at?: number | null;
  /** Set when a deletion starts: from then on the site takes no events; the row goes when its data has. */
  deleted_at?: number | null;
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
  network_class: string | null;
  organization: string | null;
  network_domain: string | null;
  network_source: string | null;
  network_confidence: number | null;
  account_id: string | null;
  account_via: string | null;
  points: number | null;
  role_level: string | null;
}
