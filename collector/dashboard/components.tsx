import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { fmtInt, safeHref, shortUrl } from './format.js';
import type { Viewer } from './session.js';

const NAV = [
  ['overview', 'Overview', '/app'],
  ['accounts', 'Accounts', '/app/accounts'],
  ['content', 'Content', '/app/content'],
  ['channels', 'Channels', '/app/channels'],
  ['targets', 'Target list', '/app/targets'],
  ['live', 'Live', '/app/live'],
  ['alerts', 'Alerts', '/app/alerts'],
  ['settings', 'Settings', '/app/settings'],
] as const;
export type Section = (typeof NAV)[number][0] | 'login';

/** Every page's frame: the navigation, who is signed in, and a sign-out form. */
export const Layout: FC<PropsWithChildren<{ title: string; section: Section; viewer?: Viewer | undefined }>> = ({ title, section, viewer, children }) => (
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
            {NAV.map(([key, label, href]) => (
              <a href={href} class={key === section ? 'on' : undefined} aria-current={key === section ? 'page' : undefined}>
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

/** The period (and optional segment) every report page reads: a GET form, so the URL can be shared. */
export const PeriodForm: FC<{ action: string; from: string; to: string; extra?: Child; hidden?: Record<string, string | undefined> }> = ({ action, from, to, extra, hidden }) => (
  <form method="get" action={action} class="period">
    {Object.entries(hidden ?? {}).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
    <label>
      From <input type="date" name="from" value={from} />
    </label>
    <label>
      To <input type="date" name="to" value={to} />
    </label>
    {extra ?? null}
    <button type="submit">Apply</button>
  </form>
);

/** A message after a form: what happened, or what went wrong. */
export const Flash: FC<{ ok?: string | undefined; error?: string | undefined }> = ({ ok, error }) => (
  <>
    {ok ? <p class="flash ok">{ok}</p> : null}
    {error ? <p class="flash error">{error}</p> : null}
  </>
);
