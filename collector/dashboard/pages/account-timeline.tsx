import type { FC } from 'hono/jsx';
import type { AccountReading, AccountReport } from '../../reports/index.js';
import { READING_MAX_PER_ACCOUNT } from '../../store/index.js';
import { Empty, ExtLink } from '../components.js';
import { fmtDuration, fmtInt } from '../format.js';
import { IntentBadge } from '../reading.js';
import { When } from '../when.js';

type Session = AccountReport['sessions'][number];

/** Sessions shown at a time on the account page. */
export const TIMELINE_PAGE = 20;

/**
 * What the account read over the whole period (not only the visits listed below): forms sent,
 * then pages and downloads, high-intent pages first.
 */
export const WhatTheyRead: FC<{ r: AccountReport; reading: AccountReading | undefined; now: number }> = ({ r, reading, now }) => {
  const forms = r.forms;
  if (!reading?.items.length && !forms.length) return <Empty>Nothing read in this period.</Empty>;
  return (
    <div class="stack">
      {forms.length ? (
        <ul class="hits">
          {forms.map((f) => (
            <li>
              <span class="badge stage-mqa">form</span> <span class="mono">{f.form_id ?? 'unnamed form'}</span> <small>on</small> <ExtLink url={f.url} max={50} />{' '}
              <small>
                <When at={f.at} now={now} />
              </small>
            </li>
          ))}
        </ul>
      ) : null}
      {reading?.items.length ? (
        <table class="report">
          <thead>
            <tr>
              <th>Page or download</th>
              <th class="num" title="Page views (downloads, for a file) in the period">
                Views
              </th>
              <th class="num" title="Distinct visitors (browsers) of this account who read it">
                Visitors
              </th>
              <th class="num">Last read</th>
            </tr>
          </thead>
          <tbody>
            {reading.items.map((p) => (
              <tr>
                <td>
                  <div>
                    <span class="read-title" title={p.url}>
                      {p.title || p.url}
                    </span>{' '}
                    {p.intent ? <IntentBadge kind={p.intent} /> : null}
                    {p.kind === 'asset' ? <span class="badge download">download</span> : null}
                  </div>
                  <small>
                    <ExtLink url={p.url} max={60} />
                  </small>
                </td>
                <td class="num">{fmtInt(p.views)}</td>
                <td class="num">{fmtInt(p.visitors)}</td>
                <td class="num nowrap">
                  <When at={p.last_at} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {reading && reading.total > reading.items.length ? (
        <p class="muted more">
          {`The ${fmtInt(reading.items.length)} most telling of ${fmtInt(reading.total)} pages and downloads`}
          {reading.cut ? ` in the account's newest ${fmtInt(READING_MAX_PER_ACCOUNT)} reads of the period.` : '.'}
        </p>
      ) : null}
    </div>
  );
};

/** One visit: when, where from, where it landed, and what was read, downloaded and sent in it. */
const Visit: FC<{ s: Session; now: number }> = ({ s, now }) => (
  <li>
    <div class="tl-head">
      <strong>
        <When at={s.started_at} now={now} />
      </strong>
      <span class="badge">{s.channel ?? 'Unassigned'}</span>
      {s.campaign ? (
        <span>
          <small>campaign</small> {s.campaign}
        </span>
      ) : null}
      {s.source || s.medium ? (
        <small>
          {s.source ?? '–'} / {s.medium ?? '–'}
        </small>
      ) : null}
    </div>
    {s.landing_url ? (
      <div>
        <small>Landed on</small> <ExtLink url={s.landing_url} max={70} />
      </div>
    ) : null}
    {s.pages.length ? (
      <ol>
        {s.pages.map((p) => (
          <li>
            {p.title ? <span>{p.title}</span> : null} <ExtLink url={p.url} max={60} /> <small>{fmtDuration(p.time_ms)}</small>
          </li>
        ))}
      </ol>
    ) : null}
    {s.downloads.length || s.forms.length ? (
      <ul class="hits">
        {s.downloads.map((dl) => (
          <li>
            <span class="badge stage-engaged">download</span> <ExtLink url={dl.href} text={dl.text} max={60} />
          </li>
        ))}
        {s.forms.map((f) => (
          <li>
            <span class="badge stage-mqa">form</span> <span class="mono">{f.form_id ?? 'unnamed form'}</span> <small>on</small> <ExtLink url={f.url} max={50} />
          </li>
        ))}
      </ul>
    ) : null}
  </li>
);

/**
 * The period's visits, newest first, a page of TIMELINE_PAGE at a time: "Newer" and "Older"
 * links keep the period (`href` builds them).
 */
export const Timeline: FC<{ r: AccountReport; offset: number; href: (offset: number) => string; now: number }> = ({ r, offset, href, now }) => {
  if (!r.sessions.length) return r.sessions_total ? <Empty>No visits on this page. <a href={href(0)}>Back to the newest</a></Empty> : <Empty>No visits in this period.</Empty>;
  const total = r.sessions_total;
  const last = offset + r.sessions.length;
  return (
    <>
      <ol class="timeline">
        {r.sessions.map((s) => (
          <Visit s={s} now={now} />
        ))}
      </ol>
      <nav class="pager" aria-label="Visits">
        <span>{`Visits ${fmtInt(offset + 1)}–${fmtInt(last)} of ${fmtInt(total)}, newest first`}</span>
        {offset > 0 ? <a href={href(Math.max(0, offset - TIMELINE_PAGE))} rel="prev">← Newer visits</a> : <span class="off">← Newer visits</span>}
        {last < total ? <a href={href(last)} rel="next">Older visits →</a> : <span class="off">Older visits →</span>}
      </nav>
    </>
  );
};
