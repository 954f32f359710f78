import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { countryName, STAGES } from '../../accounts/index.js';
import { accountsReading, type AccountReading } from '../../reports/index.js';
import type { AccountListRow, AccountSort } from '../../store/index.js';
import { Card, Empty, Layout, PageHead, Pager, PeriodForm, StageBadge } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt, fmtScore, qs } from '../format.js';
import { isMine, myAccounts } from '../mine.js';
import { pagePeriod, periodParams, periodText, type Period } from '../period.js';
import { intentRules, ReadList } from '../reading.js';
import type { DashboardEnv } from '../session.js';
import { When } from '../when.js';
import { WORDS } from '../words.js';

const PAGE = 50;
/** Pages and downloads shown per account in the list. */
const READ_PER_ACCOUNT = 3;
const SORTS = ['score', 'name', 'last_seen', 'visits', 'visitors'] as const;

/** The list's filters as the URL carries them, cleaned: what the API's `/api/accounts` accepts. */
export interface AccountFilters {
  period: Period;
  q: string | undefined;
  target: 'true' | 'false' | undefined;
  tier: string | undefined;
  /** ISO-3166 alpha-2. */
  country: string | undefined;
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
export function accountFilters(query: Record<string, string | undefined>, period: Period): AccountFilters {
  const target = query.target === 'true' || query.target === 'false' ? query.target : undefined;
  const stage = query.stage && (STAGES as readonly string[]).includes(query.stage) ? query.stage : undefined;
  const sort = query.sort && new RegExp(`^[-+]?(${SORTS.join('|')})$`).test(query.sort) ? query.sort : '-score';
  const offset = Number(query.offset);
  return {
    period,
    q: text(query.q, 100),
    target,
    tier: text(query.tier, 50),
    country: query.country && /^[A-Za-z]{2}$/.test(query.country) ? query.country.toUpperCase() : undefined,
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

type Over = Partial<Record<Exclude<keyof AccountFilters, 'period'>, string | number | undefined>>;
const params = (f: AccountFilters, over: Over = {}) => {
  const all: Record<string, string | number | undefined> = { ...periodParams(f.period), q: f.q, target: f.target, tier: f.tier, country: f.country, owner: f.owner, stage: f.stage, sort: f.sort === '-score' ? undefined : f.sort, offset: f.offset || undefined, ...over };
  return all;
};

export const listHref = (f: AccountFilters, over: Over = {}) => `/app/accounts${qs(params(f, over))}`;

const COLUMNS: { key: AccountSort | null; label: string; num?: boolean; help?: string }[] = [
  { key: 'name', label: 'Account' },
  { key: null, label: 'What they read', help: 'Pages and downloads of the period: high-intent pages first, then downloads, then the most viewed; the address on hover' },
  { key: null, label: 'Stage', help: WORDS.stage },
  { key: 'score', label: 'Score', num: true, help: WORDS.score },
  { key: 'visits', label: 'Visits', num: true, help: `${WORDS.visits} In the period.` },
  { key: 'visitors', label: 'Visitors', num: true, help: `${WORDS.visitors} In the period.` },
  { key: 'last_seen', label: 'Last visit', num: true, help: 'The account’s most recent visit, whatever the period' },
];

const SortHead: FC<{ f: AccountFilters; col: (typeof COLUMNS)[number] }> = ({ f, col }) => {
  if (!col.key) return <th title={col.help}>{col.label}</th>;
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

const Row: FC<{ r: AccountListRow; reading: AccountReading | undefined; href: string; now: number }> = ({ r, reading, href, now }) => (
  <tr data-account={r.id}>
    <td>
      <div class="acct">
        <a href={href} class="acct-name">
          {r.name}
        </a>
        {r.target ? <span class="badge target">target</span> : null}
      </div>
      <small>{[r.domain, r.tier ? `Tier ${r.tier}` : null, r.country ? countryName(r.country) : null, r.owner].filter(Boolean).join(' · ')}</small>
    </td>
    <td>
      <ReadList reading={reading} empty={r.visits ? 'nothing read' : 'no visit in the period'} />
    </td>
    <td>
      <StageBadge stage={r.stage} />
    </td>
    <td class="num strong">{fmtScore(r.score)}</td>
    <td class="num">{fmtInt(r.visits)}</td>
    <td class="num">{fmtInt(r.visitors)}</td>
    <td class="num nowrap">
      <When at={r.lastSeen} now={now} empty="never" />
    </td>
  </tr>
);

/** One-click views of the list: every account, the target list, and the viewer's own accounts when they own some. */
const QuickFilters: FC<{ f: AccountFilters; mine: { email: string; count: number } | null }> = ({ f, mine }) => {
  const clean = { ...f, q: undefined, target: undefined, tier: undefined, country: undefined, owner: undefined, stage: undefined };
  const onAll = !f.target && !f.owner && !f.tier && !f.stage && !f.q;
  const onTargets = f.target === 'true' && !f.owner && !f.tier && !f.stage && !f.q;
  const onMine = isMine(f.owner, mine) && !f.tier && !f.stage && !f.q;
  const tab = (on: boolean, href: string, label: string, extra: Record<string, string> = {}) => (
    <a href={href} class={on ? 'on' : undefined} aria-current={on ? 'true' : undefined} {...extra}>
      {label}
    </a>
  );
  return (
    <nav class="tabs segment" aria-label="Quick filters">
      {tab(onAll, listHref(clean, { offset: undefined }), 'All accounts')}
      {tab(onTargets, listHref(clean, { target: 'true', offset: undefined }), 'Target accounts')}
      {mine ? tab(onMine, listHref(clean, { owner: mine.email, offset: undefined }), `My accounts (${fmtInt(mine.count)})`, { 'data-mine': '' }) : null}
    </nav>
  );
};

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
    const viewer = c.get('viewer');
    const f = accountFilters(c.req.query(), pagePeriod(c, now));
    const { fromDay: from, toDay: to } = f.period;
    const { key, descending } = sortOf(f.sort);
    const [{ rows, total }, targets, intent] = await Promise.all([
      d.store.accountMetrics({
        fromDay: from,
        toDay: to,
        target: f.target === undefined ? undefined : f.target === 'true',
        tier: f.tier,
        country: f.country,
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
      intentRules(d),
    ]);
    const countries = uniq([...(await d.store.accountCountries()), f.country]);
    // What the page's accounts read: one bounded read for the 50 shown, only those with a visit.
    const reading = await accountsReading(d.store, { ids: rows.filter((r) => r.visits > 0).map((r) => r.id), range: f.period, perAccount: READ_PER_ACCOUNT, intent });
    const mine = myAccounts(viewer, targets);
    const keep = qs(periodParams(f.period));
    const tiers = uniq([...targets.map((t) => t.tier), f.tier]);
    const owners = uniq([...targets.map((t) => t.owner), f.owner]);
    const filtered = !!(f.q || f.target || f.tier || f.country || f.owner || f.stage);
    const csv = `/api/accounts${qs({ from, to, q: f.q, target: f.target, tier: f.tier, country: f.country, owner: f.owner, stage: f.stage, sort: f.sort, limit: 1000, format: 'csv' })}`;
    return c.html(
      <Layout title="Accounts" section="accounts" viewer={viewer} period={f.period}>
        <PageHead
          title="Accounts"
          sub={
            <>
              Companies that visited, and every target account · {periodText(f.period, now)}. {fmtInt(total)} {total === 1 ? 'account' : 'accounts'}
              {filtered ? ' match the filters' : ''}.
            </>
          }
        >
          <PeriodForm action="/app/accounts" period={f.period} now={now} hidden={{ q: f.q, target: f.target, tier: f.tier, country: f.country, owner: f.owner, stage: f.stage, sort: f.sort === '-score' ? undefined : f.sort }} />
          <a class="button secondary" href={csv} download="accounts.csv">
            Download CSV
          </a>
        </PageHead>
        <QuickFilters f={f} mine={mine} />
        <Card>
          <form method="get" action="/app/accounts" class="filters">
            {Object.entries(periodParams(f.period)).map(([k, v]) => (
              <input type="hidden" name={k} value={v} />
            ))}
            <label>
              Search <input type="search" name="q" value={f.q ?? ''} placeholder="Name or domain" maxlength={100} />
            </label>
            <Select name="target" label="Accounts" value={f.target} all="All accounts" options={[['true', 'Targets only'], ['false', 'Non-targets']]} />
            <Select name="tier" label="Tier" value={f.tier} all="Any tier" options={tiers.map((t) => [t, `Tier ${t}`])} />
            <Select name="country" label="Country" value={f.country} all="Any country" options={countries.map((c) => [c, countryName(c)])} />
            <Select name="owner" label="Owner" value={f.owner} all="Any owner" options={owners.map((o) => [o, o])} />
            <Select name="stage" label="Stage" value={f.stage} all="Any stage" options={STAGES.map((s) => [s, s === 'mqa' ? 'MQA' : s[0]!.toUpperCase() + s.slice(1)])} />
            {f.sort !== '-score' ? <input type="hidden" name="sort" value={f.sort} /> : null}
            <button type="submit">Apply</button>
            {filtered ? (
              <a class="button secondary" href={listHref({ ...f, q: undefined, target: undefined, tier: undefined, country: undefined, owner: undefined, stage: undefined }, { offset: undefined })}>
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
                      <Row r={r} reading={reading.get(r.id)} href={`/app/accounts/${encodeURIComponent(r.id)}${keep}`} now={now} />
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
              No account matches these filters from {from} to {to}.{' '}
              <a href={listHref({ ...f, q: undefined, target: undefined, tier: undefined, country: undefined, owner: undefined, stage: undefined }, { offset: undefined })}>Clear the filters</a>
            </Empty>
          ) : (
            <Empty>
              No company visited from {from} to {to}, and there is no target list yet. <a href="/app/targets">Import your target accounts</a> or pick a longer period.
            </Empty>
          )}
        </Card>
      </Layout>,
    );
  });
  return app;
}
