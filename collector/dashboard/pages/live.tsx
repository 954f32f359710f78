import { Hono, type Context } from 'hono';
import { liveEvents, LIVE_LIMIT, type LiveRead } from '../../reports/index.js';
import { Card, Empty, Flash, Layout, PageHead, SiteSelect } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { qs } from '../format.js';
import type { DashboardEnv } from '../session.js';
import { EventRow } from './live-row.js';
import type { Site, StoredEvent } from '../../schema/domain.js';

/** The header a poll's reply carries: what the next poll passes as `since`. */
const CURSOR_HEADER = 'X-Live-Cursor';

const Rows = ({ events, now }: { events: StoredEvent[]; now: number }) => (
  <>
    {events.map((e) => (
      <EventRow e={e} now={now} />
    ))}
  </>
);

const errorReply = (c: Context, status: 400 | 404, code: string, message: string) => c.json({ error: { code, message } }, status);

/**
 * `/app/live`: the newest events to arrive, newest first by when they happened, with what
 * enrichment made of them (bot, network, organization, account, channel). Engagement and vitals
 * (one or more per page view) are hidden unless `?all=1`. `/app/live/rows` is the rows alone:
 * the page's script asks for it every second with `since` (the cursor of the previous reply, in
 * the `X-Live-Cursor` header) and puts the rows it does not have yet in their place.
 * `?site=` narrows both to one site.
 */
export function liveRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  /** The site asked for: undefined for all sites, null for one that does not exist. */
  const siteOf = (c: Context, sites: Site[]) => {
    const asked = c.req.query('site');
    if (!asked) return undefined;
    return sites.find((s) => s.id === asked || s.key === asked) ?? null;
  };
  const allOf = (c: Context) => c.req.query('all') === '1';

  app.get('/app/live', async (c) => {
    const sites = await d.store.listSites();
    const site = siteOf(c, sites);
    const all = allOf(c);
    const read: LiveRead = site === null ? { events: [], cursor: d.now() } : await liveEvents(d.store, d.now, { siteId: site?.id, all });
    // Nothing to show while engagement and vitals are hidden: say whether there are some.
    const hiddenOnly = !all && site !== null && !read.events.length && (await d.store.newestEvents({ limit: 1, ...(site && { siteId: site.id }) })).length > 0;
    const toggle = `/app/live${qs({ site: site?.id, all: all ? undefined : 1 })}`;
    return c.html(
      <Layout title="Live" section="live" viewer={c.get('viewer')}>
        <PageHead
          title="Live"
          sub={`The newest ${LIVE_LIMIT} events to arrive, newest first by when they happened: one that arrives late takes its place by its own time. New rows appear on their own.${all ? '' : ' Engagement and vitals are hidden.'}`}
        >
          {sites.length > 1 ? (
            <form method="get" action="/app/live" class="filters">
              {all ? <input type="hidden" name="all" value="1" /> : null}
              <SiteSelect sites={sites} value={site?.id} />
              <button type="submit" class="secondary">
                Show
              </button>
            </form>
          ) : null}
          <a class="button secondary" href={toggle} data-live-toggle="" aria-pressed={all ? 'true' : 'false'}>
            {all ? 'Hide engagement and vitals' : 'Show engagement and vitals'}
          </a>
        </PageHead>
        {site === null ? <Flash error="No site has that id: showing nothing. Pick a site from the list." /> : null}
        <Card wide>
          {read.events.length ? null : (
            <div data-live-empty="">
              {hiddenOnly ? (
                <Empty>
                  Only engagement and vitals events so far: <a href={toggle}>show them</a>. Page views, downloads and forms appear here as they arrive.
                </Empty>
              ) : (
                <Empty>
                  No events yet{site ? ` from ${site.name}` : ''}. Put the site's tag on your pages (copy it from <a href="/app/settings#sites">Settings</a>) and open one of
                  them: its page view shows up here within a second or two.
                </Empty>
              )}
            </div>
          )}
          <div class="table-wrap">
            <table data-live={`/app/live/rows${qs({ site: site?.id, all: all ? 1 : undefined })}`} data-live-cursor={String(read.cursor)} class="live">
              <thead>
                <tr>
                  <th>When</th>
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
                <Rows events={read.events} now={d.now()} />
              </tbody>
            </table>
          </div>
        </Card>
      </Layout>,
    );
  });

  app.get('/app/live/rows', async (c) => {
    const site = siteOf(c, await d.store.listSites());
    if (site === null) return errorReply(c, 404, 'unknown_site', 'no site has that id: pick one from the live page');
    const since = c.req.query('since');
    if (since !== undefined && !/^\d{1,15}$/.test(since)) return errorReply(c, 400, 'invalid_query', 'since: must be the epoch milliseconds of the previous reply (its X-Live-Cursor header)');
    const read = await liveEvents(d.store, d.now, { siteId: site?.id, all: allOf(c), since: since === undefined ? undefined : Number(since) });
    c.header(CURSOR_HEADER, String(read.cursor));
    return c.html(<Rows events={read.events} now={d.now()} />);
  });

  return app;
}
