import { RULES, RULE_LABELS, readOutboxPayload, shownTarget, type AlertSettings } from '../../notify/index.js';
import type { AlertDestinationRow, OutboxRow } from '../../store/index.js';
import { Card, Csrf, Empty, Layout, PageHead } from '../components.js';
import { When } from '../when.js';
import type { Viewer } from '../session.js';

/** The Alerts page's cards: destinations, rules, dead letters, recent alerts, a new webhook's secret. */

const accountHref = (id: string) => `/app/accounts/${encodeURIComponent(id)}`;
const KIND_LABELS: Record<string, string> = { slack: 'Slack', webhook: 'Webhook', email: 'E-mail' };
export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;

export const Destinations = ({ destinations, viewer, alertsOn }: { destinations: AlertDestinationRow[]; viewer: Viewer; alertsOn: boolean }) => (
  <Card title="Destinations" wide>
    <p class="muted">Where alerts go. A destination with an owner gets the alerts of that owner's accounts; the default destinations (no owner) get the rest.</p>
    {destinations.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Kind</th>
              <th>Where</th>
              <th>Owner</th>
              <th>Digest</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {destinations.map((d) => (
              <tr>
                <td>
                  <span class="badge">{kindLabel(d.kind)}</span>
                </td>
                <td class="mono">{shownTarget(d)}</td>
                <td>{d.owner ?? <span class="muted">default</span>}</td>
                <td>{d.digest ? 'yes, daily' : 'no'}</td>
                <td class="row-actions">
                  {viewer.role === 'admin' ? (
                    <>
                      {alertsOn ? (
                        <form method="post" action={`/app/alerts/destinations/${encodeURIComponent(d.id)}/test`} class="inline">
                          <Csrf viewer={viewer} />
                          <button type="submit" class="secondary small">
                            Send test
                          </button>
                        </form>
                      ) : null}
                      <form method="post" action={`/app/alerts/destinations/${encodeURIComponent(d.id)}/remove`} class="inline" data-confirm={`Remove this ${kindLabel(d.kind)} destination? No further alerts go to it.`}>
                        <Csrf viewer={viewer} />
                        <button type="submit" class="danger small">
                          Remove
                        </button>
                      </form>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>No destinations yet: alerts have nowhere to go.</Empty>
    )}
    {viewer.role === 'admin' ? (
      <form method="post" action="/app/alerts/destinations" class="stack add-form">
        <h3>Add a destination</h3>
        <Csrf viewer={viewer} />
        <div class="row">
          <label>
            Kind
            <select name="kind">
              <option value="slack">Slack (incoming webhook URL)</option>
              <option value="webhook">Webhook (signed JSON POST)</option>
              <option value="email">E-mail</option>
            </select>
          </label>
          <label class="grow">
            Slack or webhook URL, or e-mail address
            <input name="target" maxlength={500} required placeholder="https://hooks.slack.com/services/…" autocomplete="off" />
          </label>
          <label>
            Owner e-mail (empty: default)
            <input type="email" name="owner" maxlength={254} placeholder="ana@vendor.com" autocomplete="off" />
          </label>
        </div>
        <label class="check">
          <span>
            <input type="checkbox" name="digest" value="on" /> One daily digest instead of single alerts
          </span>
        </label>
        <div>
          <button type="submit">Add destination</button>
        </div>
      </form>
    ) : null}
  </Card>
);

export const Rules = ({ s, viewer }: { s: AlertSettings; viewer: Viewer }) => (
  <Card title="Rules and noise" wide>
    <form method="post" action="/app/alerts/settings" class="stack">
      <Csrf viewer={viewer} />
      <fieldset class="plain" disabled={viewer.role !== 'admin'}>
        <div class="stack">
          <div class="row">
            {RULES.map((r) => (
              <label class="check">
                <span>
                  <input type="checkbox" name={`rule_${r}`} value="on" checked={s.rules[r]} /> {RULE_LABELS[r]}
                </span>
              </label>
            ))}
          </div>
          <div class="row">
            <label>
              Back after (days)
              <input type="number" name="return_days" min={1} max={365} step={1} value={String(s.returnDays)} class="short" />
            </label>
            <label>
              At most one alert per account and rule every (hours, 0: no limit)
              <input type="number" name="window_hours" min={0} max={720} step="any" value={String(s.windowHours)} class="short" />
            </label>
            <label title="A visit's reasons (first visit, pricing, a form …) go in one alert once the visit has been quiet this long; a form sends at once; 0: no wait">
              One alert per visit: wait for (minutes of quiet)
              <input type="number" name="hold_minutes" min={0} max={60} step="any" value={String(s.holdMinutes)} class="short" />
            </label>
            <label>
              Surge factor (this week ÷ last week)
              <input type="number" name="surge_factor" min={1} max={100} step="any" value={String(s.surge.factor)} class="short" />
            </label>
            <label>
              Surge minimum points
              <input type="number" name="surge_min_points" min={0} max={100000} step="any" value={String(s.surge.minPoints)} class="short" />
            </label>
          </div>
          <label class="grow">
            High-intent pages: URL path fragments, one per line
            <textarea name="intent_patterns" class="short">
              {s.intentPatterns.join('\n')}
            </textarea>
          </label>
          <div class="row">
            <label>
              Quiet hours from (empty: none)
              <input type="time" name="quiet_start" value={s.quietHours?.start ?? ''} />
            </label>
            <label>
              to
              <input type="time" name="quiet_end" value={s.quietHours?.end ?? ''} />
            </label>
            <label>
              Time zone (IANA, such as Europe/Berlin)
              <input name="time_zone" maxlength={64} value={s.timeZone} required />
            </label>
            <label>
              Digest hour (0–23, local)
              <input type="number" name="digest_hour" min={0} max={23} step={1} value={String(s.digestHour)} class="short" />
            </label>
          </div>
        </div>
      </fieldset>
      {viewer.role === 'admin' ? (
        <div>
          <button type="submit">Save rules</button>
        </div>
      ) : (
        <p class="muted">Only an admin can change the rules.</p>
      )}
    </form>
  </Card>
);

export const AccountCell = ({ row, name }: { row: OutboxRow; name: string | null }) =>
  row.accountId ? <a href={accountHref(row.accountId)}>{name ?? row.accountId}</a> : <span class="muted">–</span>;

export const DeadLetters = ({ rows, destinations, viewer, now }: { rows: OutboxRow[]; destinations: Map<string, AlertDestinationRow>; viewer: Viewer; now: number }) => (
  <Card title="Dead letters" wide>
    <p class="muted">Alerts whose every delivery attempt failed. Fix the destination, then retry: the alert goes back into the queue.</p>
    {rows.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Time</th>
              <th>Rule</th>
              <th>Account</th>
              <th>Destination</th>
              <th class="num">Attempts</th>
              <th>Last error</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const dest = destinations.get(r.destinationId);
              const p = readOutboxPayload(r.payload);
              return (
                <tr>
                  <td class="nowrap"><When at={r.createdAt} now={now} /></td>
                  <td>{(p.rules.length ? p.rules : [r.rule]).map((x) => RULE_LABELS[x as keyof typeof RULE_LABELS] ?? x).join(' · ')}</td>
                  <td>
                    <AccountCell row={r} name={p.account} />
                  </td>
                  <td>{dest ? `${kindLabel(dest.kind)} · ${shownTarget(dest)}` : <span class="muted">removed</span>}</td>
                  <td class="num">{r.attempts}</td>
                  <td class="error-text">{r.lastError ?? ''}</td>
                  <td class="row-actions">
                    {viewer.role === 'admin' ? (
                      <form method="post" action={`/app/alerts/${encodeURIComponent(r.id)}/retry`} class="inline">
                        <Csrf viewer={viewer} />
                        <button type="submit" class="secondary small">
                          Retry
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>No dead letters: every alert was delivered or is still being tried.</Empty>
    )}
  </Card>
);

export const Recent = ({ rows, now }: { rows: OutboxRow[]; now: number }) => (
  <Card title="Recent alerts" wide>
    {rows.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Created</th>
              <th>Status</th>
              <th>Summary</th>
              <th>Account</th>
              <th>Sent</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const p = readOutboxPayload(r.payload);
              return (
                <tr>
                  <td class="nowrap"><When at={r.createdAt} now={now} /></td>
                  <td>
                    <span class={`badge alert-${r.status}`}>{r.status}</span>
                  </td>
                  <td>{p.summary || <span class="muted">{r.rule}</span>}</td>
                  <td>
                    <AccountCell row={r} name={p.account} />
                  </td>
                  <td class="nowrap"><When at={r.sentAt} now={now} empty="not yet" /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>No alerts yet.</Empty>
    )}
  </Card>
);

/** The page shown once after adding a webhook: its signing secret, and how to check a signature. */
export const WebhookSecret = ({ viewer, destination, secret }: { viewer: Viewer; destination: AlertDestinationRow; secret: string }) => (
  <Layout title="Webhook added" section="alerts" viewer={viewer}>
    <PageHead title="Webhook added" sub={destination.target}>
      <a class="button secondary" href="/app/alerts">
        Back to alerts
      </a>
    </PageHead>
    <p class="flash ok">The webhook was added. Copy its signing secret now: it is not shown again.</p>
    <Card title="Signing secret">
      <div class="card-head">
        <span class="muted">Keep it on the receiving server only.</span>
        <button type="button" class="secondary" data-copy="webhook-secret">
          Copy
        </button>
      </div>
      <pre class="snippet" id="webhook-secret">
        {secret}
      </pre>
      <h3>Checking a request</h3>
      <p>Every alert is a JSON POST with these headers:</p>
      <pre class="snippet">{'X-ABM-Timestamp: <unix seconds>\nX-ABM-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>'}</pre>
      <p class="muted">
        Compute the HMAC-SHA256 with the secret above (as text) over the timestamp, a dot and the raw request body, exactly as received; compare it in constant time with
        the value after <code>v1=</code>, and refuse timestamps more than five minutes off, so that a recorded request cannot be replayed. <code>X-ABM-Idempotency-Key</code>{' '}
        stays the same when a delivery is retried: use it to ignore duplicates.
      </p>
    </Card>
  </Layout>
);

/**
 * `/app/alerts`: where alerts go (with a test send), the rules and noise control, the dead
 * letters with a retry, and the newest alerts. Viewers look; admins change.
 */
