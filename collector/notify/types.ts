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

/**
 * Rules by how strongly they call for a rep, strongest first: when one alert has several reasons,
 * the strongest leads (its rule is the alert's `rule`, its key the alert's key).
 */
export const RULE_PRIORITY: readonly Rule[] = ['form', 'mqa', 'high_intent', 'return', 'first_visit', 'score_surge'];

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

export interface Fact {
  label: string;
  value: string;
}

/** One reason an alert was sent: a rule that fired, what it saw, and when. */
export interface AlertReason {
  rule: Rule;
  /** One line ("Acme viewed Pricing"). */
  summary: string;
  at: number;
  facts: Fact[];
}

/**
 * One alert about one account, as every destination renders it. One visit makes one alert, with
 * every rule it tripped as a reason (a first visit that read pricing and sent a form: three), and
 * an MQA or score surge that came with the visit folded in.
 */
export interface Alert {
  /** The leading reason's idempotency key: the same trigger never makes a second alert. */
  key: string;
  /** The leading (strongest) reason's rule. */
  rule: Rule;
  /** Every reason, in the order they happened. Absent in alerts queued before reasons were listed: read them with reasonsOf. */
  reasons?: AlertReason[];
  /** Reasons seen later in a visit an earlier alert was about: only these new ones are listed. */
  followUp?: boolean;
  /** One line: what happened ("Acme visited the site for the first time, viewed Pricing and filled in the form demo-request"). */
  summary: string;
  /** The stage as it is after what the alert tells (stages are evaluated before the alert is built). */
  account: { id: string; name: string; domain: string | null; tier: string | null; owner: string | null; stage: string };
  /** When the latest reason happened. */
  occurredAt: number;
  /** Pages read, in order (at most 20). */
  pages: AlertPage[];
  /** 'visit' (or absent): the pages of the visit the alert is about; 'recent': the account's latest pages (an MQA or surge that came with no visit). */
  pagesFrom?: 'visit' | 'recent';
  /** Link to the account's page in the dashboard. */
  url: string;
  /** Extra facts of every reason (score, previous visit, form id, job title …), shown as "label: value". */
  facts: Fact[];
}

/** An alert's reasons, in order: its own list, or its one rule for an alert queued before reasons were listed. */
export function reasonsOf(alert: Alert): AlertReason[] {
  return alert.reasons?.length ? alert.reasons : [{ rule: alert.rule, summary: alert.summary, at: alert.occurredAt, facts: alert.facts }];
}

/** The rules' labels, in the alert's order: "First visit · High-intent page · Form filled". */
export function reasonLabels(alert: Alert): string {
  return reasonsOf(alert).map((r) => RULE_LABELS[r.rule] ?? r.rule).join(' · ');
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
