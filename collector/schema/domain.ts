/**
 * The domain types every room shares — an event as kept, the network and account it credits, a
 * site — owned by no database code: the store keeps them, enrichment makes them, reports and
 * deliveries read them.
 */

/** An event as kept: what the browser sent, plus what the collector learned on receipt. */
export interface StoredEvent {
  siteId: string;
  id: string;
  type: string;
  name: string | null;
  ts: number;
  receivedAt: number;
  visitor: string | null;
  /** The SDK's session (30 minutes of inactivity); null from senders that keep none. */
  session: string | null;
  url: string;
  title: string | null;
  referrer: string | null;
  props: Record<string, unknown> | null;
  /** Truncated (IPv4 /24, IPv6 /48): the raw address is never stored. */
  ip: string | null;
  userAgent: string | null;
  bot: boolean;
  /** What identification made of the client's network (null when it was not looked up). */
  network?: NetworkInfo | null;
  /** The account the event credits; null when it credits none (an ISP, a cloud, an unknown network). */
  account?: AccountRef | null;
  /** What the event is worth before role weight and recency (score step); bots score nothing. */
  points?: number;
  /** The sender's seniority level (c_level, vp, director, manager, other), from a form's job title or their visitor's. */
  roleLevel?: string | null;
  /** On reading: the channel of the event's session. */
  channel?: string | null;
  /** Where a page view came from: GA4's channel group, source and medium (the session's landing keeps it). */
  touch?: { channel: string; source: string; medium: string } | null;
  /** A form fill with a business e-mail from a network: evidence a range may be learned from (not kept on the event). */
  evidence?: { network: string; domain: string; person: string } | null;
  /** The campaign a page view's URL carries, for its session's landing (not kept on the event). */
  campaign?: {
    source: string | null;
    medium: string | null;
    name: string | null;
    term: string | null;
    content: string | null;
    clickId: string | null;
    network: string | null;
  } | null;
}

/** A network as identification classified it. */
export interface NetworkInfo {
  /** business, isp, mobile, hosting, education, government, anonymiser or unknown. */
  class: string;
  organization: string | null;
  domain: string | null;
  /** Which source said so (an MMDB file's type, the account ranges, a learned range). */
  source: string | null;
  confidence: number;
}

/** The account an event credits, as enrichment named it; `id` is set when it matched a known account. */
export interface AccountRef {
  id: string | null;
  name: string;
  /** Registrable domain, when known. */
  domain: string | null;
  /** normaliseName(name): what names are matched on. */
  nameKey: string;
  /** How it was found: the event's own business e-mail, its network, or its visitor's earlier e-mail. */
  via: 'email' | 'network' | 'visitor';
  /** ISO-3166 alpha-2: where its network is registered, or its e-mail domain's country code. */
  country?: string | null;
}

export interface Site {
  id: string;
  /** The key the tag carries (`data-site`). */
  key: string;
  name: string;
  /** Allowed page origins (`https://www.example.com`); empty means any origin. */
  origins: string[];
  /** Accept senders without an Origin header (servers, not browsers). */
  serverSide: boolean;
  createdAt: number;
  /** After a key rotation: the key before it, still accepted until `previousKeyExpiresAt`. */
  previousKey?: string;
  previousKeyExpiresAt?: number;
  /** Set while the site is being deleted: it takes no events, and its data is going page by page. */
  deletedAt?: number;
}

export type NewSite = Omit<Site, 'createdAt' | 'serverSide' | 'previousKey' | 'previousKeyExpiresAt' | 'deletedAt'> & { createdAt?: number; serverSide?: boolean };

