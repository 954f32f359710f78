import { reasonsOf, RULE_LABELS, type Alert } from '../types.js';

/**
 * What every delivery says the same way: the heading over the pages, whether the reasons are
 * listed, and each reason as a label and a line. Escaping is each delivery's own (Slack mrkdwn,
 * HTML, plain text).
 */

export function pagesHeading(alert: Alert): string {
  return alert.pagesFrom === 'recent' ? 'Pages read recently' : 'Pages read this visit';
}

/** The reasons, listed when there are several or when the alert follows an earlier one. */
export function listedReasons(alert: Alert): { label: string; summary: string; at: number }[] {
  const reasons = reasonsOf(alert);
  if (reasons.length < 2 && !alert.followUp) return [];
  return reasons.map((r) => ({ label: RULE_LABELS[r.rule] ?? r.rule, summary: r.summary, at: r.at }));
}

export function reasonsHeading(alert: Alert): string {
  return alert.followUp ? 'New in this visit (an earlier alert told the rest)' : 'Why';
}
