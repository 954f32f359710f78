import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import { CommandError, createSite, deleteSite, rotateSiteKey, updateSite } from '../../commands/index.js';
import { KEY_GRACE_HOURS, snippet } from '../../schema/index.js';
import { Card, Csrf, Empty } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt } from '../format.js';
import { requireAdmin, type DashboardEnv, type Viewer } from '../session.js';
import { absoluteUtc, When } from '../when.js';
import type { Site } from '../../schema/domain.js';
import { back as backTo, type FlashMessage } from '../flash.js';

/**
 * Settings → Sites: each site's tag to copy, and for admins adding, editing, re-keying and
 * deleting sites. Every change is the same command the admin API runs (collector/commands).
 */

type Body = Record<string, string | File | (string | File)[]>;
const text = (body: Body, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
const lines = (s: string) => s.split(/[\r\n]+/).map((o) => o.trim()).filter(Boolean);
const anchorOf = (s: Pick<Site, 'id'>) => `site-${s.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
const snippetId = (s: Site) => `snippet-${s.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
const sitePath = (s: Pick<Site, 'id'>, action: string) => `/app/settings/sites/${encodeURIComponent(s.id)}/${action}`;
const back = (c: Context, flash: FlashMessage, anchor = 'sites') => backTo(c, '/app/settings', flash, anchor);

/** The grace periods offered for an old key (hours), the API's default first. */
const GRACE_CHOICES: [number, string][] = [
  [KEY_GRACE_HOURS.default, '24 hours'],
  [1, '1 hour'],
  [72, '3 days'],
  [168, '7 days'],
  [KEY_GRACE_HOURS.max, '30 days'],
  [0, 'no time: refuse it at once'],
];

/** The form's name for a field the command names. */
const LABELS: Record<string, string> = { name: 'Name', origins: 'Allowed origins', server_side: 'Server senders', confirm: 'Confirmation', grace_hours: 'Grace period' };
const refusal = (err: unknown, what: string): string => {
  if (!(err instanceof CommandError)) throw err;
  const field = err.field?.split('.')[0];
  return `${what} ${field ? `${LABELS[field] ?? field}: ` : ''}${err.problem}.`;
};

const SiteFields: FC<{ site?: Site }> = ({ site }) => (
  <>
    <div class="row">
      <label>
        Name
        <input name="name" maxlength={100} placeholder="www.example.com" required value={site?.name ?? ''} />
      </label>
      <label class="grow">
        Allowed origins, one per line (none: any origin)
        <textarea name="origins" class="short" placeholder={'https://www.example.com\nhttps://docs.example.com'}>
          {site?.origins.join('\n') ?? ''}
        </textarea>
      </label>
    </div>
    <label class="check">
      <span>
        <input type="checkbox" name="server_side" value="on" checked={site?.serverSide ?? false} /> Also accept events sent by servers (without an Origin header)
      </span>
    </label>
  </>
);

/** An admin's changes to one site: edit, new key, delete (each folded until opened). */
const SiteActions: FC<{ site: Site; viewer: Viewer }> = ({ site, viewer }) => (
  <div class="stack">
    <details>
      <summary>Edit name, origins, server senders</summary>
      <form method="post" action={sitePath(site, 'edit')} class="stack">
        <Csrf viewer={viewer} />
        <SiteFields site={site} />
        <div>
          <button type="submit">Save</button>
        </div>
      </form>
    </details>
    <details>
      <summary>New key</summary>
      <form method="post" action={sitePath(site, 'rotate')} class="stack">
        <Csrf viewer={viewer} />
        <p class="muted">
          A new key, and so a new tag to put on every page. The current key keeps working for the time you choose, so pages still carrying it lose no events
          while the tag is replaced; after that it is refused. Rotating again ends the old key's time at once.
        </p>
        <div class="row">
          <label>
            The current key keeps working for
            <select name="grace_hours">
              {GRACE_CHOICES.map(([hours, label]) => (
                <option value={String(hours)}>{label}</option>
              ))}
            </select>
          </label>
          <button type="submit" class="secondary">
            Issue a new key
          </button>
        </div>
      </form>
    </details>
    <details>
      <summary>Delete</summary>
      <form method="post" action={sitePath(site, 'delete')} class="stack">
        <Csrf viewer={viewer} />
        <p>
          Deleting <strong>{site.name}</strong> removes the site and every event it received, with its sessions, visitors and their counts in every report, and
          cannot be undone. Its tag stops working at once. The accounts stay, with what other sites saw of them.
        </p>
        <div class="row">
          <label>
            Type the site's name to confirm
            <input name="confirm" autocomplete="off" required placeholder={site.name} />
          </label>
          <button type="submit" class="danger">
            Delete this site and its data
          </button>
        </div>
      </form>
    </details>
  </div>
);

const SiteCard: FC<{ site: Site; publicUrl: string; viewer: Viewer; now: number }> = ({ site, publicUrl, viewer, now }) => (
  <div class="site" id={anchorOf(site)}>
    <div class="card-head">
      <h3>{site.name}</h3>
      <button type="button" class="secondary" data-copy={snippetId(site)}>
        Copy
      </button>
    </div>
    <dl class="kv">
      <dt>Key</dt>
      <dd class="mono">{site.key}</dd>
      {site.previousKey && site.previousKeyExpiresAt !== undefined && site.previousKeyExpiresAt > now ? (
        <>
          <dt>Previous key</dt>
          <dd>
            <span class="mono">{site.previousKey}</span> still works until{' '}
            <time datetime={new Date(site.previousKeyExpiresAt).toISOString()}>{absoluteUtc(site.previousKeyExpiresAt)}</time>: replace the tag on every page before then.
          </dd>
        </>
      ) : null}
      <dt>Allowed origins</dt>
      <dd>{site.origins.length ? site.origins.join(', ') : <span class="muted">any origin</span>}</dd>
      <dt>Server senders</dt>
      <dd>{site.serverSide ? 'accepted (events without an Origin header)' : <span class="muted">refused (browsers only)</span>}</dd>
      <dt>Created</dt>
      <dd>
        <When at={site.createdAt} now={now} />
      </dd>
    </dl>
    <pre class="snippet" id={snippetId(site)}>
      {snippet(publicUrl, site.key)}
    </pre>
    {viewer.role === 'admin' ? <SiteActions site={site} viewer={viewer} /> : null}
  </div>
);

/** The Sites card of the settings page. */
export const SitesCard: FC<{ sites: Site[]; deleting: Site[]; publicUrl: string; viewer: Viewer; now: number }> = ({ sites, deleting, publicUrl, viewer, now }) => (
  <Card title="Sites" wide>
    <p class="muted">
      Put the tag in the <code class="mono">&lt;head&gt;</code> of every page of the site. A site with allowed origins accepts events only from pages on them.
    </p>
    {sites.length ? (
      <div class="stack">
        {sites.map((s) => (
          <SiteCard site={s} publicUrl={publicUrl} viewer={viewer} now={now} />
        ))}
      </div>
    ) : (
      <Empty>No sites yet: add one to get its tag.</Empty>
    )}
    {deleting.map((s) => (
      <div class="flash error" id={anchorOf(s)}>
        Deleting <strong>{s.name}</strong> started <When at={s.deletedAt} now={now} /> and did not finish: it takes no events, and part of its data is still stored.
        {viewer.role === 'admin' ? (
          <form method="post" action={sitePath(s, 'delete')} class="inline">
            <Csrf viewer={viewer} />
            <input type="hidden" name="confirm" value={s.name} />{' '}
            <button type="submit" class="danger small">
              Finish deleting
            </button>
          </form>
        ) : null}
      </div>
    ))}
    {viewer.role === 'admin' ? (
      <form method="post" action="/app/settings/sites" class="stack add-form">
        <h3>Add a site</h3>
        <Csrf viewer={viewer} />
        <SiteFields />
        <div>
          <button type="submit">Add site</button>
        </div>
      </form>
    ) : null}
  </Card>
);

/** The site forms' posts: each runs the admin API's command and comes back to the settings page with what happened. */
export function siteSettingsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const fields = (body: Body) => ({ name: text(body, 'name'), origins: lines(text(body, 'origins')), server_side: text(body, 'server_side') === 'on' });

  app.post('/app/settings/sites', requireAdmin, async (c) => {
    const body = (await c.req.parseBody()) as Body;
    try {
      const site = await createSite(d.store, fields(body), d.now());
      return back(c, { ok: `The site ${site.name} was added: copy its tag below.` }, anchorOf(site));
    } catch (err) {
      return back(c, { error: refusal(err, 'Site not added.') });
    }
  });

  app.post('/app/settings/sites/:id/edit', requireAdmin, async (c) => {
    const body = (await c.req.parseBody()) as Body;
    try {
      const site = await updateSite(d.store, c.req.param('id'), fields(body));
      return back(c, { ok: `${site.name} was saved.` }, anchorOf(site));
    } catch (err) {
      return back(c, { error: refusal(err, 'Not saved.') }, anchorOf({ id: c.req.param('id') }));
    }
  });

  app.post('/app/settings/sites/:id/rotate', requireAdmin, async (c) => {
    const body = (await c.req.parseBody()) as Body;
    const hours = Number(text(body, 'grace_hours') || KEY_GRACE_HOURS.default);
    try {
      const site = await rotateSiteKey(d.store, c.req.param('id'), { grace_hours: hours }, d.now());
      const until = site.previousKeyExpiresAt !== undefined ? `The old key keeps working until ${absoluteUtc(site.previousKeyExpiresAt)}.` : 'The old key is refused from now on.';
      return back(c, { ok: `${site.name} has a new key: put its new tag (below) on every page. ${until}` }, anchorOf(site));
    } catch (err) {
      return back(c, { error: refusal(err, 'No new key.') }, anchorOf({ id: c.req.param('id') }));
    }
  });

  app.post('/app/settings/sites/:id/delete', requireAdmin, async (c) => {
    const body = (await c.req.parseBody()) as Body;
    try {
      const r = await deleteSite(d.store, c.req.param('id'), { now: d.now(), confirmName: text(body, 'confirm') });
      const what = `${fmtInt(r.events)} event${r.events === 1 ? '' : 's'}, ${fmtInt(r.sessions)} session${r.sessions === 1 ? '' : 's'} and ${fmtInt(r.visitors)} visitor${r.visitors === 1 ? '' : 's'}`;
      return back(c, { ok: `${r.site.name} was deleted with ${what}.` });
    } catch (err) {
      return back(c, { error: refusal(err, 'Not deleted.') }, anchorOf({ id: c.req.param('id') }));
    }
  });

  return app;
}
