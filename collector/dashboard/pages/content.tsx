import { Hono } from 'hono';
import { contentReport } from '../../reports/index.js';
import { Card, Empty, Layout, PageHead, PeriodForm, Tile, TitledLink } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt, fmtNum, fmtPct, qs } from '../format.js';
import { pagePeriod, periodParams, periodText } from '../period.js';
import type { DashboardEnv } from '../session.js';
import { WORDS } from '../words.js';

const KINDS = { page: 'Pages', asset: 'Downloads' } as const;
type Kind = keyof typeof KINDS;
const KIND_KEYS = Object.keys(KINDS) as Kind[];
/** Rows shown by default, and at most. */
const LIMITS = [100, 500, 1000] as const;

/** `GET /app/content`: pages and downloads by the target accounts they reached. */
export function contentRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/app/content', async (c) => {
    const query = c.req.query();
    const now = d.now();
    const period = pagePeriod(c, now);
    const kind: Kind | undefined = query.kind === 'page' || query.kind === 'asset' ? query.kind : undefined;
    const limit = LIMITS.find((l) => String(l) === query.limit) ?? LIMITS[0];
    const report = await contentReport(d.store, { range: period, limit, kind });
    const rows = report.content;
    const reached = rows.filter((r) => r.target_accounts > 0);
    const best = reached[0];
    const here = (over: Record<string, string | number | undefined>) =>
      `/app/content${qs({ ...periodParams(period), kind, limit: limit === LIMITS[0] ? undefined : limit, ...over })}`;
    const csv = `/api/content${qs({ format: 'csv', from: period.fromDay, to: period.toDay, kind, limit })}`;
    const next = LIMITS.find((l) => l > limit);

    return c.html(
      <Layout title="Content" section="content" viewer={c.get('viewer')} period={period}>
        <PageHead title="Content" sub={`What target accounts read and downloaded · ${periodText(period, now)}`}>
          <PeriodForm
            action="/app/content"
            period={period}
            now={now}
            hidden={{ kind, limit: limit === LIMITS[0] ? undefined : String(limit) }}
          />
          <a class="button secondary" href={csv} download>
            Download CSV
          </a>
        </PageHead>

        <div class="tiles">
          <Tile label="Target accounts" value={fmtInt(report.target_accounts)} note="on the list" help="Accounts on the target list" />
          <Tile label={kind ? `${KINDS[kind]} read` : 'Pages and downloads'} value={fmtInt(rows.length)} note={rows.length >= limit ? `the first ${fmtInt(limit)}` : 'with a view in the period'} />
          <Tile label="Reaching target accounts" value={fmtInt(reached.length)} note="read by at least one" />
          <Tile
            label="Widest reach"
            value={best ? fmtPct(best.target_share) : '–'}
            note={best ? <span class="clip">{best.title ?? best.url}</span> : 'no target account read anything'}
            help={best ? `The share of target accounts that read ${best.url}` : 'The share of target accounts that read the most-read page or download'}
          />
        </div>

        <Card
          title={kind ? KINDS[kind] : 'Pages and downloads'}
          actions={
            <span class="tabs">
              <a href={here({ kind: undefined })} class={kind ? undefined : 'on'} aria-current={kind ? undefined : 'true'}>
                All
              </a>
              {KIND_KEYS.map((k) => (
                <a href={here({ kind: k })} class={k === kind ? 'on' : undefined} aria-current={k === kind ? 'true' : undefined}>
                  {KINDS[k]}
                </a>
              ))}
            </span>
          }
        >
          {rows.length ? (
            <div class="table-wrap">
              <table class="report">
                <thead>
                  <tr>
                    <th>Page or asset</th>
                    <th>Kind</th>
                    <th class="num" title={WORDS.reached}>
                      Target accounts
                    </th>
                    <th class="num" title="Target accounts reached, of all target accounts">
                      Share of targets
                    </th>
                    <th class="num" title="Distinct people per target account reached">
                      People / account
                    </th>
                    <th class="num" title={WORDS.companies}>
                      Companies
                    </th>
                    <th class="num" title="Distinct visitors (browsers), from any company or none">
                      All visitors
                    </th>
                    <th class="num" title="Page views (downloads, for an asset) by every visitor, bots left out">
                      All views
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td>
                        <TitledLink title={r.title} url={r.url} max={90} />
                      </td>
                      <td>
                        <span class="badge">{r.kind === 'asset' ? 'download' : 'page'}</span>
                      </td>
                      <td class="num">{fmtInt(r.target_accounts)}</td>
                      <td class="num">{fmtPct(r.target_share)}</td>
                      <td class="num">{r.target_accounts ? fmtNum(r.people_per_target_account) : '–'}</td>
                      <td class="num">{fmtInt(r.accounts)}</td>
                      <td class="num">{fmtInt(r.visitors)}</td>
                      <td class="num">{fmtInt(r.views)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{kind === 'asset' ? 'No downloads in this period.' : kind === 'page' ? 'No page views in this period.' : 'No page views or downloads in this period.'}</Empty>
          )}
          {rows.length >= limit ? (
            <p class="muted more">
              {`Showing the first ${fmtInt(limit)}, by target accounts reached. `}
              {next ? <a href={here({ limit: next })}>{`Show ${fmtInt(next)}`}</a> : 'Download the CSV for a longer list.'}
            </p>
          ) : null}
          <p class="muted more">Bots are left out. Page addresses are shown without their query string; downloads by their link.</p>
        </Card>
      </Layout>,
    );
  });
  return app;
}
