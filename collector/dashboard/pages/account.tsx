import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { automaticStage, isStage, type AutomaticStage } from '../../accounts/index.js';
import { TOUCH_MODELS, type TouchModel } from '../../attribution/index.js';
import { accountReport, scoreHistory, type AccountReport } from '../../reports/index.js';
import { utcDay } from '../../store/index.js';
import { BarList, LineChart } from '../charts.js';
import { Card, Csrf, Empty, ExtLink, Flash, Layout, PageHead, PeriodForm, StageBadge, Tile } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtDay, fmtDuration, fmtInt, fmtNum, fmtPct, fmtTime, qs, shortUrl } from '../format.js';
import { periodOf } from '../period.js';
import type { DashboardEnv, Viewer } from '../session.js';

const DAY = 86_400_000;
type Session = AccountReport['sessions'][number];

const stageLabel = (s: string) => (s === 'mqa' ? 'MQA' : s ? s[0]!.toUpperCase() + s.slice(1) : s);
const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
/** A domain shown as a link only when it looks like a host name (letters, digits, dots and hyphens). */
const isHostname = (s: string | null): s is string => !!s && s.length <= 253 && /^(?=[a-z0-9])(?:[a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i.test(s);
const accountPath = (id: string) => `/app/accounts/${encodeURIComponent(id)}`;
const isoDay = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

const SOURCES: Record<string, string> = { auto: 'Engagement (automatic)', api: 'Set by hand', csv: 'CRM import' };
const MODELS: Record<TouchModel, string> = { first_touch: 'First touch', last_touch: 'Last touch', linear: 'Linear', time_decay: 'Time decay' };
const VIA: Record<string, string> = { network: 'Network (IP)', email: 'E-mail domain', domain: 'Domain', manual: 'By hand' };

/** Where engagement alone would put the account now: the stage evaluation's reading, for one account. */
async function automaticStageOf(d: DashboardDeps, id: string, visited: boolean): Promise<AutomaticStage> {
  const now = d.now();
  const toDay = utcDay(now);
  const fromDay = utcDay(now - (d.stages.windowDays - 1) * DAY);
  const days = await d.store.accountDays({ from: fromDay, to: toDay, accountId: id });
  const score = scoreHistory(days, fromDay, toDay, d.reading).at(-1)?.score ?? 0;
  return automaticStage({ visited, score, activeDays: new Set(days.map((x) => x.day)).size }, d.stages);
}

/** Pages read across the period's sessions, most read first: views, time on page, last read. */
function pagesRead(sessions: readonly Session[]) {
  const byUrl = new Map<string, { url: string; title: string | null; views: number; timeMs: number; last: number }>();
  for (const s of sessions)
    for (const p of s.pages) {
      const row = byUrl.get(p.url) ?? { url: p.url, title: p.title, views: 0, timeMs: 0, last: 0 };
      row.views += 1;
      row.timeMs += p.time_ms ?? 0;
      row.last = Math.max(row.last, ms(p.at) ?? 0);
      if (!row.title && p.title) row.title = p.title;
      byUrl.set(p.url, row);
    }
  return [...byUrl.values()].sort((a, b) => b.views - a.views || b.timeMs - a.timeMs || b.last - a.last);
}

const NotFound: FC<{ viewer: Viewer; id: string }> = ({ viewer, id }) => (
  <Layout title="Account not found" section="accounts" viewer={viewer}>
    <PageHead title="Account not found" />
    <Card>
      <Empty>
        No account has the id <span class="mono">{id.slice(0, 64)}</span>. It may have been merged or removed. <a href="/app/accounts">All accounts</a>
      </Empty>
    </Card>
  </Layout>
);

const Forbidden: FC<{ viewer: Viewer; id: string }> = ({ viewer, id }) => (
  <Layout title="Not allowed" section="accounts" viewer={viewer}>
    <PageHead title="Not allowed" />
    <Card>
      <Empty>
        Only an admin can change an account's stage. <a href={accountPath(id)}>Back to the account</a>
      </Empty>
    </Card>
  </Layout>
);

/** The flash after a stage change: fixed sentences chosen by code, never text from the URL. */
function flashOf(q: Record<string, string | undefined>): { ok?: string; error?: string } {
  if (q.ok && isStage(q.ok)) return { ok: q.how === 'auto' ? `Back to automatic stages: engagement puts this account at ${stageLabel(q.ok)}.` : `Stage set to ${stageLabel(q.ok)}.` };
  if (q.ok === 'same') return { ok: 'The account is already at that stage: nothing changed.' };
  if (q.error === 'stage') return { error: 'Pick a stage to set.' };
  if (q.error === 'race') return { error: 'The stage changed meanwhile. Look at it again and retry.' };
  return {};
}

const Header: FC<{ r: AccountReport }> = ({ r }) => (
  <span class="acct-meta">
    {isHostname(r.domain) ? <ExtLink url={`https://${r.domain}`} text={r.domain} /> : r.domain ? <span>{r.domain}</span> : null}
    {r.target ? <span class="badge target">target</span> : <span class="badge">not a target</span>}
    {r.tier ? <span class="badge">Tier {r.tier}</span> : null}
    {r.owner ? <span>Owner: {r.owner}</span> : null}
    <span>
      <StageBadge stage={r.stage} />
      {r.stage_changed_at ? <small> since {fmtDay(r.stage_changed_at)}</small> : null}
    </span>
    <small>
      First seen {fmtDay(r.first_seen)} · last seen {fmtTime(r.last_seen)}
    </small>
    {r.aliases.length ? <small>Also known as {r.aliases.join(', ')}</small> : null}
  </span>
);

const WhatTheyRead: FC<{ r: AccountReport }> = ({ r }) => {
  const pages = pagesRead(r.sessions).slice(0, 12);
  const downloads = r.sessions.flatMap((s) => s.downloads).sort((a, b) => (ms(b.at) ?? 0) - (ms(a.at) ?? 0));
  const forms = r.sessions.flatMap((s) => s.forms).sort((a, b) => (ms(b.at) ?? 0) - (ms(a.at) ?? 0));
  if (!pages.length && !downloads.length && !forms.length) return <Empty>Nothing read in this period.</Empty>;
  return (
    <div class="stack">
      {forms.length ? (
        <ul class="hits">
          {forms.map((f) => (
            <li>
              <span class="badge stage-mqa">form</span> <span class="mono">{f.form_id ?? 'unnamed form'}</span> <small>on</small> <ExtLink url={f.url} max={50} /> <small>{fmtTime(f.at)}</small>
            </li>
          ))}
        </ul>
      ) : null}
      {downloads.length ? (
        <ul class="hits">
          {downloads.map((dl) => (
            <li>
              <span class="badge stage-engaged">download</span> <ExtLink url={dl.href} text={dl.text} max={60} /> <small>{fmtTime(dl.at)}</small>
            </li>
          ))}
        </ul>
      ) : null}
      {pages.length ? (
        <table>
          <thead>
            <tr>
              <th>Page</th>
              <th class="num">Views</th>
              <th class="num">Time</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((p) => (
              <tr>
                <td>
                  <div>{p.title || shortUrl(p.url, 60)}</div>
                  <small>
                    <ExtLink url={p.url} max={60} />
                  </small>
                </td>
                <td class="num">{fmtInt(p.views)}</td>
                <td class="num nowrap">{fmtDuration(p.timeMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
};

const Timeline: FC<{ sessions: readonly Session[] }> = ({ sessions }) => {
  const sorted = [...sessions].sort((a, b) => (ms(b.started_at) ?? 0) - (ms(a.started_at) ?? 0));
  if (!sorted.length) return <Empty>No visits in this period.</Empty>;
  return (
    <ol class="timeline">
      {sorted.map((s) => (
        <li>
          <div class="tl-head">
            <strong>{fmtTime(s.started_at)}</strong>
            <span class="badge">{s.channel ?? 'Unassigned'}</span>
            {s.campaign ? (
              <span>
                <small>campaign</small> {s.campaign}
              </span>
            ) : null}
            {s.source || s.medium ? (
              <small>
                {s.source ?? '–'} / {s.medium ?? '–'}
              </small>
            ) : null}
          </div>
          {s.landing_url ? (
            <div>
              <small>Landed on</small> <ExtLink url={s.landing_url} max={70} />
            </div>
          ) : null}
          {s.pages.length ? (
            <ol>
              {s.pages.map((p) => (
                <li>
                  {p.title ? <span>{p.title}</span> : null} <ExtLink url={p.url} max={60} /> <small>{fmtDuration(p.time_ms)}</small>
                </li>
              ))}
            </ol>
          ) : null}
          {s.downloads.length || s.forms.length ? (
            <ul class="hits">
              {s.downloads.map((dl) => (
                <li>
                  <span class="badge stage-engaged">download</span> <ExtLink url={dl.href} text={dl.text} max={60} />
                </li>
              ))}
              {s.forms.map((f) => (
                <li>
                  <span class="badge stage-mqa">form</span> <span class="mono">{f.form_id ?? 'unnamed form'}</span> <small>on</small> <ExtLink url={f.url} max={50} />
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
};

const People: FC<{ r: AccountReport }> = ({ r }) => (
  <>
    {r.people.known.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>E-mail domain</th>
              <th>Job title</th>
              <th>Role level</th>
              <th>First seen</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {r.people.known.map((p) => (
              <tr>
                <td>{p.email_domain ?? '–'}</td>
                <td>{p.job_title ?? <span class="muted">–</span>}</td>
                <td>{p.role_level ? <span class="badge">{p.role_level === 'c_level' ? 'C-level' : p.role_level === 'vp' ? 'VP' : stageLabel(p.role_level)}</span> : <span class="muted">–</span>}</td>
                <td class="nowrap">{fmtDay(p.first_seen)}</td>
                <td class="nowrap">{fmtDay(p.last_seen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>No one from this account has given an e-mail address yet.</Empty>
    )}
    <p class="muted">
      {fmtInt(r.people.anonymous_visitors)} anonymous {r.people.anonymous_visitors === 1 ? 'visitor' : 'visitors'} in this period.
    </p>
  </>
);

const Channels: FC<{ r: AccountReport }> = ({ r }) => {
  if (!r.channels.length) return <Empty>No sessions in this period.</Empty>;
  const channels = [...new Set(TOUCH_MODELS.flatMap((m) => r.attribution[m].map((x) => x.channel)))];
  const credit = (m: TouchModel, ch: string) => r.attribution[m].find((x) => x.channel === ch)?.credit ?? 0;
  return (
    <div class="stack">
      <BarList rows={r.channels.map((ch) => ({ label: ch.channel, value: ch.sessions, note: ch.sessions === 1 ? 'session' : 'sessions' }))} />
      {channels.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Credit</th>
                {TOUCH_MODELS.map((m) => (
                  <th class="num">{MODELS[m]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {channels.map((ch) => (
                <tr>
                  <td>{ch}</td>
                  {TOUCH_MODELS.map((m) => (
                    <td class="num">{fmtPct(credit(m, ch))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
};

const Identification: FC<{ r: AccountReport }> = ({ r }) =>
  r.identification.length ? (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>Via</th>
            <th>Source</th>
            <th>Network</th>
            <th>Organization</th>
            <th class="num">Events</th>
            <th class="num">Confidence</th>
          </tr>
        </thead>
        <tbody>
          {r.identification.map((i) => (
            <tr>
              <td>{i.via ? (VIA[i.via] ?? i.via) : '–'}</td>
              <td>{i.source ?? '–'}</td>
              <td>{i.network_class ?? '–'}</td>
              <td>{i.organization ?? '–'}</td>
              <td class="num">{fmtInt(i.events)}</td>
              <td class="num">{fmtPct(i.confidence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : (
    <Empty>No events identified this account yet (it is on the target list).</Empty>
  );

const StageCard: FC<{ r: AccountReport; viewer: Viewer; automatic: AutomaticStage | null }> = ({ r, viewer, automatic }) => (
  <>
    {viewer.role === 'admin' ? (
      <form method="post" action={`${accountPath(r.id)}/stage`} class="filters stage-form">
        <Csrf viewer={viewer} />
        <input type="hidden" name="from" value={r.from} />
        <input type="hidden" name="to" value={r.to} />
        <label>
          Set stage
          <select name="stage">
            <option value="opportunity" selected={r.stage !== 'opportunity'}>
              Opportunity
            </option>
            <option value="customer" selected={r.stage === 'opportunity'}>
              Customer
            </option>
            {automatic ? <option value="auto">{`Automatic (engagement says ${stageLabel(automatic)})`}</option> : null}
          </select>
        </label>
        <label>
          Reason <input type="text" name="reason" maxlength={200} placeholder="e.g. deal opened in the CRM" />
        </label>
        <button type="submit">Save stage</button>
      </form>
    ) : null}
    {r.stage_changes.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Change</th>
              <th>When</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {r.stage_changes.map((s) => (
              <tr>
                <td class="nowrap">
                  <StageBadge stage={s.from} /> → <StageBadge stage={s.to} />
                </td>
                <td class="nowrap">
                  {fmtTime(s.at)}
                  <br />
                  <small>{SOURCES[s.source] ?? s.source}</small>
                </td>
                <td>{s.reason ?? <span class="muted">–</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>No stage changes yet.</Empty>
    )}
  </>
);

/** `GET /app/accounts/:id`: one account, whole, over the period; `POST /app/accounts/:id/stage` (admins) sets its stage. */
export function accountRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get('/app/accounts/:id', async (c) => {
    const viewer = c.get('viewer');
    const id = c.req.param('id');
    const period = periodOf({ from: c.req.query('from'), to: c.req.query('to') }, d.now());
    const r = await accountReport(d.store, id, period, d.reading);
    if (!r) return c.html(<NotFound viewer={viewer} id={id} />, 404);
    const automatic = viewer.role === 'admin' ? await automaticStageOf(d, r.id, r.last_seen !== null) : null;
    const flash = flashOf(c.req.query());
    const history: [string, number][] = r.score_history.map((h) => [h.day, h.score]);
    return c.html(
      <Layout title={r.name} section="accounts" viewer={viewer}>
        <p class="crumbs">
          <a href="/app/accounts">← Accounts</a>
        </p>
        <PageHead title={r.name} sub={<Header r={r} />}>
          <PeriodForm action={accountPath(r.id)} from={r.from} to={r.to} />
        </PageHead>
        <Flash ok={flash.ok} error={flash.error} />
        <div class="tiles">
          <Tile label="Score" value={fmtNum(r.score)} note={`at the end of ${r.to}`} help="Engagement score: points for what was read and done, weighted by seniority, halved every half-life" />
          <Tile label="Visits" value={fmtInt(r.totals.visits)} note={`${fmtInt(r.people.anonymous_visitors + r.people.known.length)} people seen`} />
          <Tile label="Page views" value={fmtInt(r.totals.page_views)} />
          <Tile label="Downloads" value={fmtInt(r.totals.downloads)} />
          <Tile label="Forms" value={fmtInt(r.totals.forms)} />
          <Tile label="Time engaged" value={fmtDuration(r.totals.engaged_ms)} />
        </div>
        <div class="grid2">
          <Card title="What they read">
            <WhatTheyRead r={r} />
          </Card>
          <div>
            <Card title="Score trend">
              <LineChart points={history} label={`Engagement score of ${r.name}, ${r.from} to ${r.to}`} />
            </Card>
            <Card title="Channels and attribution credit">
              <Channels r={r} />
            </Card>
          </div>
        </div>
        <Card title={`Visits, newest first (${fmtInt(r.sessions.length)})`}>
          <Timeline sessions={r.sessions} />
        </Card>
        <div class="grid2">
          <Card title="People and roles reached">
            <People r={r} />
          </Card>
          <Card title="Stage">
            <StageCard r={r} viewer={viewer} automatic={automatic} />
          </Card>
        </div>
        <Card title="How we identified them">
          <Identification r={r} />
        </Card>
      </Layout>,
    );
  });

  app.post('/app/accounts/:id/stage', async (c) => {
    const viewer = c.get('viewer');
    const id = c.req.param('id');
    if (viewer.role !== 'admin') return c.html(<Forbidden viewer={viewer} id={id} />, 403);
    const account = (await d.store.listAccounts({ limit: 1, ids: [id] }))[0];
    if (!account) return c.html(<NotFound viewer={viewer} id={id} />, 404);
    const body = await c.req.parseBody();
    const back = (p: Record<string, string>) => c.redirect(`${accountPath(id)}${qs({ from: isoDay(body.from), to: isoDay(body.to), ...p })}`, 303);
    const wanted = typeof body.stage === 'string' ? body.stage : '';
    let to: string;
    if (wanted === 'auto') to = await automaticStageOf(d, id, account.lastSeen !== null);
    else if (isStage(wanted)) to = wanted;
    else return back({ error: 'stage' });
    if (to === account.stage) return back({ ok: 'same' });
    const given = typeof body.reason === 'string' ? body.reason.trim() : '';
    const who = `in the dashboard${viewer.email ? ` by ${viewer.email}` : ''}`;
    const reason = (given ? `${given} (${who})` : wanted === 'auto' ? `back to automatic stages ${who}` : `set ${who}`).slice(0, 200);
    const applied = await d.store.changeStages([{ accountId: id, from: account.stage, to, at: d.now(), source: 'api', reason }]);
    return back(applied ? { ok: to, ...(wanted === 'auto' && { how: 'auto' }) } : { error: 'race' });
  });
  return app;
}
