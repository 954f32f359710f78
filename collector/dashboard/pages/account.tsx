import { Hono } from 'hono';
import { automaticStage, isStage, type AutomaticStage } from '../../accounts/index.js';
import { accountReport, accountsReading, scoreHistory } from '../../reports/index.js';
import { READING_MAX_PER_ACCOUNT, utcDay } from '../../store/index.js';
import { LineChart } from '../charts.js';
import { Card, Flash, Layout, PageHead, PeriodForm, Tile } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtDuration, fmtInt, fmtScore, qs } from '../format.js';
import { pagePeriod, periodParams, periodText } from '../period.js';
import { intentRules } from '../reading.js';
import type { DashboardEnv } from '../session.js';
import { WORDS } from '../words.js';
import { accountPath, Channels, flashOf, Forbidden, Header, Identification, NotFound, People, ReverseDns, StageCard } from './account-parts.js';
import { TIMELINE_PAGE, Timeline, WhatTheyRead } from './account-timeline.js';

const DAY = 86_400_000;
const isoDay = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
/** Pages and downloads listed under "What they read". */
const READ_SHOWN = 12;
/** The page's sessions offset: a whole multiple of the page size, not absurdly far. */
const offsetOf = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? Math.min(Math.floor(n / TIMELINE_PAGE) * TIMELINE_PAGE, 1_000_000) : 0;
};

/** Where engagement alone would put the account now: the stage evaluation's reading, for one account. */
async function automaticStageOf(d: DashboardDeps, id: string, visited: boolean): Promise<AutomaticStage> {
  const now = d.now();
  const toDay = utcDay(now);
  const fromDay = utcDay(now - (d.stages.windowDays - 1) * DAY);
  const days = await d.store.accountDays({ from: fromDay, to: toDay, accountId: id });
  const score = scoreHistory(days, fromDay, toDay, d.reading).at(-1)?.score ?? 0;
  return automaticStage({ visited, score, activeDays: new Set(days.map((x) => x.day)).size }, d.stages);
}

/**
 * `GET /app/accounts/:id`: one account over the period — who it is, who from it we know, what it
 * read, its score and channels, then its visits 20 at a time (`?visits=` offset, newest first);
 * `POST /app/accounts/:id/stage` (admins) sets its stage.
 */
export function accountRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get('/app/accounts/:id', async (c) => {
    const viewer = c.get('viewer');
    const id = c.req.param('id');
    const now = d.now();
    const period = pagePeriod(c, now);
    const offset = offsetOf(c.req.query('visits'));
    const [r, intent] = await Promise.all([accountReport(d.store, id, period, d.reading, { offset, limit: TIMELINE_PAGE }), intentRules(d)]);
    if (!r) return c.html(<NotFound viewer={viewer} id={id} />, 404);
    const [automatic, reading] = await Promise.all([
      viewer.role === 'admin' ? automaticStageOf(d, r.id, r.last_seen !== null) : null,
      accountsReading(d.store, { ids: [r.id], range: period, perAccount: READ_SHOWN, intent, depth: READING_MAX_PER_ACCOUNT }),
    ]);
    const flash = flashOf(c.req.query());
    const history: [string, number][] = r.score_history.map((h) => [h.day, h.score]);
    const keep = periodParams(period);
    const visitsHref = (o: number) => `${accountPath(r.id)}${qs({ ...keep, visits: o || undefined })}#visits`;
    const people = r.people.anonymous_visitors + r.people.known.length;
    return c.html(
      <Layout title={r.name} section="accounts" viewer={viewer} period={period}>
        <p class="crumbs">
          <a href={`/app/accounts${qs(keep)}`}>← Accounts</a>
        </p>
        <PageHead title={r.name} sub={<Header r={r} now={now} />}>
          <PeriodForm action={accountPath(r.id)} period={period} now={now} />
        </PageHead>
        <p class="muted period-line">{periodText(period, now)}</p>
        <Flash ok={flash.ok} error={flash.error} />
        <div class="tiles">
          <Tile label="Score" value={fmtScore(r.score)} note={`at the end of ${r.to}`} help={WORDS.score} />
          <Tile label="Visits" value={fmtInt(r.totals.visits)} note={`${fmtInt(people)} ${people === 1 ? 'person' : 'people'} seen`} help={WORDS.visits} />
          <Tile label="Page views" value={fmtInt(r.totals.page_views)} help={WORDS.pageViews} />
          <Tile label="Downloads" value={fmtInt(r.totals.downloads)} />
          <Tile label="Forms" value={fmtInt(r.totals.forms)} />
          <Tile label="Time engaged" value={fmtDuration(r.totals.engaged_ms)} help="Time the pages were visible in the browser, summed" />
        </div>
        <div class="grid2">
          <Card title="People and roles reached">
            <People r={r} now={now} />
          </Card>
          <Card title="What they read">
            <WhatTheyRead r={r} reading={reading.get(r.id)} now={now} />
          </Card>
        </div>
        <div class="grid2">
          <Card title="Score trend">
            <LineChart points={history} label={`Engagement score of ${r.name}, ${r.from} to ${r.to}`} format={fmtScore} />
          </Card>
          <Card title="Channels and attribution credit">
            <Channels r={r} />
          </Card>
        </div>
        <section class="card" id="visits">
          <div class="card-head">
            <h2>{`Visits, newest first (${fmtInt(r.sessions_total)})`}</h2>
          </div>
          <Timeline r={r} offset={offset} href={visitsHref} now={now} />
        </section>
        <div class="grid2">
          <Card title="Stage">
            <StageCard r={r} viewer={viewer} automatic={automatic} keep={keep} now={now} />
          </Card>
          <Card title="How we identified them">
            <Identification r={r} />
            <ReverseDns r={r} now={now} />
          </Card>
        </div>
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
    const period = typeof body.period === 'string' && /^[a-z0-9]{1,10}$/.test(body.period) ? body.period : undefined;
    const back = (p: Record<string, string>) => c.redirect(`${accountPath(id)}${qs({ period, from: isoDay(body.from), to: isoDay(body.to), ...p })}`, 303);
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
