import { randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { ApiToken, User } from '../../store/index.js';
import { Card, Csrf, Empty, Flash, Layout, PageHead } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { When } from '../when.js';
import { requireAdmin, sha256, type DashboardEnv, type Viewer } from '../session.js';
import { back as backTo, type FlashMessage } from '../flash.js';

const back = (c: Context, flash: FlashMessage) => backTo(c, '/app/settings/tokens', flash);

const TokensPage = ({ viewer, users, tokens, created, flash, now }: { now: number; viewer: Viewer; users: User[]; tokens: ApiToken[]; created?: { token: string; user: string; name: string }; flash: { ok?: string | undefined; error?: string | undefined } }) => {
  const byId = new Map(users.map((u) => [u.id, u]));
  return (
    <Layout title="API tokens" section="settings" viewer={viewer}>
      <p class="crumbs">
        <a href="/app/settings">← Settings</a>
      </p>
      <PageHead title="API tokens" sub="Bearer tokens for the admin API, made for a user: a token acts with its user's role (a viewer's may only read)." />
      <Flash ok={flash.ok} error={flash.error} />
      {created ? (
        <Card title="Your new token">
          <p>
            For <strong>{created.user}</strong> ({created.name}). Copy it now: it is shown only once, and only its hash is kept.
          </p>
          <pre class="snippet" id="new-token">{created.token}</pre>
          <p class="row">
            <button type="button" class="secondary" data-copy="new-token">
              Copy
            </button>
            <span class="muted mono">curl -H 'Authorization: Bearer …' /api/accounts</span>
          </p>
        </Card>
      ) : null}
      <Card title="Tokens" wide>
        {tokens.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>User</th>
                  <th>Name</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr>
                    <td>
                      {byId.get(t.userId)?.email ?? 'removed user'} <small>{byId.get(t.userId)?.role ?? ''}</small>
                    </td>
                    <td>{t.name}</td>
                    <td class="nowrap">
                      <When at={t.createdAt} now={now} />
                    </td>
                    <td class="nowrap">
                      <When at={t.lastUsedAt} now={now} empty="never" />
                    </td>
                    <td>
                      <form method="post" action={`/app/settings/tokens/${encodeURIComponent(t.id)}/revoke`} class="inline" data-confirm={`Revoke the token ${t.name}? Scripts using it stop working at once.`}>
                        <Csrf viewer={viewer} />
                        <button type="submit" class="danger">
                          Revoke
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>No API tokens yet.</Empty>
        )}
      </Card>
      <Card title="Make a token">
        {users.length ? (
          <form method="post" action="/app/settings/tokens" class="row">
            <Csrf viewer={viewer} />
            <label>
              For user
              <select name="user_id">
                {users.map((u) => (
                  <option value={u.id}>
                    {u.email} ({u.role})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Name <input name="name" required maxlength={100} placeholder="e.g. CRM sync" />
            </label>
            <button type="submit">Make token</button>
          </form>
        ) : (
          <Empty>
            Tokens are made for users: <a href="/app/settings#users">add a user</a> first.
          </Empty>
        )}
      </Card>
    </Layout>
  );
};

/** `/app/settings/tokens`: admins make and revoke API tokens for users. */
export function apiTokensRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const page = async (c: Context<DashboardEnv>, created?: { token: string; user: string; name: string }) =>
    c.html(
      <TokensPage now={d.now()} viewer={c.get('viewer')} users={await d.store.listUsers()} tokens={await d.store.listApiTokens()} created={created} flash={{ ok: c.req.query('ok')?.slice(0, 300), error: c.req.query('error')?.slice(0, 300) }} />,
    );
  app.get('/app/settings/tokens', requireAdmin, (c) => page(c));
  app.post('/app/settings/tokens', requireAdmin, async (c) => {
    const body = await c.req.parseBody();
    const name = typeof body.name === 'string' ? body.name.trim().slice(0, 100) : '';
    const user = typeof body.user_id === 'string' ? await d.store.findUser({ id: body.user_id }) : undefined;
    if (!user) return back(c, { error: 'Choose a user for the token.' });
    if (!name) return back(c, { error: 'Give the token a name, so you know later what uses it.' });
    const token = `abm_${randomBytes(24).toString('base64url')}`;
    await d.store.createApiToken({ id: randomUUID(), userId: user.id, name, tokenHash: sha256(token), createdAt: d.now(), lastUsedAt: null });
    return page(c, { token, user: user.email, name });
  });
  app.post('/app/settings/tokens/:id/revoke', requireAdmin, async (c) =>
    back(c, (await d.store.deleteApiToken(c.req.param('id'))) ? { ok: 'The token was revoked.' } : { error: 'There is no such token.' }),
  );
  return app;
}
