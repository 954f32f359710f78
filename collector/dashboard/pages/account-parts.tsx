import type { FC } from 'hono/jsx';
import { TOUCH_MODELS, type TouchModel } from '../../attribution/index.js';
import { isStage, ROLE_LEVELS, type AutomaticStage } from '../../accounts/index.js';
import type { AccountReport } from '../../reports/index.js';
import { BarList } from '../charts.js';
import { Card, Csrf, Empty, ExtLink, Layout, PageHead, StageBadge } from '../components.js';
import { fmtInt, fmtPct } from '../format.js';
import type { Viewer } from '../session.js';
import { When } from '../when.js';

/** The account page's parts: its header, people, channels, identification and stage. */
export const stageLabel = (s: string) => (s === 'mqa' ? 'MQA' : s ? s[0]!.toUpperCase() + s.slice(1) : s);
/** A domain shown as a link only when it looks like a host name (letters, digits, dots and hyphens). */
const isHostname = (s: string | null): s is string => !!s && s.length <= 253 && /^(?=[a-z0-9])(?:[a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i.test(s);
export const accountPath = (id: string) => `/app/accounts/${encodeURIComponent(id)}`;

const SOURCES: Record<string, string> = { auto: 'Engagement (automatic)', api: 'Set by hand', csv: 'CRM import' };
const MODELS: Record<TouchModel, string> = { first_touch: 'First touch', last_touch: 'Last touch', linear: 'Linear', time_decay: 'Time decay' };
const VIA: Record<string, string> = { network: 'Network (IP)', email: 'E-mail domain', domain: 'Domain', manual: 'By hand' };
const ROLE: Record<string, string> = { c_level: 'C-level', vp: 'VP' };
/** Seniority, most senior first (the product's levels); those who gave no title last. */
const SENIORITY: readonly string[] = ROLE_LEVELS;
const rank = (level: string | null) => (level === null ? SENIORITY.length : SENIORITY.indexOf(level) === -1 ? SENIORITY.length - 1 : SENIORITY.indexOf(level));
const bySeniority = (a: AccountReport['people']['known'][number], b: AccountReport['people']['known'][number]) => rank(a.role_level) - rank(b.role_level) || (b.last_seen ?? '').localeCompare(a.last_seen ?? '');

export const NotFound: FC<{ viewer: Viewer; id: string }> = ({ viewer, id }) => (
  <Layout title="Account not found" section="accounts" viewer={viewer}>
    <PageHead title="Account not found" />
    <Card>
      <Empty>
        No account has the id <span class="mono">{id.slice(0, 64)}</span>. It may have been merged or removed. <a href="/app/accounts">All accounts</a>
      </Empty>
    </Card>
  </Layout>
);

export const Forbidden: FC<{ viewer: Viewer; id: string }> = ({ viewer, id }) => (
  <Layout title="Not allowed" section="accounts" viewer={viewer}>
    <PageHead title="Not allowed" />
    <Card>
      <Empty>
        Only an admin can change an account's stage. <a href={accountPath(id)}>Back to the account</a>
      </Empty>
    </Card>
  </Layout>
);

/** The flash after a stage change: fixed sentences chosen by code, never text from the URL. */
export function flashOf(q: Record<string, string | undefined>): { ok?: string; error?: string } {
  if (q.ok && isStage(q.ok)) return { ok: q.how === 'auto' ? `Back to automatic stages: engagement puts this account at ${stageLabel(q.ok)}.` : `Stage set to ${stageLabel(q.ok)}.` };
  if (q.ok === 'same') return { ok: 'The account is already at that stage: nothing changed.' };
  if (q.error === 'stage') return { error: 'Pick a stage to set.' };
  if (q.error === 'race') return { error: 'The stage changed meanwhile. Look at it again and retry.' };
  return {};
}

export const Header: FC<{ r: AccountReport; now: number }> = ({ r, now }) => (
  <span class="acct-meta">
    {isHostname(r.domain) ? <ExtLink url={`https://${r.domain}`} text={r.domain} /> : r.domain ? <span>{r.domain}</span> : null}
    {r.target ? <span class="badge target">target</span> : <span class="badge">not a target</span>}
    {r.tier ? <span class="badge">Tier {r.tier}</span> : null}
    {r.owner ? <span>Owner: {r.owner}</span> : null}
    <span>
      <StageBadge stage={r.stage} />
      {r.stage_changed_at ? (
        <small>
          {' '}
          since <When at={r.stage_changed_at} now={now} />
        </small>
      ) : null}
    </span>
    <small>
      First seen <When at={r.first_seen} now={now} /> · last seen <When at={r.last_seen} now={now} empty="never" />
    </small>
    {r.aliases.length ? <small>Also known as {r.aliases.join(', ')}</small> : null}
  </span>
);

/**
 * Who from the account said who they are (forms, identify), most senior first, and how many did
 * not: near the top of the page, as a rep reads it first.
 */
export const People: FC<{ r: AccountReport; now: number }> = ({ r, now }) => (
  <>
    {r.people.known.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>E-mail domain</th>
              <th>Job title</th>
              <th>Role level</th>
              <th>First seen</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {[...r.people.known].sort(bySeniority).map((p) => (
              <tr>
                <td>{p.email_domain ?? '–'}</td>
                <td>{p.job_title ?? <span class="muted">–</span>}</td>
                <td>{p.role_level ? <span class="badge">{ROLE[p.role_level] ?? stageLabel(p.role_level)}</span> : <span class="muted">–</span>}</td>
                <td class="nowrap">
                  <When at={p.first_seen} now={now} />
                </td>
                <td class="nowrap">
                  <When at={p.last_seen} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>No one from this account has given an e-mail address yet.</Empty>
    )}
    <p class="muted">
      {fmtInt(r.people.anonymous_visitors)} anonymous {r.people.anonymous_visitors === 1 ? 'visitor' : 'visitors'} in this period.
    </p>
  </>
);

export const Channels: FC<{ r: AccountReport }> = ({ r }) => {
  if (!r.channels.length) return <Empty>No visits in this period.</Empty>;
  const channels = [...new Set(TOUCH_MODELS.flatMap((m) => r.attribution[m].map((x) => x.channel)))];
  const credit = (m: TouchModel, ch: string) => r.attribution[m].find((x) => x.channel === ch)?.credit ?? 0;
  return (
    <div class="stack">
      <BarList rows={r.channels.map((ch) => ({ label: ch.channel, value: ch.sessions, note: ch.sessions === 1 ? 'visit' : 'visits' }))} />
      {channels.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Credit</th>
                {TOUCH_MODELS.map((m) => (
                  <th class="num">{MODELS[m]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {channels.map((ch) => (
                <tr>
                  <td>{ch}</td>
                  {TOUCH_MODELS.map((m) => (
                    <td class="num">{fmtPct(credit(m, ch))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
};

export const Identification: FC<{ r: AccountReport }> = ({ r }) =>
  r.identification.length ? (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th title="How events were credited to this account: by the network they came from, or an e-mail domain someone gave">Via</th>
            <th title="Which data said so: your account ranges, an IP database, a form">Source</th>
            <th title="The kind of network the visits came from: business, ISP, mobile, hosting…">Network</th>
            <th title="The network's owner, as the data names it">Organization</th>
            <th class="num">Events</th>
            <th class="num" title="How sure that identification is, from 0 to 100 %">
              Confidence
            </th>
          </tr>
        </thead>
        <tbody>
          {r.identification.map((i) => (
            <tr>
              <td>{i.via ? (VIA[i.via] ?? i.via) : '–'}</td>
              <td>{i.source ?? '–'}</td>
              <td>{i.network_class ?? '–'}</td>
              <td>{i.organization ?? '–'}</td>
              <td class="num">{fmtInt(i.events)}</td>
              <td class="num">{fmtPct(i.confidence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : (
    <Empty>No events identified this account yet (it is on the target list).</Empty>
  );

/** Networks credited by reverse DNS, with what was found: the PTR name is the visitor network's own text, shown escaped like all event-derived text. */
export const ReverseDns: FC<{ r: AccountReport; now: number }> = ({ r, now }) =>
  r.reverse_dns.length ? (
    <ul class="reverse-dns">
      {r.reverse_dns.map((x) => (
        <li>
          Identified by reverse DNS: <code>{x.ptr}</code> for <code>{x.network}</code>, checked <When at={x.checked_at} now={now} />
        </li>
      ))}
    </ul>
  ) : null;

export const StageCard: FC<{ r: AccountReport; viewer: Viewer; automatic: AutomaticStage | null; keep: Record<string, string | undefined>; now: number }> = ({ r, viewer, automatic, keep, now }) => (
  <>
    {viewer.role === 'admin' ? (
      <form method="post" action={`${accountPath(r.id)}/stage`} class="filters stage-form">
        <Csrf viewer={viewer} />
        {Object.entries(keep).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : null))}
        <label>
          Set stage
          <select name="stage">
            <option value="opportunity" selected={r.stage !== 'opportunity'}>
              Opportunity
            </option>
            <option value="customer" selected={r.stage === 'opportunity'}>
              Customer
            </option>
            {automatic ? <option value="auto">{`Automatic (engagement says ${stageLabel(automatic)})`}</option> : null}
          </select>
        </label>
        <label>
          Reason <input type="text" name="reason" maxlength={200} placeholder="e.g. deal opened in the CRM" />
        </label>
        <button type="submit">Save stage</button>
      </form>
    ) : null}
    {r.stage_changes.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Change</th>
              <th>When</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {r.stage_changes.map((s) => (
              <tr>
                <td class="nowrap">
                  <StageBadge stage={s.from} /> → <StageBadge stage={s.to} />
                </td>
                <td class="nowrap">
                  <When at={s.at} now={now} />
                  <br />
                  <small>{SOURCES[s.source] ?? s.source}</small>
                </td>
                <td>{s.reason ?? <span class="muted">–</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>No stage changes yet.</Empty>
    )}
  </>
);

