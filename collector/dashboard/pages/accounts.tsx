import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { STAGES } from '../../accounts/index.js';
import type { AccountListRow, AccountSort } from '../../store/index.js';
import { Card, Empty, Layout, PageHead, Pager, StageBadge } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtDay, fmtInt, fmtNum, fmtTime, qs } from '../format.js';
import { periodOf } from '../period.js';
import type { DashboardEnv } from '../session.js';

const PAGE = 50;
const DAY = 86_400_000;
const SORTS = ['score', 'name', 'last_seen', 'visits', 'visitors'] as const;

/** The list's filters as the URL carries them, cleaned: what the API's `/api/accounts` accepts. */
export interface AccountFilters {
  from: string;
  to: string;
  q: string | undefined;
  target: 'true' | 'false' | undefined;
  tier: string | undefined;
  owner: string | undefined;
  stage: string | undefined;
  /** As the API spells it: `score`, `-score`, `+visits`, `name`, `-name`… */
  sort: string;
  offset: number;
}

const text = (v: string | undefined, max: number) => {
  const s = v?.trim();
  return s ? s.slice(0, max) : undefined;
};

/** Reads the filters from the query; anything malformed is dropped rather than refused (a page must render). */
export function accountFilters(query: Record<string, string | undefined>, now: number): AccountFilters {
  const period = periodOf({ from: query.from, to: query.to }, now);
  const target = query.target === 'true' || query.target === 'false' ? query.target : undefined;
  const stage = query.stage && (STAGES as readonly string[]).includes(query.stage) ? query.stage : undefined;
  const sort = query.sort && new RegExp(`^[-+]?(${SORTS.join('|')})$`).test(query.sort) ? query.sort : '-score';
  const offset = Number(query.offset);
  return {
    from: period.fromDay,
    to: period.toDay,
    q: text(query.q, 100),
    target,
    tier: text(query.tier, 50),
    owner: text(query.owner, 254),
    stage,
    sort,
    offset: Number.isInteger(offset) && offset > 0 ? Math.min(offset, 1_000_000) : 0,
  };
}

/** The sort's column and direction, as the API reads them: numbers high to low and names A to Z unless signed. */
export function sortOf(sort: string): { key: AccountSort; descending: boolean } {
  const key = sort.replace(/^[-+]/, '') as AccountSort;
  return { key, descending: sort.startsWith('-') || (!sort.startsWith('+') && key !== 'name') };
}

/** The sort parameter that shows `key` in the given direction. */
const sortParam = (key: AccountSort, descending: boolean) => (key === 'name' ? (descending ? '-name' : 'name') : descending ? `-${key}` : `+${key}`);

const params = (f: AccountFilters, over: Partial<Record<keyof AccountFilters, string | number | undefined>> = {}) => {
  const all: Record<string, string | number | undefined> = { from: f.from, to: f.to, q: f.q, target: f.target, tier: f.tier, owner: f.owner, stage: f.stage, sort: f.sort === '-score' ? undefined : f.sort, offset: f.offset || undefined, ...over };
  return all;
};

export const listHref = (f: AccountFilters, over: Partial<Record<keyof AccountFilters, string | number | undefined>> = {}) => `/app/accounts${qs(params(f, over))}`;

/** "today", "yesterday", "5 days ago", or the day. */
function ago(ms: number | null, now: number): string {
  if (ms === null) return '–';
  const days = Math.floor(now / DAY) - Math.floor(ms / DAY);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 31) return `${days} days ago`;
  return fmtDay(ms);
}

const COLUMNS: { key: AccountSort | null; label: string; num?: boolean; help?: string }[] = [
  { key: 'name', label: 'Account' },
  { key: null, label: 'Tier' },
  { key: null, label: 'Owner' },
  { key: null, label: 'Stage' },
  { key: 'score', label: 'Score', num: true, help: 'Engagement score: points for what was read and done, weighted by seniority, halved every half-life' },
  { key: 'visits', label: 'Visits', num: true, help: 'Sessions in the period' },
  { key: 'visitors', label: 'Visitors', num: true, help: 'Distinct people (browsers) in the period' },
  { key: 'last_seen', label: 'Last visit', num: true },
];

const SortHead: FC<{ f: AccountFilters; col: (typeof COLUMNS)[number] }> = ({ f, col }) => {
  if (!col.key) return <th>{col.label}</th>;
  const current = sortOf(f.sort);
  const active = current.key === col.key;
  const defaultDescending = col.key !== 'name';
  const nextDescending = active ? !current.descending : defaultDescending;
  const arrow = active ? (current.descending ? ' ↓' : ' ↑') : '';
  return (
    <th class={col.num ? 'num' : undefined} aria-sort={active ? (current.descending ? 'descending' : 'ascending') : undefined} title={col.help}>
      <a href={listHref(f, { sort: sortParam(col.key, nextDescending), offset: undefined })} class={active ? 'sorted' : undefined}>
        {col.label}
        {arrow}
      </a>
    </th>
  );
};

const Row: FC<{ r: AccountListRow; now: number }> = ({ r, now }) => (
  <tr>
    <td>
      <div class="acct">
        <a href={`/app/accounts/${encodeURIComponent(r.id)}`} class="acct-name">
          {r.name}
        </a>
        {r.target ? <span class="badge target">target</span> : null}
      </div>
      {r.domain ? <small>{r.domain}</small> : null}
    </td>
    <td>{r.tier ? `Tier ${r.tier}` : <span class="muted">–</span>}</td>
    <td>{r.owner ?? <span class="muted">–</span>}</td>
    <td>
      <StageBadge stage={r.stage} />
    </td>
    <td class="num strong">{fmtNum(r.score)}</td>
    <td class="num">{fmtInt(r.visits)}</td>
    <td class="num">{fmtInt(r.visitors)}</td>
    <td class="num">
      <span title={r.lastSeen === null ? 'never seen' : fmtTime(r.lastSeen)}>{r.lastSeen === null ? <span class="muted">never</span> : ago(r.lastSeen, now)}</span>
    </td>
  </tr>
);

const Select: FC<{ name: string; label: string; value: string | undefined; options: [string, string][]; all: string }> = ({ name, label, value, options, all }) => (
  <label>
    {label}
    <select name={name}>
      <option value="">{all}</option>
      {options.map(([v, l]) => (
        <option value={v} selected={v === value}>
          {l}
        </option>
      ))}
    </select>
  </label>
);

const uniq = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** `GET /app/accounts`: every account seen in the period and every target, filtered, searched, sorted, a page at a time. */
export function accountsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.get('/app/accounts', async (c) => {
    const now = d.now();
    const f = accountFilters(c.req.query(), now);
    const { key, descending } = sortOf(f.sort);
    const [{ rows, total }, targets] = await Promise.all([
      d.store.accountMetrics({
        fromDay: f.from,
        toDay: f.to,
        target: f.target === undefined ? undefined : f.target === 'true',
        tier: f.tier,
        owner: f.owner,
        stage: f.stage,
        search: f.q,
        sort: key,
        descending,
        limit: PAGE,
        offset: f.offset,
        weights: d.reading.weights,
        halfLifeDays: d.reading.halfLifeDays,
      }),
      d.store.listTargets(),
    ]);
    const tiers = uniq([...targets.map((t) => t.tier), f.tier]);
    const owners = uniq([...targets.map((t) => t.owner), f.owner]);
    const filtered = !!(f.q || f.target || f.tier || f.owner || f.stage);
    const csv = `/api/accounts${qs({ from: f.from, to: f.to, q: f.q, target: f.target, tier: f.tier, owner: f.owner, stage: f.stage, sort: f.sort, limit: 1000, format: 'csv' })}`;
    return c.html(
      <Layout title="Accounts" section="accounts" viewer={c.get('viewer')}>
        <PageHead
          title="Accounts"
          sub={
            <>
              Companies that visited from {f.from} to {f.to}, and every target account. {fmtInt(total)} {total === 1 ? 'account' : 'accounts'}
              {filtered ? ' match the filters' : ''}.
            </>
          }
        >
          <a class="button secondary" href={csv} download="accounts.csv">
            Download CSV
          </a>
        </PageHead>
        <Card>
          <form method="get" action="/app/accounts" class="filters">
            <label>
              From <input type="date" name="from" value={f.from} />
            </label>
            <label>
              To <input type="date" name="to" value={f.to} />
            </label>
            <label>
              Search <input type="search" name="q" value={f.q ?? ''} placeholder="Name or domain" maxlength={100} />
            </label>
            <Select name="target" label="Accounts" value={f.target} all="All accounts" options={[['true', 'Targets only'], ['false', 'Non-targets']]} />
            <Select name="tier" label="Tier" value={f.tier} all="Any tier" options={tiers.map((t) => [t, `Tier ${t}`])} />
            <Select name="owner" label="Owner" value={f.owner} all="Any owner" options={owners.map((o) => [o, o])} />
            <Select name="stage" label="Stage" value={f.stage} all="Any stage" options={STAGES.map((s) => [s, s === 'mqa' ? 'MQA' : s[0]!.toUpperCase() + s.slice(1)])} />
            {f.sort !== '-score' ? <input type="hidden" name="sort" value={f.sort} /> : null}
            <button type="submit">Apply</button>
            {filtered ? (
              <a class="button secondary" href={listHref({ ...f, q: undefined, target: undefined, tier: undefined, owner: undefined, stage: undefined }, { offset: undefined })}>
                Clear filters
              </a>
            ) : null}
          </form>
        </Card>
        <Card>
          {rows.length ? (
            <>
              <div class="table-wrap">
                <table class="accounts">
                  <thead>
                    <tr>
                      {COLUMNS.map((col) => (
                        <SortHead f={f} col={col} />
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <Row r={r} now={now} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager total={total} offset={f.offset} limit={PAGE} href={(offset) => listHref(f, { offset: offset || undefined })} />
            </>
          ) : total > 0 ? (
            <Empty>
              This page is past the end of the list. <a href={listHref(f, { offset: undefined })}>Back to the first page</a>
            </Empty>
          ) : filtered ? (
            <Empty>
              No account matches these filters from {f.from} to {f.to}.{' '}
              <a href={listHref({ ...f, q: undefined, target: undefined, tier: undefined, owner: undefined, stage: undefined }, { offset: undefined })}>Clear the filters</a>
            </Empty>
          ) : (
            <Empty>
              No company visited from {f.from} to {f.to}, and there is no target list yet. <a href="/app/targets">Import your target accounts</a> or pick a longer period.
            </Empty>
          )}
        </Card>
      </Layout>,
    );
  });
  return app;
}
