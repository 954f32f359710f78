import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { EMAIL } from '../../accounts/index.js';
import type { User } from '../../store/index.js';
import { Card, Csrf, Empty, Flash, Layout, PageHead } from '../components.js';
import type { DashboardDeps, LoadedDatabase } from '../deps.js';
import { fmtDay } from '../format.js';
import { When } from '../when.js';
import { hashPassword, passwordProblem } from '../password.js';
import { requireAdmin, type DashboardEnv, type Viewer } from '../session.js';
import { ScoringCard } from './settings-scoring.js';
import { siteSettingsRoutes, SitesCard } from './settings-sites.js';
import { back as backTo, flashOf, type FlashMessage } from '../flash.js';

type Body = Record<string, string | File | (string | File)[]>;
const text = (body: Body, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
const back = (c: Context, flash: FlashMessage, anchor: string) => backTo(c, '/app/settings', flash, anchor);

const Databases = ({ databases, now }: { databases: readonly LoadedDatabase[] | undefined; now: number }) => (
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
                <td>
                  <When at={db.loadedAt.getTime()} now={now} />
                </td>
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

const Users = ({ users, viewer, now }: { users: User[]; viewer: Viewer; now: number }) => (
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
                <td>
                  <When at={u.createdAt} now={now} />
                </td>
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
 * `/app/settings`: sites with their tags (admins add, edit, re-key and delete them), how scores and stages are read (from
 * the environment, read-only), the IP databases identification loaded, and for admins the users.
 */
export function settingsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  app.route('/', siteSettingsRoutes(d));

  app.get('/app/settings', async (c) => {
    const viewer = c.get('viewer');
    const [sites, deleting] = await Promise.all([d.store.listSites(), d.store.listSites({ deleting: true })]);
    const users = viewer.role === 'admin' ? await d.store.listUsers() : [];
    return c.html(
      <Layout title="Settings" section="settings" viewer={viewer}>
        <PageHead title="Settings" sub="Sites and their tags, how accounts are scored, what identifies companies, and who signs in." />
        <Flash {...flashOf(c)} />
        <div id="sites">
          <SitesCard sites={sites} deleting={deleting} publicUrl={d.publicUrl} viewer={viewer} now={d.now()} />
        </div>
        <div class="grid2">
          <ScoringCard rules={d.rules} reading={d.reading} stages={d.stages} programmeStart={d.programmeStart} />
          <Databases databases={d.identification?.databases} now={d.now()} />
        </div>
        {viewer.role === 'admin' ? (
          <div id="users">
            <Users users={users} viewer={viewer} now={d.now()} />
          </div>
        ) : (
          <p class="muted">Users are managed by an admin.</p>
        )}
      </Layout>,
    );
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
