/** What the notify room passes around: rules decide, the outbox keeps, deliveries send. */

export const RULES = ['first_visit', 'return', 'high_intent', 'form', 'mqa', 'score_surge'] as const;
export type Rule = (typeof RULES)[number];

export const RULE_LABELS: Record<Rule, string> = {
  first_visit: 'First visit',
  return: 'Back after a while',
  high_intent: 'High-intent page',
  form: 'Form filled',
  mqa: 'Became MQA',
  score_surge: 'Score surge',
};

export type DestinationKind = 'slack' | 'webhook' | 'email';

/** Where alerts go: an owner's (their e-mail as on the target list) or, with no owner, the default. */
export interface Destination {
  id: string;
  kind: DestinationKind;
  /** Slack incoming-webhook URL, webhook URL, or an e-mail address. */
  target: string;
  /** HMAC-SHA256 key for webhooks (null for the others). */
  secret: string | null;
  /** The account owner this destination is for (lower-cased e-mail); null: the default for accounts without an owner's destination. */
  owner: string | null;
  /** A daily digest instead of single alerts. */
  digest: boolean;
  createdAt: number;
}

/** A page read in the visit that triggered the alert. */
export interface AlertPage {
  url: string;
  title: string | null;
  at: number;
}

/** One alert about one account, as every destination renders it. */
export interface Alert {
  /** The trigger's idempotency key: the same trigger never makes a second alert. */
  key: string;
  rule: Rule;
  /** One line: what happened ("Acme viewed the pricing page"). */
  summary: string;
  account: { id: string; name: string; domain: string | null; tier: string | null; owner: string | null; stage: string };
  occurredAt: number;
  /** Pages read in this visit, in order (at most 20). */
  pages: AlertPage[];
  /** Link to the account's page in the dashboard. */
  url: string;
  /** Extra facts by rule (score, previous visit, form id …), shown as "label: value". */
  facts: { label: string; value: string }[];
}

/** A digest: several alerts for one destination, sent at once. */
export interface Digest {
  key: string;
  day: string;
  alerts: Alert[];
  /** Link to the dashboard. */
  url: string;
}

/** The outcome of one delivery attempt. */
export type Delivery = { ok: true } | { ok: false; error: string; /** false: retrying cannot help (a 4xx other than 408/429). */ retry: boolean };

/** Sends one alert or digest to one destination. */
export type Deliver = (destination: Destination, message: { alert: Alert } | { digest: Digest }) => Promise<Delivery>;
