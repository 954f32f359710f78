import { randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { AlertSettingsPatch, NewDestination, RULES, SETTINGS_NAME, applyPatch, readAlertSettings, shownTarget, type Delivery, type Destination } from '../../notify/index.js';
import type { AlertDestinationRow } from '../../store/index.js';
import { Flash, Layout, PageHead } from '../components.js';
import { DeadLetters, Destinations, Recent, Rules, WebhookSecret, kindLabel } from './alerts-cards.js';
import type { DashboardDeps } from '../deps.js';
import { requireAdmin, type DashboardEnv } from '../session.js';
import { back as backTo, flashOf, type FlashMessage } from '../flash.js';

type Body = Record<string, string | File | (string | File)[]>;
const text = (body: Body, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
const back = (c: Context, flash: FlashMessage, anchor: string) => backTo(c, '/app/alerts', flash, anchor);




/** Form fields of the rules form, by the settings' field paths, for error messages. */
const FIELD_LABELS: Record<string, string> = {
  rules: 'Rules',
  returnDays: 'Back after (days)',
  intentPatterns: 'High-intent pages',
  windowHours: 'At most one alert per account and rule every (hours)',
  holdMinutes: 'One alert per visit: wait for (minutes of quiet)',
  quietHours: 'Quiet hours',
  timeZone: 'Time zone',
  digestHour: 'Digest hour',
  'surge.factor': 'Surge factor',
  'surge.minPoints': 'Surge minimum points',
};

/** The rules form as a settings patch, or what is wrong with it. */
function patchOf(body: Body): { patch: AlertSettingsPatch } | { error: string } {
  const num = (k: string) => {
    const v = text(body, k).trim();
    return v === '' ? Number.NaN : Number(v);
  };
  const start = text(body, 'quiet_start').trim();
  const end = text(body, 'quiet_end').trim();
  if (!start !== !end) return { error: 'Quiet hours: give both a start and an end, or leave both empty for none' };
  const input = {
    rules: Object.fromEntries(RULES.map((r) => [r, text(body, `rule_${r}`) === 'on'])),
    returnDays: num('return_days'),
    intentPatterns: text(body, 'intent_patterns').split(/[\r\n]+/).map((p) => p.trim()).filter(Boolean),
    windowHours: num('window_hours'),
    ...(body.hold_minutes !== undefined && { holdMinutes: num('hold_minutes') }),
    quietHours: start ? { start, end } : null,
    timeZone: text(body, 'time_zone').trim(),
    digestHour: num('digest_hour'),
    surge: { factor: num('surge_factor'), minPoints: num('surge_min_points') },
  };
  const parsed = AlertSettingsPatch.safeParse(input);
  if (parsed.success) return { patch: parsed.data };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map(String);
  const label = FIELD_LABELS[path.slice(0, 2).join('.')] ?? FIELD_LABELS[path[0] ?? ''] ?? 'The settings';
  const item = path[0] === 'intentPatterns' && path[1] !== undefined ? ` (pattern ${Number(path[1]) + 1})` : '';
  const message = issue?.code === 'invalid_type' && issue.expected === 'number' ? 'enter a number' : (issue?.message ?? 'invalid');
  return { error: `${label}${item}: ${message}` };
}
export function alertsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const destination = async (id: string) => (await d.store.listAlertDestinations()).find((x) => x.id === id);

  app.get('/app/alerts', async (c) => {
    const viewer = c.get('viewer');
    const [destinations, settings, dead, recent] = await Promise.all([
      d.store.listAlertDestinations(),
      d.store.getSetting(SETTINGS_NAME).then(readAlertSettings),
      d.store.listAlerts({ status: 'dead', limit: 100 }),
      d.store.listAlerts({ limit: 50 }),
    ]);
    return c.html(
      <Layout title="Alerts" section="alerts" viewer={viewer}>
        <PageHead title="Alerts" sub="Sales hear about a target account as it shows up: in Slack, by webhook or by e-mail." />
        <Flash {...flashOf(c)} />
        {d.alerts ? null : <p class="flash error">Alerts are off in this collector: nothing is sent and test sends are unavailable. Settings made here apply once they are on.</p>}
        <div id="destinations">
          <Destinations destinations={destinations} viewer={viewer} alertsOn={d.alerts !== undefined} />
        </div>
        <div id="rules">
          <Rules s={settings} viewer={viewer} />
        </div>
        <div id="dead">
          <DeadLetters rows={dead} destinations={new Map(destinations.map((x) => [x.id, x]))} viewer={viewer} now={d.now()} />
        </div>
        <Recent rows={recent} now={d.now()} />
      </Layout>,
    );
  });

  app.post('/app/alerts/destinations', requireAdmin, async (c) => {
    const body = (await c.req.parseBody()) as Body;
    const owner = text(body, 'owner').trim();
    const parsed = NewDestination.safeParse({ kind: text(body, 'kind'), target: text(body, 'target').trim(), owner: owner ? owner : null, digest: text(body, 'digest') === 'on' });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path[0] === 'owner' ? 'Owner e-mail' : issue?.path[0] === 'kind' ? 'Kind' : issue?.path[0] === 'target' ? (text(body, 'kind') === 'email' ? 'E-mail address' : 'URL') : 'The destination';
      const message = issue?.path[0] === 'kind' ? 'choose Slack, webhook or e-mail' : (issue?.message ?? 'invalid');
      return back(c, { error: `Destination not added. ${field}: ${message}.` }, 'destinations');
    }
    const input = parsed.data;
    const secret = input.kind === 'webhook' ? randomBytes(32).toString('base64url') : null;
    const row: AlertDestinationRow = { id: randomUUID(), kind: input.kind, target: input.target, secret, owner: input.owner?.toLowerCase() ?? null, digest: input.digest, createdAt: d.now() };
    await d.store.addAlertDestination(row);
    if (secret !== null) return c.html(<WebhookSecret viewer={c.get('viewer')} destination={row} secret={secret} />);
    return back(c, { ok: `The ${kindLabel(row.kind)} destination ${shownTarget(row)} was added.` }, 'destinations');
  });

  app.post('/app/alerts/destinations/:id/test', requireAdmin, async (c) => {
    if (!d.alerts) return back(c, { error: 'Alerts are off in this collector: no test can be sent.' }, 'destinations');
    const found = await destination(c.req.param('id'));
    if (!found) return back(c, { error: 'That destination does not exist (any more).' }, 'destinations');
    let outcome: Delivery;
    try {
      outcome = await d.alerts.sendTest({ ...found, kind: found.kind as Destination['kind'] });
    } catch (err) {
      outcome = { ok: false, error: err instanceof Error ? err.message : String(err), retry: false };
    }
    const label = `${kindLabel(found.kind)} ${shownTarget(found)}`;
    return back(c, outcome.ok ? { ok: `A test alert went to ${label}.` } : { error: `The test alert to ${label} failed: ${outcome.error}` }, 'destinations');
  });

  app.post('/app/alerts/destinations/:id/remove', requireAdmin, async (c) => {
    const removed = await d.store.removeAlertDestination(c.req.param('id'));
    return back(c, removed ? { ok: 'The destination was removed.' } : { error: 'That destination does not exist (any more).' }, 'destinations');
  });

  app.post('/app/alerts/settings', requireAdmin, async (c) => {
    const result = patchOf((await c.req.parseBody()) as Body);
    if ('error' in result) return back(c, { error: `Rules not saved. ${result.error}.` }, 'rules');
    const next = applyPatch(readAlertSettings(await d.store.getSetting(SETTINGS_NAME)), result.patch);
    await d.store.putSetting(SETTINGS_NAME, JSON.stringify(next));
    return back(c, { ok: 'The rules were saved.' }, 'rules');
  });

  app.post('/app/alerts/:id/retry', requireAdmin, async (c) => {
    const retried = await d.store.retryAlert(c.req.param('id'), d.now());
    return back(c, retried ? { ok: 'The alert is back in the queue: it is sent again shortly.' } : { error: 'That alert is not a dead letter (any more): it may have been retried already.' }, 'dead');
  });

  return app;
}
