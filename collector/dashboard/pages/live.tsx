import { Hono, type Context } from 'hono';
import type { Site, StoredEvent } from '../../store/index.js';
import { Card, Empty, ExtLink, Flash, Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { qs } from '../format.js';
import type { DashboardEnv } from '../session.js';

/** How many of the newest events the page and each refresh show. */
const LIMIT = 50;

/** 2026-11-23 11:59:02 (UTC): the live view needs the seconds. */
const clock = (ms: number) => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) || ms <= 0 ? '–' : d.toISOString().slice(0, 19).replace('T', ' ');
};
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
const NetworkClass = ({ e }: { e: StoredEvent }) => (e.network ? <span class={`badge net-${e.network.class.replace(/[^a-z]/g, '')}`}>{e.network.class}</span> : <span class="muted">–</span>);

/** What an event adds to its page: a custom event's name, a download's or outbound link's target, a form's id. */
const Detail = ({ e }: { e: StoredEvent }) => {
  const p = e.props ?? {};
  if ((e.type === 'download' || e.type === 'outbound') && str(p.href)) {
    return (
      <div class="detail">
        → <ExtLink url={str(p.href)} text={str(p.text)} max={60} />
      </div>
    );
  }
  if (e.type === 'form' && str(p.form_id)) return <div class="detail muted">form {str(p.form_id)}</div>;
  if (e.name) return <div class="detail muted">{e.name}</div>;
  return null;
};

/** One event as a row: the live script keeps rows by `data-id` and adds the ones it has not seen. */
export const EventRow = ({ e }: { e: StoredEvent }) => (
  <tr data-id={e.id}>
    <td class="nowrap" title={e.receivedAt > 0 ? `received ${clock(e.receivedAt)} UTC` : undefined}>
      {clock(e.ts)}
    </td>
    <td>
      <span class="badge">{e.type}</span>
    </td>
    <td>
      <ExtLink url={e.url} text={e.title} max={70} />
      <Detail e={e} />
    </td>
    <td class="mono">{e.visitor ? (e.visitor.length > 14 ? `${e.visitor.slice(0, 13)}…` : e.visitor) : <span class="muted">–</span>}</td>
    <td>{e.bot ? <span class="badge bot">bot</span> : <span class="muted">no</span>}</td>
    <td>
      <NetworkClass e={e} />
    </td>
    <td>{e.network?.organization ?? <span class="muted">–</span>}</td>
    <td>
      {e.account?.id ? <a href={`/app/accounts/${encodeURIComponent(e.account.id)}`}>{e.account.name || e.account.domain || e.account.id}</a> : e.account ? e.account.name : <span class="muted">–</span>}
      {e.account ? <div class="detail muted">via {e.account.via}</div> : null}
    </td>
    <td>{e.channel ?? <span class="muted">–</span>}</td>
  </tr>
);

const Rows = ({ events }: { events: StoredEvent[] }) => (
  <>
    {events.map((e) => (
      <EventRow e={e} />
    ))}
  </>
);

/**
 * `/app/live`: the newest events as they arrive, with what enrichment made of them (bot, network,
 * organization, account, channel); `/app/live/rows` is the rows alone, which the page's script
 * asks for every second and prepends the new ones of. `?site=` narrows both to one site.
 */
export function liveRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  /** The site asked for: undefined for all sites, null for one that does not exist. */
  const siteOf = (c: Context, sites: Site[]) => {
    const asked = c.req.query('site');
    if (!asked) return undefined;
    return sites.find((s) => s.id === asked || s.key === asked) ?? null;
  };

  app.get('/app/live', async (c) => {
    const viewer = c.get('viewer');
    const sites = await d.store.listSites();
    const site = siteOf(c, sites);
    const events = site === null ? [] : await d.store.newestEvents({ limit: LIMIT, ...(site && { siteId: site.id }) });
    return c.html(
      <Layout title="Live" section="live" viewer={viewer}>
        <PageHead title="Live" sub={`The newest ${LIMIT} events as they arrive, and what the collector made of them. New rows appear on their own.`}>
          {sites.length > 1 ? (
            <form method="get" action="/app/live" class="filters">
              <label>
                Site
                <select name="site">
                  <option value="">All sites</option>
                  {sites.map((s) => (
                    <option value={s.id} selected={site?.id === s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" class="secondary">
                Show
              </button>
            </form>
          ) : null}
        </PageHead>
        {site === null ? <Flash error="No site has that id: showing nothing. Pick a site from the list." /> : null}
        <Card wide>
          {events.length ? null : (
            <div data-live-empty="">
              <Empty>
                No events yet{site ? ` from ${site.name}` : ''}. Put the site's tag on your pages (copy it from <a href="/app/settings#sites">Settings</a>) and open one of them: its
                page view shows up here within a second or two.
              </Empty>
            </div>
          )}
          <div class="table-wrap">
            <table data-live={`/app/live/rows${qs({ site: site?.id })}`} class="live">
              <thead>
                <tr>
                  <th>Time (UTC)</th>
                  <th>Type</th>
                  <th>Page</th>
                  <th>Visitor</th>
                  <th>Bot</th>
                  <th>Network</th>
                  <th>Organization</th>
                  <th>Account</th>
                  <th>Channel</th>
                </tr>
              </thead>
              <tbody>
                <Rows events={events} />
              </tbody>
            </table>
          </div>
        </Card>
      </Layout>,
    );
  });

  app.get('/app/live/rows', async (c) => {
    const site = siteOf(c, await d.store.listSites());
    if (site === null) return c.text('No site has that id.', 404);
    const events = await d.store.newestEvents({ limit: LIMIT, ...(site && { siteId: site.id }) });
    return c.html(<Rows events={events} />);
  });

  return app;
}
