import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { AlertSettings, AlertSettingsPatch, NewDestination, SETTINGS_NAME, applyPatch, readAlertSettings, readOutboxPayload, shownTarget, type AlertsFace, type Destination } from '../notify/index.js';
import type { AlertDestinationRow, OutboxRow, OutboxStatus, Store } from '../store/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { HttpError } from './errors.js';
import { readJson } from './read-json.js';

/** A patch that names only known fields: a misspelt one is an error, not silently ignored. */
export const AlertSettingsUpdate = AlertSettingsPatch.strict().extend({ rules: AlertSettings.shape.rules.partial().strict().optional() });

const STATUSES = ['pending', 'sent', 'dead', 'digest', 'digested'] as const satisfies readonly OutboxStatus[];
export const AlertsQuery = z.object({
  status: z.enum(STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.string().optional(),
});

/** "field.path: what is wrong", naming the first problem (an unknown key by its name). */
const problem = (error: z.ZodError, what: string) => {
  const issue = error.issues[0];
  if (!issue) return `${what}: invalid`;
  const keys = issue.code === 'unrecognized_keys' ? [issue.keys.join(', ')] : [];
  return `${[...issue.path.map(String), ...keys].join('.') || what}: ${issue.message}`;
};


export const toDestination = (r: AlertDestinationRow): Destination => ({ ...r, kind: r.kind as Destination['kind'] });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const destinationView = (d: AlertDestinationRow) => ({
  id: d.id,
  kind: d.kind,
  target: shownTarget(d),
  owner: d.owner,
  digest: d.digest,
  has_secret: d.secret !== null,
  created_at: iso(d.createdAt),
});

const alertView = (r: OutboxRow) => {
  const glance = readOutboxPayload(r.payload);
  return {
    id: r.id,
    rule: r.rule,
    /** Every rule the alert is about (one visit's alert lists all it tripped); `rule` is the strongest. */
    rules: glance.rules.length ? glance.rules : [r.rule],
    account_id: r.accountId,
    destination_id: r.destinationId,
    status: r.status,
    attempts: r.attempts,
    next_attempt_at: iso(r.nextAttemptAt),
    last_error: r.lastError,
    created_at: iso(r.createdAt),
    sent_at: iso(r.sentAt),
    summary: glance.summary,
  };
};

/**
 * Alerts for admins: rules and noise control (`/api/alerts/settings`), destinations with a test
 * send, and the outbox with its dead letters and their retry (`/api/alerts`).
 */
export function alertsAdminRoutes(store: Store, alerts: AlertsFace | undefined, now: () => number): Hono {
  const app = new Hono();
  const destination = async (id: string) => {
    const found = (await store.listAlertDestinations()).find((d) => d.id === id);
    if (!found) throw new HttpError(404, 'unknown_destination', `no alert destination has the id ${JSON.stringify(id.slice(0, 64))}`);
    return found;
  };

  app.get('/api/alerts/settings', async (c) => c.json(readAlertSettings(await store.getSetting(SETTINGS_NAME))));

  app.put('/api/alerts/settings', async (c) => {
    const parsed = AlertSettingsUpdate.safeParse(await readJson(c));
    if (!parsed.success) throw new HttpError(400, 'invalid_settings', problem(parsed.error, 'settings'));
    const next = applyPatch(readAlertSettings(await store.getSetting(SETTINGS_NAME)), parsed.data);
    await store.putSetting(SETTINGS_NAME, JSON.stringify(next));
    return c.json(next);
  });

  app.get('/api/alerts/destinations', async (c) => c.json({ destinations: (await store.listAlertDestinations()).map(destinationView) }));

  app.post('/api/alerts/destinations', async (c) => {
    const parsed = NewDestination.safeParse(await readJson(c));
    if (!parsed.success) throw new HttpError(400, 'invalid_destination', problem(parsed.error, 'destination'));
    const input = parsed.data;
    const secret = input.kind === 'webhook' ? (input.secret ?? randomBytes(32).toString('base64url')) : null;
    const row: AlertDestinationRow = { id: randomUUID(), kind: input.kind, target: input.target, secret, owner: input.owner?.toLowerCase() ?? null, digest: input.digest, createdAt: now() };
    await store.addAlertDestination(row);
    // The webhook secret is shown this once: the integrator stores it to check signatures.
    return c.json({ ...destinationView(row), ...(secret !== null && { secret }) }, 201);
  });

  app.delete('/api/alerts/destinations/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await store.removeAlertDestination(id))) throw new HttpError(404, 'unknown_destination', `no alert destination has the id ${JSON.stringify(id.slice(0, 64))}`);
    return c.body(null, 204);
  });

  app.post('/api/alerts/destinations/:id/test', async (c) => {
    if (!alerts) throw new HttpError(503, 'alerts_off', 'alerts are off in this collector: configure them and restart to send a test');
    const d = await destination(c.req.param('id'));
    let outcome;
    try {
      outcome = await alerts.sendTest(toDestination(d));
    } catch (err) {
      outcome = { ok: false as const, error: err instanceof Error ? err.message : String(err) };
    }
    return c.json(outcome.ok ? { ok: true } : { ok: false, error: outcome.error });
  });

  app.get('/api/alerts', async (c) => {
    const q = AlertsQuery.safeParse(c.req.query());
    if (!q.success) {
      const field = String(q.error.issues[0]?.path[0] ?? 'query');
      throw new HttpError(400, `invalid_${field}`, field === 'status' ? `status must be one of ${STATUSES.join(', ')}` : `${field}: ${q.error.issues[0]?.message ?? 'invalid'} (1 to 1000)`);
    }
    const rows = (await store.listAlerts({ status: q.data.status, limit: q.data.limit })).map(alertView);
    if (wantsCsv(q.data.format)) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(['id', 'created_at', 'status', 'rule', 'rules', 'account_id', 'destination_id', 'summary', 'attempts', 'next_attempt_at', 'sent_at', 'last_error'], rows.map((r) => ({ ...r, rules: r.rules.join(' ') }))));
    }
    return c.json({ alerts: rows });
  });

  app.post('/api/alerts/:id/retry', async (c) => {
    const id = c.req.param('id');
    if (!(await store.retryAlert(id, now()))) {
      throw new HttpError(409, 'not_dead', `no dead alert has the id ${JSON.stringify(id.slice(0, 64))}: only dead letters can be retried`);
    }
    return c.json({ retried: true });
  });
  return app;
}
