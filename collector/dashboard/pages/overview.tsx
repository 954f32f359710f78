import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { accountsReading, contentReport, kpiReport, type ContentItem } from '../../reports/index.js';
import type { ChannelRow } from '../../store/index.js';
import { BarList, LineChart } from '../charts.js';
import { Card, Empty, Layout, PageHead, PeriodForm, TitledLink } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt, fmtPct, fmtScore, qs } from '../format.js';
import { isMine, myAccounts } from '../mine.js';
import { pagePeriod, periodParams, periodText, type Period } from '../period.js';
import { intentRules } from '../reading.js';
import type { DashboardEnv } from '../session.js';
import { WORDS } from '../words.js';
import { KpiTiles, UpliftTable } from './overview-kpis.js';
import { NewestVisits } from './overview-visits.js';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A query parameter worth keeping: trimmed, non-empty, not absurdly long. */
const param = (v: string | undefined, max = 254) => {
  const s = v?.trim();
  return s && s.length <= max ? s : undefined;
};

/** Every day of the period, oldest first. */
function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let t = p.from; t < p.to; t += DAY) out.push(isoDay(t));
  return out;
}

const accountHref = (id: string, keep: string) => `/app/accounts/${encodeURIComponent(id)}${keep}`;

/** The segment picker: tiers and owners of the target list. */
const SegmentSelect: FC<{ tiers: string[]; owners: string[]; tier: string | undefined; owner: string | undefined }> = ({ tiers, owners, tier, owner }) => (
  <>
    <label>
      Tier
      <select name="tier">
        <option value="">All tiers</option>
        {tiers.map((t) => (
          <option value={t} selected={t === tier}>
            {`Tier ${t}`}
          </option>
        ))}
        {tier && !tiers.includes(tier) ? (
          <option value={tier} selected>
            {`Tier ${tier}`}
          </option>
        ) : null}
      </select>
    </label>
    <label>
      Owner
      <select name="owner">
        <option value="">All owners</option>
        {owners.map((o) => (
          <option value={o} selected={o.toLowerCase() === owner?.toLowerCase()}>
            {o}
          </option>
        ))}
        {owner && !owners.some((o) => o.toLowerCase() === owner.toLowerCase()) ? (
          <option value={owner} selected>
            {owner}
          </option>
        ) : null}
      </select>
    </label>
  </>
);

/** Segments of the target list a viewer picks in one click: everything, or the accounts they own. */
const SegmentTabs: FC<{ mine: { email: string; count: number }; owner: string | undefined; href: (owner: string | undefined) => string }> = ({ mine, owner, href }) => {
  const on = isMine(owner, mine);
  return (
    <nav class="tabs segment" aria-label="Segment">
      <a href={href(undefined)} class={owner ? undefined : 'on'} aria-current={owner ? undefined : 'true'}>
        All target accounts
      </a>
      <a href={href(mine.email)} class={on ? 'on' : undefined} aria-current={on ? 'true' : undefined} data-mine="">
        {`My accounts (${fmtInt(mine.count)})`}
      </a>
    </nav>
  );
};

const TopContent: FC<{ items: ContentItem[]; targets: number }> = ({ items, targets }) =>
  items.length ? (
    <table class="report">
      <thead>
        <tr>
          <th>Page or asset</th>
          <th class="num" title={WORDS.reached}>
            Target accounts
          </th>
          <th class="num" title="Page views (downloads, for an asset) by visitors from target accounts">
            Views by targets
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr>
            <td>
              <TitledLink title={i.title} url={i.url} max={60} />
            </td>
            <td class="num" title={`${fmtPct(i.target_share)} of ${fmtInt(targets)} target accounts`}>
              {fmtInt(i.target_accounts)}
            </td>
            <td class="num">{fmtInt(i.views)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  ) : (
    <Empty>No target account read anything in this period.</Empty>
  );

/** `GET /app`: the programme at a glance — the funnel, its trend, where visits come from, what they read, who came last. */
export function overviewRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/app', async (c) => {
    const now = d.now();
    const query = c.req.query();
    const viewer = c.get('viewer');
    const period = pagePeriod(c, now);
    const tier = param(query.tier, 50);
    const owner = param(query.owner);
    // Links to other pages keep the period the marketer chose (and only then).
    const keep = qs(periodParams(period));

    const targets = await d.store.listTargets();
    const tiers = [...new Set(targets.map((t) => t.tier).filter((t): t is string => !!t))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const owners = [...new Map(targets.filter((t) => t.owner).map((t) => [t.owner!.toLowerCase(), t.owner!])).values()].sort();
    const inSegment = (t: { tier: string | null; owner: string | null }) => (!tier || t.tier === tier) && (!owner || t.owner?.toLowerCase() === owner.toLowerCase());
    const segmentIds = new Set(targets.filter(inSegment).map((t) => t.id));
    const mine = myAccounts(viewer, targets);

    // Ordered by the account's last visit ever: when the period ends today that is its last visit in the period, so ten suffice.
    const endsToday = period.to > now;
    const [kpi, days, channels, content, recent, intent] = await Promise.all([
      kpiReport(d.store, { range: period, tier, owner }, { rules: d.stages, reading: d.reading, programmeStart: d.programmeStart }),
      d.store.accountDays({ from: period.fromDay, to: period.toDay }),
      d.store.channelBreakdown({ from: period.from, to: period.to }),
      contentReport(d.store, { range: period, limit: 8, targetsOnly: true }),
      d.store.accountMetrics({
        fromDay: period.fromDay, toDay: period.toDay, target: true, tier, owner, sort: 'last_seen', descending: true,
        limit: endsToday ? 10 : 10_000, offset: 0, weights: d.reading.weights, halfLifeDays: d.reading.halfLifeDays, countVisitors: false,
      }),
      intentRules(d),
    ]);

    // Trends from the daily rollups: target accounts (of the segment) active, and visits by identified companies.
    const active = new Map<string, Set<string>>();
    const visits = new Map<string, number>();
    const lastVisit = new Map<string, number>();
    for (const r of days) {
      visits.set(r.day, (visits.get(r.day) ?? 0) + r.sessions);
      if (segmentIds.has(r.accountId) && r.sessions > 0) {
        let s = active.get(r.day);
        if (!s) active.set(r.day, (s = new Set()));
        s.add(r.accountId);
        lastVisit.set(r.accountId, Math.max(lastVisit.get(r.accountId) ?? 0, r.lastTs));
      }
    }
    const dayList = daysOf(period);
    const activePoints = dayList.map((day): [string, number] => [day, active.get(day)?.size ?? 0]);
    const visitPoints = dayList.map((day): [string, number] => [day, visits.get(day) ?? 0]);
    const anyActivity = days.length > 0;

    const newest = recent.rows
      .filter((r) => r.visits > 0)
      .map((r) => ({ ...r, lastVisit: lastVisit.get(r.id) ?? null }))
      .sort((a, b) => (b.lastVisit ?? b.lastSeen ?? 0) - (a.lastVisit ?? a.lastSeen ?? 0))
      .slice(0, 10);
    const reading = await accountsReading(d.store, { ids: newest.map((r) => r.id), range: period, perAccount: 4, intent });
    const topContent = content.content.filter((i) => i.target_accounts > 0);
    const segmentLabel = isMine(owner, mine)
      ? [tier ? `tier ${tier}` : null, 'my accounts'].filter(Boolean).join(', ')
      : [tier ? `tier ${tier}` : null, owner ? `owned by ${owner}` : null].filter(Boolean).join(', ');
    const segmentHref = (o: string | undefined) => `/app${qs({ ...periodParams(period), tier, owner: o })}`;

    return c.html(
      <Layout title="Overview" section="overview" viewer={viewer} period={period}>
        <PageHead title="Overview" sub={`${periodText(period, now)}${segmentLabel ? ` · target accounts: ${segmentLabel}` : ' · all target accounts'}`}>
          <PeriodForm action="/app" period={period} now={now} keep={{ tier, owner }} extra={<SegmentSelect tiers={tiers} owners={owners} tier={tier} owner={owner} />} />
        </PageHead>
        {mine ? <SegmentTabs mine={mine} owner={owner} href={segmentHref} /> : null}

        {targets.length === 0 ? (
          <p class="flash error">
            No target account list yet: <a href="/app/targets">import your target accounts</a> to measure awareness, penetration and MQAs.
          </p>
        ) : null}

        <KpiTiles k={kpi} rules={d.stages} />

        <Card
          title="Newest target-account visits"
          actions={
            <a href={`/app/accounts${qs({ ...periodParams(period), target: 'true', sort: '-last_seen', tier, owner })}`}>All target accounts →</a>
          }
        >
          <NewestVisits rows={newest} reading={reading} href={(id) => accountHref(id, keep)} now={now} />
        </Card>

        <div class="grid2">
          <Card title="Target accounts active per day">
            {anyActivity ? <LineChart points={activePoints} label="Target accounts with a visit, per day" /> : <Empty>No visits in this period.</Empty>}
          </Card>
          <Card title="Company visits per day">
            {anyActivity ? <LineChart points={visitPoints} label="Visits (sessions) by identified companies, per day" /> : <Empty>No visits in this period.</Empty>}
          </Card>
        </div>

        <div class="grid2">
          <Card title="Funnel">
            {kpi.target_accounts ? (
              <BarList
                rows={[
                  { label: 'Target accounts', value: kpi.target_accounts },
                  { label: 'Aware', value: kpi.aware, note: fmtPct(kpi.awareness_rate) },
                  { label: 'Engaged', value: kpi.engaged, note: fmtPct(kpi.penetration_rate) },
                  { label: 'MQA', value: kpi.mqa, note: fmtPct(kpi.mqa_rate) },
                ]}
              />
            ) : (
              <Empty>No target accounts in this segment.</Empty>
            )}
            <UpliftTable k={kpi} />
          </Card>
          <Card title="Channels" actions={<a href={`/app/channels${keep}`}>All channels →</a>}>
            {channels.length ? (
              <BarList rows={channels.map((r: ChannelRow) => ({ label: r.channel, value: r.sessions, note: `${fmtInt(r.targetAccounts)} target` }))} />
            ) : (
              <Empty>No visits in this period.</Empty>
            )}
            <p class="muted more">Visits per channel; the note counts the target accounts each reached (every account, whatever the segment).</p>
          </Card>
        </div>

        <div class="grid2">
          <Card title="Top content among target accounts" actions={<a href={`/app/content${keep}`}>All content →</a>}>
            <TopContent items={topContent} targets={content.target_accounts} />
          </Card>
          <Card title="Engaged accounts not on the list">
            {kpi.candidates.length ? (
              <table class="report">
                <thead>
                  <tr>
                    <th>Account</th>
                    <th class="num">Score</th>
                    <th class="num">Visits</th>
                  </tr>
                </thead>
                <tbody>
                  {kpi.candidates.map((a) => (
                    <tr>
                      <td>
                        <a href={accountHref(a.id, keep)} class="acct-name">
                          {a.name}
                        </a>
                      </td>
                      <td class="num">{fmtScore(a.score)}</td>
                      <td class="num">{fmtInt(a.visits)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>No company off the target list engaged in this period.</Empty>
            )}
            {kpi.candidate_accounts > kpi.candidates.length ? <p class="muted more">{`${fmtInt(kpi.candidate_accounts)} in all.`}</p> : null}
          </Card>
        </div>
      </Layout>,
    );
  });
  return app;
}
