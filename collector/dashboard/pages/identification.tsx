import { Hono } from 'hono';
import { DAILY_TREND_MAX_DAYS, identificationReport, type IdentificationClass, type IdentificationReport } from '../../reports/index.js';
import { LineChart } from '../charts.js';
import { Card, Empty, Flash, Layout, PageHead, PeriodForm, SiteSelect, Tile } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt, fmtPct, fmtRateChange, qs } from '../format.js';
import { pagePeriod, periodParams, periodText } from '../period.js';
import type { DashboardEnv } from '../session.js';
import { IDENTIFICATION_WORDS, WORDS } from '../words.js';

const LABELS: Record<IdentificationClass, string> = {
  target: 'Target accounts',
  company: 'Other companies',
  isp: 'Home internet',
  mobile: 'Mobile',
  hosting: 'Cloud and hosting',
  anonymiser: 'VPN and proxies',
  unknown: 'Unknown',
};

/** The classes as a table: visits, their share, and a bar in proportion to the largest class. */
const ClassTable = ({ r }: { r: IdentificationReport }) => {
  const max = Math.max(1, ...r.classes.map((c) => c.sessions));
  return (
    <div class="table-wrap">
      <table class="report">
        <thead>
          <tr>
            <th>Where visits came from</th>
            <th class="num" title={WORDS.visits}>
              Visits
            </th>
            <th class="num" title="This class's visits, of all visits (bots left out)">
              Share
            </th>
            <th aria-hidden="true"></th>
          </tr>
        </thead>
        <tbody>
          {r.classes.map((c) => (
            <tr data-class={c.class}>
              <td title={IDENTIFICATION_WORDS[c.class]}>{LABELS[c.class]}</td>
              <td class="num">{fmtInt(c.sessions)}</td>
              <td class="num">{fmtPct(c.share)}</td>
              <td>
                <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                  <rect class="bar" width={((c.sessions / max) * 100).toFixed(2)} height="10" rx="1" />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td title={IDENTIFICATION_WORDS.identified}>Identified</td>
            <td class="num">{fmtInt(r.identified)}</td>
            <td class="num">{fmtPct(r.share)}</td>
            <td>
              <small>of {fmtInt(r.sessions)} visits</small>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
};

/**
 * `GET /app/identification`: how much of the period's human traffic was identified — visits by
 * class, the share credited to a company and how it moved, for one site (`?site=`) or all.
 */
export function identificationRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/app/identification', async (c) => {
    const now = d.now();
    const period = pagePeriod(c, now);
    const sites = await d.store.listSites();
    const asked = c.req.query('site');
    // undefined: every site; null: a site that does not exist (nothing is shown for it).
    const site = asked ? (sites.find((s) => s.id === asked || s.key === asked) ?? null) : undefined;
    const r = site === null ? null : await identificationReport(d.store, { range: period, siteId: site?.id });
    const hidden = { site: site?.id };
    const weekly = (period.to - period.from) / 86_400_000 > DAILY_TREND_MAX_DAYS;
    const change = r && r.share !== null && r.previous.share !== null ? fmtRateChange(r.share, r.previous.share) : null;
    const vs = r ? `vs ${r.previous.from} – ${r.previous.to}` : '';

    return c.html(
      <Layout title="Identification" section="identification" viewer={c.get('viewer')} period={period}>
        <PageHead title="Identification" sub={`How much of the traffic was identified${site ? ` on ${site.name}` : ''} · ${periodText(period, now)}`}>
          {sites.length > 1 ? (
            <form method="get" action="/app/identification" class="filters">
              {Object.entries(periodParams(period)).map(([k, v]) => (
                <input type="hidden" name={k} value={v} />
              ))}
              <SiteSelect sites={sites} value={site?.id} />
              <button type="submit" class="secondary">
                Show
              </button>
            </form>
          ) : null}
          <PeriodForm action="/app/identification" period={period} now={now} hidden={hidden} />
        </PageHead>
        {r === null ? <Flash error="No site has that id or key: showing nothing. Pick a site from the list." /> : null}
        {r ? (
          <>
            <div class="tiles">
              <Tile
                label="Identified"
                value={fmtPct(r.share)}
                note={change ? `${change.text} ${vs}` : `${fmtInt(r.identified)} of ${fmtInt(r.sessions)} visits`}
                tone={change?.tone}
                help={`${IDENTIFICATION_WORDS.identified} Change in percentage points ${vs}.`}
              />
              <Tile label="Visits" value={fmtInt(r.sessions)} note={`${fmtInt(r.bots)} left out as bots`} help={WORDS.visits} />
              <Tile label="Identified visits" value={fmtInt(r.identified)} note={`${fmtInt(r.classes[0]!.sessions)} from target accounts`} help={IDENTIFICATION_WORDS.identified} />
              <Tile label="Previous period" value={fmtPct(r.previous.share)} note={`${fmtInt(r.previous.identified)} of ${fmtInt(r.previous.sessions)} visits, ${r.previous.from} – ${r.previous.to}`} />
            </div>

            <div class="grid2">
              <Card title="Visits by class">{r.sessions ? <ClassTable r={r} /> : <Empty>No visits in this period.</Empty>}</Card>
              <Card title={weekly ? 'Share identified, per week' : 'Share identified, per day'}>
                {r.sessions ? (
                  <LineChart points={r.trend.map((p) => [p.day, p.share ?? 0])} label={weekly ? 'Share of visits identified, per week (from its first day in the period)' : 'Share of visits identified, per day'} format={fmtPct} />
                ) : (
                  <Empty>No visits in this period.</Empty>
                )}
              </Card>
            </div>

            <p class="muted glossary">
              {(Object.keys(LABELS) as IdentificationClass[]).map((k) => `${IDENTIFICATION_WORDS[k]} `)}
              A visit credited to a company counts for it whatever its network; any other counts by the network of its first page.
            </p>
            <p class="muted">
              The same numbers as JSON: <a href={`/api/identification${qs({ from: period.fromDay, to: period.toDay, site: site?.id })}`}>GET /api/identification</a>.
            </p>
          </>
        ) : null}
      </Layout>,
    );
  });
  return app;
}
