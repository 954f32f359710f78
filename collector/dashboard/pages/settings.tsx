import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { EMAIL, ROLE_LEVELS } from '../../accounts/index.js';
import { NewSiteRequest, newSiteKey, snippet } from '../../schema/index.js';
import type { Site, User } from '../../store/index.js';
import { Card, Csrf, Empty, Flash, Layout, PageHead } from '../components.js';
import type { DashboardDeps, LoadedDatabase } from '../deps.js';
import { fmtDay, fmtNum, fmtTime, qs } from '../format.js';
import { hashPassword, passwordProblem } from '../password.js';
import { requireAdmin, type DashboardEnv, type Viewer } from '../session.js';


/** Weights such as 1.25 keep their second decimal. */
const fmtWeight = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);
const ROLE_LABELS: Record<(typeof ROLE_LEVELS)[number], string> = { c_level: 'C-level', vp: 'VP', director: 'Director', manager: 'Manager', other: 'Other or unknown' };

type Body = Record<string, string | File | (string | File)[]>;
const text = (body: Body, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
const flashOf = (c: Context) => ({ ok: c.req.query('ok')?.slice(0, 300), error: c.req.query('error')?.slice(0, 300) });
const back = (c: Context, flash: { ok?: string; error?: string }, anchor: string) => c.redirect(`/app/settings${qs(flash)}#${anchor}`, 303);
const snippetId = (s: Site) => `snippet-${s.id.replace(/[^A-Za-z0-9_-]/g, '')}`;

const Sites = ({ sites, publicUrl, viewer }: { sites: Site[]; publicUrl: string; viewer: Viewer }) => (
  <Card title="Sites" wide>
    <p class="muted">
      Put the tag in the <code class="mono">&lt;head&gt;</code> of every page of the site. A site with allowed origins accepts events only from pages on them.
    </p>
    {sites.length ? (
      <div class="stack">
        {sites.map((s) => (
          <div class="site">
            <div class="card-head">
              <h3>{s.name}</h3>
              <button type="button" class="secondary" data-copy={snippetId(s)}>
                Copy
              </button>
            </div>
            <dl class="kv">
              <dt>Key</dt>
              <dd class="mono">{s.key}</dd>
              <dt>Allowed origins</dt>
              <dd>{s.origins.length ? s.origins.join(', ') : <span class="muted">any origin</span>}</dd>
              {s.serverSide ? (
                <>
                  <dt>Server senders</dt>
                  <dd>accepted (events without an Origin header)</dd>
                </>
              ) : null}
              <dt>Created</dt>
              <dd>{fmtDay(s.createdAt)}</dd>
            </dl>
            <pre class="snippet" id={snippetId(s)}>
              {snippet(publicUrl, s.key)}
            </pre>
          </div>
        ))}
      </div>
    ) : (
      <Empty>No sites yet: add one to get its tag.</Empty>
    )}
    {viewer.role === 'admin' ? (
      <form method="post" action="/app/settings/sites" class="stack add-form">
        <h3>Add a site</h3>
        <Csrf viewer={viewer} />
        <div class="row">
          <label>
            Name
            <input name="name" maxlength={100} placeholder="www.example.com" required />
          </label>
          <label class="grow">
            Allowed origins, one per line (none: any origin)
            <textarea name="origins" class="short" placeholder={'https://www.example.com\nhttps://docs.example.com'}></textarea>
          </label>
        </div>
        <label class="check">
          <span>
            <input type="checkbox" name="server_side" value="on" /> Also accept events sent by servers (without an Origin header)
          </span>
        </label>
        <div>
          <button type="submit">Add site</button>
        </div>
      </form>
    ) : null}
  </Card>
);

const Scoring = ({ d }: { d: DashboardDeps }) => (
  <Card title="Scoring and stages">
    <h3>Role weights</h3>
    <table>
      <tbody>
        {ROLE_LEVELS.map((level) => (
          <tr>
            <td>{ROLE_LABELS[level]}</td>
            <td class="num">× {fmtWeight(d.reading.weights[level])}</td>
          </tr>
        ))}
        <tr>
          <td>Half-life of a point</td>
          <td class="num">{fmtNum(d.reading.halfLifeDays)} days</td>
        </tr>
      </tbody>
    </table>
    <h3>Stage thresholds</h3>
    <table>
      <tbody>
        <tr>
          <td>Engaged: a score of at least</td>
          <td class="num">{fmtNum(d.stages.engagedScore)}</td>
        </tr>
        <tr>
          <td>…or visits on at least</td>
          <td class="num">{fmtNum(d.stages.engagedDays)} days</td>
        </tr>
        <tr>
          <td>MQA: a score of at least</td>
          <td class="num">{fmtNum(d.stages.mqaScore)}</td>
        </tr>
        <tr>
          <td>Counted over the last</td>
          <td class="num">{fmtNum(d.stages.windowDays)} days</td>
        </tr>
        <tr>
          <td>Programme start (for uplift)</td>
          <td class="num">{d.programmeStart !== undefined ? fmtDay(d.programmeStart) : 'not set'}</td>
        </tr>
      </tbody>
    </table>
    <p class="muted">
      Read-only here: the collector's environment sets them, and a restart applies them. <code class="mono">ROLE_WEIGHTS</code> (e.g.{' '}
      <code class="mono">c_level=2,vp=1.5,director=1.25,manager=1,other=0.5</code>), <code class="mono">SCORE_HALF_LIFE_DAYS</code>, <code class="mono">ENGAGED_SCORE</code>,{' '}
      <code class="mono">ENGAGED_DAYS</code>, <code class="mono">MQA_SCORE</code>, <code class="mono">STAGE_WINDOW_DAYS</code>, <code class="mono">PROGRAMME_START</code>; points per
      event come from <code class="mono">SCORE_POINTS</code> (<code class="mono">page_view, pricing_view, download, form, demo_form</code>),{' '}
      <code class="mono">PRICING_PATTERN</code> and <code class="mono">DEMO_FORM_PATTERN</code>.
    </p>
  </Card>
);

const Databases = ({ databases }: { databases: readonly LoadedDatabase[] | undefined }) => (
  <Card title="IP databases">
    {databases?.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Type</th>
              <th>Kind</th>
              <th>File</th>
              <th>Built</th>
              <th>Loaded</th>
            </tr>
          </thead>
          <tbody>
            {databases.map((db) => (
              <tr>
                <td>{db.type}</td>
                <td>{db.kind}</td>
                <td class="mono">{db.path ?? 'bundled'}</td>
                <td>{fmtDay(db.builtAt.getTime())}</td>
                <td>{fmtTime(db.loadedAt.getTime())}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>
        No IP database is loaded: companies are recognised only by the account ranges listed or learned and by business e-mail domains from forms. Set{' '}
        <code class="mono">IPDB</code> to the paths of MMDB files (MaxMind GeoIP2/GeoLite2 ASN, ISP or Enterprise, or compatible), or leave{' '}
        <code class="mono">OPEN_ASN=on</code> for the open ASN data, and restart.
      </Empty>
    )}
  </Card>
);

const Users = ({ users, viewer }: { users: User[]; viewer: Viewer }) => (
  <Card title="Users" wide>
    <p class="muted">People who sign in with an e-mail and a password. Admins change the target list, sites and users; viewers read.</p>
    {users.length ? (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>E-mail</th>
              <th>Name</th>
              <th>Role</th>
              <th>Created</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>{u.email}</td>
                <td>{u.name ?? <span class="muted">–</span>}</td>
                <td>
                  <span class="badge">{u.role}</span>
                </td>
                <td>{fmtDay(u.createdAt)}</td>
                <td class="row-actions">
                  {u.id === viewer.userId ? (
                    <span class="muted">you</span>
                  ) : (
                    <form method="post" action={`/app/settings/users/${encodeURIComponent(u.id)}/delete`} class="inline" data-confirm={`Delete the user ${u.email}? They are signed out at once.`}>
                      <Csrf viewer={viewer} />
                      <button type="submit" class="danger small">
                        Delete
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <Empty>No users yet: only the admin token signs in.</Empty>
    )}
    <p class="muted">
      Scripts and integrations use the admin API with a token made for a user: <a href="/app/settings/tokens">API tokens</a>.
    </p>
    <form method="post" action="/app/settings/users" class="stack add-form">
      <h3>Add a user</h3>
      <Csrf viewer={viewer} />
      <div class="row">
        <label>
          E-mail
          <input type="email" name="email" maxlength={254} required autocomplete="off" />
        </label>
        <label>
          Name
          <input name="name" maxlength={100} autocomplete="off" />
        </label>
        <label>
          Role
          <select name="role">
            <option value="viewer">viewer (reads)</option>
            <option value="admin">admin (changes settings too)</option>
          </select>
        </label>
        <label>
          Password (at least 10 characters)
          <input type="password" name="password" minlength={10} maxlength={200} required autocomplete="new-password" />
        </label>
        <button type="submit">Add user</button>
      </div>
    </form>
  </Card>
);

/**
 * `/app/settings`: sites with their tags (admins add sites), how scores and stages are read (from
 * the environment, read-only), the IP databases identification loaded, and for admins the users.
 */
export function settingsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();

  app.get('/app/settings', async (c) => {
    const viewer = c.get('viewer');
    const sites = await d.store.listSites();
    const users = viewer.role === 'admin' ? await d.store.listUsers() : [];
    return c.html(
      <Layout title="Settings" section="settings" viewer={viewer}>
        <PageHead title="Settings" sub="Sites and their tags, how accounts are scored, what identifies companies, and who signs in." />
        <Flash {...flashOf(c)} />
        <div id="sites">
          <Sites sites={sites} publicUrl={d.publicUrl} viewer={viewer} />
        </div>
        <div class="grid2">
          <Scoring d={d} />
          <Databases databases={d.identification?.databases} />
        </div>
        {viewer.role === 'admin' ? (
          <div id="users">
            <Users users={users} viewer={viewer} />
          </div>
        ) : (
          <p class="muted">Users are managed by an admin.</p>
        )}
      </Layout>,
    );
  });

  app.post('/app/settings/sites', requireAdmin, async (c) => {
    const body = (await c.req.parseBody()) as Body;
    const origins = text(body, 'origins')
      .split(/[\r\n]+/)
      .map((o) => o.trim())
      .filter(Boolean);
    const parsed = NewSiteRequest.safeParse({ name: text(body, 'name'), origins, server_side: text(body, 'server_side') === 'on' });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path[0] === 'origins' ? 'Allowed origins' : issue?.path[0] === 'name' ? 'Name' : 'The site';
      return back(c, { error: `Site not added. ${where}: ${issue?.message ?? 'invalid'}.` }, 'sites');
    }
    const { name, origins: allowed, server_side } = parsed.data;
    const site = await d.store.createSite({ id: randomUUID(), key: newSiteKey(), name, origins: allowed, serverSide: server_side });
    return back(c, { ok: `The site ${site.name} was added: copy its tag below.` }, 'sites');
  });

  app.post('/app/settings/users', requireAdmin, async (c) => {
    const body = (await c.req.parseBody()) as Body;
    const email = text(body, 'email').trim().toLowerCase();
    const name = text(body, 'name').trim().slice(0, 100) || null;
    const role = text(body, 'role');
    const password = text(body, 'password');
    const refuse = (why: string) => back(c, { error: `User not added: ${why}.` }, 'users');
    if (email.length > 254 || !EMAIL.test(email)) return refuse('enter an e-mail address');
    if (role !== 'admin' && role !== 'viewer') return refuse('the role must be admin or viewer');
    const weak = passwordProblem(password);
    if (weak) return refuse(weak);
    if (await d.store.findUser({ email })) return refuse(`a user with the e-mail ${email} already exists`);
    const passwordHash = await hashPassword(password);
    try {
      await d.store.createUser({ id: randomUUID(), email, name, role, passwordHash, createdAt: d.now() });
    } catch (err) {
      // Two admins adding the same address at once: the store's unique e-mail wins.
      if (await d.store.findUser({ email })) return refuse(`a user with the e-mail ${email} already exists`);
      throw err;
    }
    return back(c, { ok: `${email} can sign in now, as ${role}.` }, 'users');
  });

  app.post('/app/settings/users/:id/delete', requireAdmin, async (c) => {
    const id = c.req.param('id');
    if (id === c.get('viewer').userId) return back(c, { error: 'You cannot delete yourself: ask another admin.' }, 'users');
    const user = await d.store.findUser({ id });
    if (!user) return back(c, { error: 'That user does not exist (any more).' }, 'users');
    await d.store.deleteUser(id);
    return back(c, { ok: `${user.email} was deleted and signed out.` }, 'users');
  });

  return app;
}
