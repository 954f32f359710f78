import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { contentReport, kpiReport, type ContentItem, type KpiReport } from '../../reports/index.js';
import type { AccountListRow, ChannelRow } from '../../store/index.js';
import { BarList, LineChart } from '../charts.js';
import { Card, Empty, Layout, PageHead, PeriodForm, StageBadge, Tile, TitledLink } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt, fmtNum, fmtPct, fmtTime, qs } from '../format.js';
import { periodOf, type Period } from '../period.js';
import type { DashboardEnv } from '../session.js';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A query parameter worth keeping: trimmed, non-empty, not absurdly long. */
const param = (v: string | undefined, max = 254) => {
  const s = v?.trim();
  return s && s.length <= max ? s : undefined;
};

/** A relative change against an earlier period, as `fmtChange` writes it, and which way it went. */
function change(rate: number | null, now: number): { text: string; tone: 'up' | 'down' | 'flat' } {
  if (rate === null) return now > 0 ? { text: 'new', tone: 'up' } : { text: '±0', tone: 'flat' };
  const text = `${rate >= 0 ? '+' : '−'}${fmtNum(Math.abs(rate) * 100)} %`;
  return { text, tone: rate > 0 ? 'up' : rate < 0 ? 'down' : 'flat' };
}

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

const KpiTiles: FC<{ k: KpiReport }> = ({ k }) => {
  const prev = k.uplift.previous_period;
  const vs = `vs ${prev.from} – ${prev.to}`;
  const aware = change(prev.aware, k.aware);
  const engaged = change(prev.engaged, k.engaged);
  const mqa = change(prev.mqa, k.mqa);
  const visitors = change(prev.visitors, k.visitors);
  return (
    <div class="tiles">
      <Tile label="Target accounts" value={fmtInt(k.target_accounts)} note={`${fmtInt(k.aware)} visited in the period`} help="Accounts on the target list (in the chosen segment)." />
      <Tile
        label="Awareness"
        value={fmtPct(k.awareness_rate)}
        note={`${fmtInt(k.aware)} aware · ${aware.text}`}
        tone={aware.tone}
        help={`Target accounts with at least one visit in the period, of all target accounts. Change in aware accounts ${vs}.`}
      />
      <Tile
        label="Penetration"
        value={fmtPct(k.penetration_rate)}
        note={`${fmtInt(k.engaged)} engaged · ${engaged.text}`}
        tone={engaged.tone}
        help={`Engaged target accounts (score or active days over the engagement threshold), of all target accounts. Change in engaged accounts ${vs}.`}
      />
      <Tile
        label="MQAs"
        value={fmtInt(k.mqa)}
        note={`${fmtPct(k.mqa_rate)} of targets · ${mqa.text}`}
        tone={mqa.tone}
        help={`Marketing-qualified target accounts: a score over the MQA threshold in the period. Change ${vs}.`}
      />
      <Tile
        label="People reached"
        value={fmtInt(k.reach.visitors)}
        note={`${fmtNum(k.reach.visitors_per_aware_account)} per aware account · ${visitors.text}`}
        tone={visitors.tone}
        help={`Distinct visitors from target accounts. Change ${vs}.`}
      />
      <Tile label="Active accounts" value={fmtInt(k.active_accounts)} note="companies with a visit" help="Every identified company with at least one visit in the period, on the target list or not." />
      <Tile label="New accounts" value={fmtInt(k.new_accounts)} note={`${fmtInt(k.new_target_accounts)} on the target list`} help="Companies seen for the first time in the period." />
    </div>
  );
};

/** This period against the previous one and, when configured, the time before the programme started. */
const UpliftTable: FC<{ k: KpiReport }> = ({ k }) => {
  const prev = k.uplift.previous_period;
  const prog = k.uplift.programme;
  const rows: [string, number, number | null, number | null | undefined][] = [
    ['Aware target accounts', k.aware, prev.aware, prog?.aware],
    ['Engaged target accounts', k.engaged, prev.engaged, prog?.engaged],
    ['MQAs', k.mqa, prev.mqa, prog?.mqa],
    ['People reached', k.visitors, prev.visitors, prog?.visitors],
  ];
  const Cell: FC<{ rate: number | null; now: number }> = ({ rate, now }) => {
    const ch = change(rate, now);
    return <td class={`num tile-note ${ch.tone}`}>{ch.text}</td>;
  };
  return (
    <div class="table-wrap">
      <table class="report">
        <thead>
          <tr>
            <th></th>
            <th class="num">This period</th>
            <th class="num" title={`${prev.from} – ${prev.to}`}>
              vs previous period
            </th>
            {prog ? (
              <th class="num" title={`The same length of time before ${prog.start}`}>
                vs before programme
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, now, p, g]) => (
            <tr>
              <td>{label}</td>
              <td class="num">{fmtInt(now)}</td>
              <Cell rate={p} now={now} />
              {prog ? <Cell rate={g ?? null} now={now} /> : null}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted more">
        Previous period: {prev.from} – {prev.to}
        {prog ? ` · programme started ${prog.start}` : ''}
      </p>
    </div>
  );
};

const NewestVisits: FC<{ rows: (AccountListRow & { lastVisit: number | null })[]; keep: string }> = ({ rows, keep }) =>
  rows.length ? (
    <div class="table-wrap">
      <table class="report">
        <thead>
          <tr>
            <th>Account</th>
            <th>Stage</th>
            <th>Tier</th>
            <th>Owner</th>
            <th class="num">Score</th>
            <th class="num">Visits</th>
            <th class="num">Page views</th>
            <th class="num">Last visit</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={accountHref(r.id, keep)}>{r.name}</a>
                {r.domain ? <small> {r.domain}</small> : null}
              </td>
              <td>
                <StageBadge stage={r.stage} />
              </td>
              <td>{r.tier ?? '–'}</td>
              <td>{r.owner ?? '–'}</td>
              <td class="num">{fmtNum(r.score)}</td>
              <td class="num">{fmtInt(r.visits)}</td>
              <td class="num">{fmtInt(r.pageViews)}</td>
              <td class="num">{fmtTime(r.lastVisit ?? r.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : (
    <Empty>No target account visited in this period.</Empty>
  );

const TopContent: FC<{ items: ContentItem[]; targets: number }> = ({ items, targets }) =>
  items.length ? (
    <table class="report">
      <thead>
        <tr>
          <th>Page or asset</th>
          <th class="num">Target accounts</th>
          <th class="num">Views</th>
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
    const period = periodOf(query, now);
    const tier = param(query.tier, 50);
    const owner = param(query.owner);
    const chosen = Boolean(query.from || query.to);
    // Links to other pages keep the period the marketer chose (and only then).
    const keep = chosen ? qs({ from: period.fromDay, to: period.toDay }) : '';

    const targets = await d.store.listTargets();
    const tiers = [...new Set(targets.map((t) => t.tier).filter((t): t is string => !!t))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const owners = [...new Map(targets.filter((t) => t.owner).map((t) => [t.owner!.toLowerCase(), t.owner!])).values()].sort();
    const inSegment = (t: { tier: string | null; owner: string | null }) => (!tier || t.tier === tier) && (!owner || t.owner?.toLowerCase() === owner.toLowerCase());
    const segmentIds = new Set(targets.filter(inSegment).map((t) => t.id));

    // Ordered by the account's last visit ever: when the period ends today that is its last visit in the period, so ten suffice.
    const endsToday = period.to > now;
    const [kpi, days, channels, content, recent] = await Promise.all([
      kpiReport(d.store, { range: period, tier, owner }, { rules: d.stages, reading: d.reading, programmeStart: d.programmeStart }),
      d.store.accountDays({ from: period.fromDay, to: period.toDay }),
      d.store.channelBreakdown({ from: period.from, to: period.to }),
      contentReport(d.store, { range: period, limit: 8, targetsOnly: true }),
      d.store.accountMetrics({
        fromDay: period.fromDay, toDay: period.toDay, target: true, tier, owner, sort: 'last_seen', descending: true,
        limit: endsToday ? 10 : 10_000, offset: 0, weights: d.reading.weights, halfLifeDays: d.reading.halfLifeDays, countVisitors: false,
      }),
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
    const topContent = content.content.filter((i) => i.target_accounts > 0);
    const segmentLabel = [tier ? `tier ${tier}` : null, owner ? `owned by ${owner}` : null].filter(Boolean).join(', ');

    return c.html(
      <Layout title="Overview" section="overview" viewer={c.get('viewer')}>
        <PageHead
          title="Overview"
          sub={`${period.fromDay} – ${period.toDay}${segmentLabel ? ` · target accounts ${segmentLabel}` : ' · all target accounts'}`}
        >
          <PeriodForm action="/app" from={period.fromDay} to={period.toDay} extra={<SegmentSelect tiers={tiers} owners={owners} tier={tier} owner={owner} />} />
        </PageHead>

        {targets.length === 0 ? (
          <p class="flash error">
            No target account list yet: <a href="/app/targets">import your target accounts</a> to measure awareness, penetration and MQAs.
          </p>
        ) : null}

        <KpiTiles k={kpi} />

        <Card
          title="Newest target-account visits"
          actions={
            <a href={`/app/accounts${qs({ target: 'true', sort: '-last_seen', ...(chosen && { from: period.fromDay, to: period.toDay }), tier, owner })}`}>All target accounts →</a>
          }
        >
          <NewestVisits rows={newest} keep={keep} />
        </Card>

        <div class="grid2">
          <Card title="Target accounts active per day">
            {anyActivity ? <LineChart points={activePoints} label="Target accounts with a visit, per day" /> : <Empty>No visits in this period.</Empty>}
          </Card>
          <Card title="Company visits per day">
            {anyActivity ? <LineChart points={visitPoints} label="Visits by identified companies, per day" /> : <Empty>No visits in this period.</Empty>}
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
              <Empty>No sessions in this period.</Empty>
            )}
            <p class="muted more">Sessions per channel; the note counts the target accounts each reached (every account, whatever the segment).</p>
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
                        <a href={accountHref(a.id, keep)}>{a.name}</a>
                      </td>
                      <td class="num">{fmtNum(a.score)}</td>
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
