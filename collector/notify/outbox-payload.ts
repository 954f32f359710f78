/**
 * What an outbox row's payload (an Alert or a Digest, as JSON text) says at a glance: one line,
 * the account's name, and every rule it is about (an alert of one visit lists all it tripped).
 * Read by the admin API's outbox list and the dashboard's Alerts page alike. An unreadable
 * payload says nothing rather than failing the list.
 */
export interface OutboxGlance {
  summary: string;
  account: string | null;
  rules: string[];
}

export function readOutboxPayload(payload: string): OutboxGlance {
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    const body = (p.alert ?? p.digest ?? p) as Record<string, unknown>;
    const account = body.account && typeof body.account === 'object' ? (body.account as Record<string, unknown>).name : null;
    const summary =
      typeof body.summary === 'string' ? body.summary : Array.isArray(body.alerts) ? `Digest of ${body.alerts.length} alert${body.alerts.length === 1 ? '' : 's'}` : '';
    const rules = Array.isArray(body.reasons) ? body.reasons.map((r) => String((r as { rule?: unknown } | null)?.rule ?? '')).filter(Boolean) : [];
    return { summary, account: typeof account === 'string' ? account : null, rules };
  } catch {
    return { summary: '', account: null, rules: [] };
  }
}
