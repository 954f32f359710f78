import { Hono } from 'hono';
import { TOUCH_MODELS, type TouchModel } from '../../attribution/index.js';
import { attributionReport, campaignReport, type AttributionReport, type SessionSource } from '../../reports/index.js';
import { BarList } from '../charts.js';
import { Card, Empty, Layout, PageHead, PeriodForm, Tile } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt, fmtNum, fmtPct, qs } from '../format.js';
import { pagePeriod, periodParams, periodText } from '../period.js';
import type { DashboardEnv } from '../session.js';
import { WORDS } from '../words.js';

const MODEL_LABELS: Record<TouchModel, string> = { first_touch: 'First touch', last_touch: 'Last touch', linear: 'Linear', time_decay: 'Time decay' };
const MODEL_HELP: Record<TouchModel, string> = {
  first_touch: 'All of an account’s credit to the channel of its first visit in the period',
  last_touch: 'All of an account’s credit to the channel of its last visit in the period',
  linear: 'An account’s credit shared equally among its visits’ channels',
  time_decay: 'An account’s credit shared among its visits, later visits weighing more',
};
const VISIT_HELP = WORDS.visits;
type Scope = 'targets' | 'all';

/** `GET /app/channels`: where visits come from, which campaigns reached target accounts, and how each channel is credited. */
export function channelsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/app/channels', async (c) => {
    const query = c.req.query();
    const now = d.now();
    const period = pagePeriod(c, now);
    const scope: Scope = query.credit === 'all' ? 'all' : 'targets';
    const keep = periodParams(period);

    // The campaign and attribution reports read the same sessions: read them once.
    let sessions: ReturnType<SessionSource['accountSessions']> | undefined;
    const once: SessionSource = { accountSessions: (q) => (sessions ??= d.store.accountSessions(q)) };
    const [channels, campaigns, ...models] = await Promise.all([
      d.store.channelBreakdown({ from: period.from, to: period.to }),
      campaignReport(once, period),
      ...TOUCH_MODELS.map((m) => attributionReport(once, period, m)),
    ]);
    const attribution = new Map<TouchModel, AttributionReport>(models.map((r) => [r.model, r]));
    const credit = (m: TouchModel, channel: string) => {
      const row = attribution.get(m)?.channels.find((x) => x.channel === channel);
      return row ? (scope === 'all' ? row.credit : row.target_credit) : 0;
    };
    const linear = attribution.get('linear');
    const credited = [...new Set(models.flatMap((r) => r.channels.map((x) => x.channel)))].sort(
      (a, b) => credit('linear', b) - credit('linear', a) || a.localeCompare(b),
    );
    const creditTotal = scope === 'all' ? (linear?.accounts ?? 0) : (linear?.target_accounts ?? 0);

    const totalSessions = channels.reduce((n, r) => n + r.sessions, 0);
    const top = channels[0];
    const topTargets = [...channels].sort((a, b) => b.targetAccounts - a.targetAccounts || b.sessions - a.sessions)[0];
    const csv = (path: string, extra: Record<string, string> = {}) => `${path}${qs({ format: 'csv', from: period.fromDay, to: period.toDay, ...extra })}`;
    const here = (over: Record<string, string | undefined>) => `/app/channels${qs({ ...keep, credit: scope === 'all' ? 'all' : undefined, ...over })}`;

    return c.html(
      <Layout title="Channels" section="channels" viewer={c.get('viewer')} period={period}>
        <PageHead title="Channels" sub={`Where visits come from and which reach target accounts · ${periodText(period, now)}`}>
          <PeriodForm action="/app/channels" period={period} now={now} hidden={{ credit: scope === 'all' ? 'all' : undefined }} />
          <a class="button secondary" href={csv('/api/channels')} download>
            Download CSV
          </a>
        </PageHead>

        <div class="tiles">
          <Tile label="Visits" value={fmtInt(totalSessions)} note="bots left out" help={VISIT_HELP} />
          <Tile label="Channels" value={fmtInt(channels.length)} note="with a visit" />
          <Tile label="Top channel" value={<span class="clip">{top?.channel ?? '–'}</span>} note={top ? `${fmtPct(top.sessions / totalSessions)} of visits` : 'no visits'} />
          <Tile
            label="Most target accounts"
            value={<span class="clip">{topTargets && topTargets.targetAccounts > 0 ? topTargets.channel : '–'}</span>}
            note={topTargets && topTargets.targetAccounts > 0 ? `${fmtInt(topTargets.targetAccounts)} target accounts` : 'none reached'}
          />
          <Tile label="Campaigns" value={fmtInt(campaigns.campaigns.length)} note={`${fmtInt(campaigns.campaigns.filter((x) => x.target_accounts > 0).length)} reached target accounts`} />
        </div>

        <Card title="Channels" actions={<a href={csv('/api/channels')}>CSV</a>}>
          {channels.length ? (
            <div class="table-wrap">
              <table class="report">
                <thead>
                  <tr>
                    <th>Channel</th>
                    <th class="num" title={VISIT_HELP}>
                      Visits
                    </th>
                    <th class="num" title="This channel's visits, of all visits">
                      Share
                    </th>
                    <th class="num">Visitors</th>
                    <th class="num" title={WORDS.companies}>
                      Companies
                    </th>
                    <th class="num">Target accounts</th>
                  </tr>
                </thead>
                <tbody>
                  {channels.map((r) => (
                    <tr>
                      <td>{r.channel}</td>
                      <td class="num">{fmtInt(r.sessions)}</td>
                      <td class="num">{fmtPct(totalSessions ? r.sessions / totalSessions : null)}</td>
                      <td class="num">{fmtInt(r.visitors)}</td>
                      <td class="num">{fmtInt(r.accounts)}</td>
                      <td class="num">{fmtInt(r.targetAccounts)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td>Total</td>
                    <td class="num">{fmtInt(totalSessions)}</td>
                    <td class="num">{fmtPct(1)}</td>
                    <td class="num" colspan={3}>
                      <small>people and accounts can come through several channels</small>
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          ) : (
            <Empty>No visits in this period.</Empty>
          )}
        </Card>

        <div class="grid2">
          <Card title="Visits by channel">
            {channels.length ? (
              <BarList rows={channels.map((r) => ({ label: r.channel, value: r.sessions, note: `${fmtInt(r.targetAccounts)} target` }))} />
            ) : (
              <Empty>No visits in this period.</Empty>
            )}
          </Card>
          <Card title="Campaigns" actions={<a href={csv('/api/campaigns')}>CSV</a>}>
            {campaigns.campaigns.length ? (
              <div class="table-wrap">
                <table class="report">
                  <thead>
                    <tr>
                      <th>Campaign (utm_campaign)</th>
                      <th class="num" title={VISIT_HELP}>
                        Visits
                      </th>
                      <th class="num" title={WORDS.companies}>
                        Companies
                      </th>
                      <th class="num">Target accounts</th>
                    </tr>
                  </thead>
                  <tbody>
                    {campaigns.campaigns.map((x) => (
                      <tr>
                        <td>
                          <span class="mono">{x.campaign}</span>
                        </td>
                        <td class="num">{fmtInt(x.sessions)}</td>
                        <td class="num">{fmtInt(x.accounts)}</td>
                        <td class="num">{fmtInt(x.target_accounts)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>No identified company came through a tagged campaign (utm_campaign) in this period.</Empty>
            )}
          </Card>
        </div>

        <Card
          title="Attribution"
          actions={
            <span class="tabs">
              <a href={here({ credit: undefined })} class={scope === 'targets' ? 'on' : undefined} aria-current={scope === 'targets' ? 'true' : undefined}>
                Target accounts
              </a>
              <a href={here({ credit: 'all' })} class={scope === 'all' ? 'on' : undefined} aria-current={scope === 'all' ? 'true' : undefined}>
                All companies
              </a>
              <a href={csv('/api/attribution', { model: 'linear' })}>CSV</a>
            </span>
          }
        >
          <p class="muted">
            {scope === 'targets'
              ? `Each target account with a visit in the period (${fmtInt(creditTotal)}) gives one credit, shared among the channels that brought it by each model.`
              : `Each company with a visit in the period (${fmtInt(creditTotal)}) gives one credit, shared among the channels that brought it by each model.`}
          </p>
          {credited.length && creditTotal > 0 ? (
            <div class="table-wrap">
              <table class="report">
                <thead>
                  <tr>
                    <th>Channel</th>
                    {TOUCH_MODELS.map((m) => (
                      <th class="num" title={MODEL_HELP[m]}>
                        {MODEL_LABELS[m]}
                      </th>
                    ))}
                    <th class="num" title="Linear credit, of all credit">
                      Linear share
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {credited.map((ch) => (
                    <tr>
                      <td>{ch}</td>
                      {TOUCH_MODELS.map((m) => (
                        <td class="num">{fmtNum(credit(m, ch))}</td>
                      ))}
                      <td class="num">{fmtPct(creditTotal ? credit('linear', ch) / creditTotal : null)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{scope === 'targets' ? 'No target account visited in this period.' : 'No company visited in this period.'}</Empty>
          )}
        </Card>

      </Layout>,
    );
  });
  return app;
}
