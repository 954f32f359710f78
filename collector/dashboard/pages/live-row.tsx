import type { FC } from 'hono/jsx';
import { ExtLink } from '../components.js';
import { fmtDuration, fmtNum } from '../format.js';
import { When } from '../when.js';
import type { StoredEvent } from '../../schema/domain.js';

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A receive time this far from the event's own time is worth saying (a queue sent late, a wrong clock). */
const LATE_MS = 2 * 60_000;

/** Web vitals as read: milliseconds for the timings, a plain number for the layout shift. */
const VITALS: [key: string, label: string, ms: boolean][] = [
  ['lcp', 'LCP', true],
  ['inp', 'INP', true],
  ['cls', 'CLS', false],
  ['fcp', 'FCP', true],
  ['ttfb', 'TTFB', true],
];
const ms = (n: number) => (n >= 1000 ? `${fmtNum(n / 1000)} s` : `${Math.round(n)} ms`);

/** What an event measured or named, in a few words: time on page, vitals, a form's id, a custom event's name. */
function detailOf(e: StoredEvent): string | null {
  const p = e.props ?? {};
  if (e.type === 'engagement') {
    const visible = num(p.visible_ms);
    const scroll = num(p.scroll_pct);
    const parts = [visible !== null ? `${fmtDuration(visible)} visible` : null, scroll !== null ? `${fmtNum(scroll)} % scrolled` : null].filter(Boolean);
    return parts.length ? parts.join(' · ') : null;
  }
  if (e.type === 'vitals') {
    const parts = VITALS.flatMap(([key, label, isMs]) => {
      const v = num(p[key]);
      return v === null ? [] : [`${label} ${isMs ? ms(v) : v.toFixed(2)}`];
    });
    return parts.length ? parts.join(' · ') : null;
  }
  if (e.type === 'form' && str(p.form_id)) return `form ${str(p.form_id)}`;
  return e.name;
}

/**
 * The page an event happened on, by its title (its URL on hover); a download or an outbound
 * click shows where it led first, then the page it was on.
 */
const What: FC<{ e: StoredEvent }> = ({ e }) => {
  const href = str(e.props?.href);
  const page = <ExtLink url={e.url} text={e.title} max={70} hover />;
  const detail = detailOf(e);
  return (
    <>
      {(e.type === 'download' || e.type === 'outbound') && href ? (
        <>
          <div>
            → <ExtLink url={href} text={str(e.props?.text)} max={70} hover />
          </div>
          <div class="detail muted">on {page}</div>
        </>
      ) : (
        <div>{page}</div>
      )}
      {detail ? <div class="detail muted">{detail}</div> : null}
    </>
  );
};

/** When it happened (relative, the moment on hover), and when it arrived if that was much later or earlier. */
const Time: FC<{ e: StoredEvent; now: number }> = ({ e, now }) => (
  <>
    <When at={e.ts} now={now} />
    {e.receivedAt > 0 && Math.abs(e.receivedAt - e.ts) >= LATE_MS ? (
      <div class="detail muted">
        received <When at={e.receivedAt} now={now} />
      </div>
    ) : null}
  </>
);

/**
 * One event as a row. The live script keeps rows by `data-id` and puts a new one in its place by
 * `data-ts` (newest first, then by id, as the server sorts).
 */
export const EventRow: FC<{ e: StoredEvent; now: number }> = ({ e, now }) => (
  <tr data-id={e.id} data-ts={String(e.ts)}>
    <td class="nowrap">
      <Time e={e} now={now} />
    </td>
    <td>
      <span class="badge">{e.type.replace('_', ' ')}</span>
    </td>
    <td class="live-what">
      <What e={e} />
    </td>
    <td class="mono" title={e.visitor ?? undefined}>
      {e.visitor ? (e.visitor.length > 14 ? `${e.visitor.slice(0, 13)}…` : e.visitor) : <span class="muted">–</span>}
    </td>
    <td>{e.bot ? <span class="badge bot">bot</span> : <span class="muted">no</span>}</td>
    <td>{e.network ? <span class={`badge net-${e.network.class.replace(/[^a-z]/g, '')}`}>{e.network.class}</span> : <span class="muted">–</span>}</td>
    <td>{e.network?.organization ?? <span class="muted">–</span>}</td>
    <td>
      {e.account?.id ? <a href={`/app/accounts/${encodeURIComponent(e.account.id)}`}>{e.account.name || e.account.domain || e.account.id}</a> : e.account ? e.account.name : <span class="muted">–</span>}
      {e.account ? <div class="detail muted via">via {e.account.via}</div> : null}
    </td>
    <td>{e.channel ?? <span class="muted">–</span>}</td>
  </tr>
);
