import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { fmtInt, qs, safeHref, shortUrl } from './format.js';
import { PRESETS, periodParams, presetLabel, type Period } from './period.js';
import type { Viewer } from './session.js';

/** The navigation: key, label, path, and whether the page reports over a period (its link then carries the chosen one). */
const NAV = [
  ['overview', 'Overview', '/app', true],
  ['accounts', 'Accounts', '/app/accounts', true],
  ['content', 'Content', '/app/content', true],
  ['channels', 'Channels', '/app/channels', true],
  ['identification', 'Identification', '/app/identification', true],
  ['targets', 'Target list', '/app/targets', false],
  ['live', 'Live', '/app/live', false],
  ['alerts', 'Alerts', '/app/alerts', false],
  ['settings', 'Settings', '/app/settings', false],
] as const;
export type Section = (typeof NAV)[number][0] | 'login';

/**
 * Every page's frame: the navigation, who is signed in, and a sign-out form. A report page passes
 * its period, and the links to the other report pages keep it (pages without one rely on the
 * period remembered for the session).
 */
export const Layout: FC<PropsWithChildren<{ title: string; section: Section; viewer?: Viewer | undefined; period?: Period | undefined }>> = ({ title, section, viewer, period, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · Open ABM`}</title>
      <link rel="stylesheet" href="/app/assets/app.css" />
      <script src="/app/assets/app.js" defer></script>
    </head>
    <body>
      {viewer ? (
        <header class="top">
          <a class="brand" href="/app">
            <span class="logo" aria-hidden="true">◆</span> Open ABM
          </a>
          <nav>
            {NAV.map(([key, label, href, periodic]) => (
              <a href={periodic && period ? `${href}${qs(periodParams(period))}` : href} class={key === section ? 'on' : undefined} aria-current={key === section ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
          <form method="post" action="/app/logout" class="who">
            <span title={viewer.role}>{viewer.email ?? 'admin token'}</span>
            <Csrf viewer={viewer} />
            <button type="submit" class="link">Sign out</button>
          </form>
        </header>
      ) : null}
      <main class={viewer ? 'page' : 'page narrow'}>{children}</main>
    </body>
  </html>
);

/** The hidden CSRF field every form carries. */
export const Csrf: FC<{ viewer: Viewer }> = ({ viewer }) => <input type="hidden" name="_csrf" value={viewer.csrf} />;

export const PageHead: FC<PropsWithChildren<{ title: string; sub?: Child }>> = ({ title, sub, children }) => (
  <div class="head">
    <div>
      <h1>{title}</h1>
      {sub ? <p class="sub">{sub}</p> : null}
    </div>
    <div class="actions">{children}</div>
  </div>
);

export const Card: FC<PropsWithChildren<{ title?: string; wide?: boolean; actions?: Child }>> = ({ title, wide, actions, children }) => (
  <section class={wide ? 'card wide' : 'card'}>
    {title ? (
      <div class="card-head">
        <h2>{title}</h2>
        {actions ?? null}
      </div>
    ) : null}
    {children}
  </section>
);

/** A KPI: the figure, what it is, and an optional note (a rate, a change). */
export const Tile: FC<{ label: string; value: Child; note?: Child; tone?: 'up' | 'down' | 'flat' | undefined; help?: string }> = ({ label, value, note, tone, help }) => (
  <div class="tile" title={help}>
    <div class="tile-label">{label}</div>
    <div class="tile-value">{value}</div>
    {note !== undefined ? <div class={`tile-note ${tone ?? ''}`}>{note}</div> : null}
  </div>
);

/**
 * A URL from an event: a link only when it is http(s) (opened without referrer or opener),
 * otherwise plain text. Either way the text is escaped by JSX.
 */
export const ExtLink: FC<{ url: string | null | undefined; text?: string | null | undefined; max?: number; hover?: boolean }> = ({ url, text, max, hover }) => {
  const href = safeHref(url);
  const label = text || shortUrl(url, max);
  // `hover`: the whole URL as the tooltip, for a link that shows a title instead.
  const tip = hover && url ? url : undefined;
  return href ? (
    <a href={href} rel="noopener noreferrer nofollow" target="_blank" class="ext" title={tip}>
      {label}
    </a>
  ) : (
    <span class="plain" title={tip}>
      {label}
    </span>
  );
};

/** A page or asset: its title, and its URL small beneath (a link only when http(s)). */
export const TitledLink: FC<{ title: string | null | undefined; url: string | null | undefined; max?: number }> = ({ title, url, max }) => (
  <>
    {title ? <div>{title}</div> : null}
    <small>
      <ExtLink url={url} max={max} />
    </small>
  </>
);

export const StageBadge: FC<{ stage: string }> = ({ stage }) => <span class={`badge stage-${stage.replace(/[^a-z_]/g, '')}`}>{stage.replace('_', ' ')}</span>;

export const Empty: FC<PropsWithChildren> = ({ children }) => <p class="empty">{children}</p>;

/** Previous / next links over a list of `total` rows shown `limit` at a time. */
export const Pager: FC<{ total: number; offset: number; limit: number; href: (offset: number) => string }> = ({ total, offset, limit, href }) =>
  total > limit ? (
    <nav class="pager" aria-label="pages">
      <span>
        {fmtInt(Math.min(offset + 1, total))}–{fmtInt(Math.min(offset + limit, total))} of {fmtInt(total)}
      </span>
      {offset > 0 ? <a href={href(Math.max(0, offset - limit))}>← Previous</a> : <span class="off">← Previous</span>}
      {offset + limit < total ? <a href={href(offset + limit)}>Next →</a> : <span class="off">Next →</span>}
    </nav>
  ) : null;

/**
 * The period (and optional segment) every report page reads: presets as plain links, then custom
 * days in a GET form, so the URL can always be shared. `hidden` carries the page's other filters
 * (never its page offset: a new period starts at the first page); `keep`, filters the preset
 * links carry that the form has as fields of its own (`extra`).
 */
export const PeriodForm: FC<{ action: string; period: Period; now: number; extra?: Child; hidden?: Record<string, string | undefined>; keep?: Record<string, string | undefined> }> = ({ action, period, now, extra, hidden, keep }) => (
  <div class="period-pick">
    <nav class="presets" aria-label="Period">
      {PRESETS.map((p) => {
        const on = period.preset === p.key;
        return (
          <a href={`${action}${qs({ ...keep, ...hidden, period: p.key })}`} class={on ? 'on' : undefined} aria-current={on ? 'true' : undefined} title={presetHelp(p.key, now)} data-preset={p.key}>
            {presetLabel(p.key, now)}
          </a>
        );
      })}
    </nav>
    <form method="get" action={action} class="period">
      {Object.entries(hidden ?? {}).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
      <label>
        From <input type="date" name="from" value={period.fromDay} />
      </label>
      <label>
        To <input type="date" name="to" value={period.toDay} />
      </label>
      {extra ?? null}
      <button type="submit">Apply</button>
    </form>
  </div>
);

/** What a preset covers, on hover: UTC days, today included. */
function presetHelp(key: Period['preset'] & string, now: number): string {
  if (key === 'today') return 'Today so far (UTC day)';
  if (key === 'quarter') {
    const d = new Date(now);
    const first = new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1));
    return `This calendar quarter so far: ${first.toISOString().slice(0, 10)} to today (UTC days)`;
  }
  return `The last ${key.slice(0, -1)} days, today included (UTC days)`;
}

/** A message after a form: what happened, or what went wrong. */
export const Flash: FC<{ ok?: string | undefined; error?: string | undefined }> = ({ ok, error }) => (
  <>
    {ok ? <p class="flash ok">{ok}</p> : null}
    {error ? <p class="flash error">{error}</p> : null}
  </>
);

/** A site filter: every site by name, or all of them. */
export const SiteSelect = ({ sites, value }: { sites: readonly { id: string; name: string }[]; value: string | undefined }) => (
  <label>
    Site
    <select name="site">
      <option value="">All sites</option>
      {sites.map((s) => (
        <option value={s.id} selected={value === s.id}>
          {s.name}
        </option>
      ))}
    </select>
  </label>
);
