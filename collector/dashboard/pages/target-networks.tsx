import { Hono } from 'hono';
import { countryName } from '../../accounts/index.js';
import { CommandError, decideTargetNetworks, isStrong, targetNetworkDeps, targetNetworks, type TargetNetwork } from '../../commands/index.js';
import { Card, Csrf, Empty, Flash, Layout, PageHead, Tile } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt } from '../format.js';
import { requireAdmin, type DashboardEnv, type Viewer } from '../session.js';
import { When } from '../when.js';
import { WORDS } from '../words.js';
import { back, flashOf } from '../flash.js';

export const networksHref = (id: string) => `/app/targets/${encodeURIComponent(id)}/networks`;

/** A target's page head buttons: its account page and the list. */
export const TargetLinks = ({ id }: { id: string }) => (
  <>
    <a class="button secondary" href={`/app/accounts/${encodeURIComponent(id)}`}>
      Account page
    </a>
    <a class="button secondary" href="/app/targets">
      Target list
    </a>
  </>
);

/** The page for an id that is not (or no longer) on the target list. */
export const NotOnTargetList = ({ viewer }: { viewer: Viewer }) => (
  <Layout title="Not on the target list" section="targets" viewer={viewer}>
    <PageHead title="Not on the target list" />
    <Empty>
      No target account has that id. <a href="/app/targets">Back to the target list</a>
    </Empty>
  </Layout>
);

/** 'US' → 'United States', with the code on hover. */
const Country = ({ code }: { code: string | null }) => (code ? <span title={code}>{countryName(code)}</span> : <span class="muted">–</span>);

/** A network's size in plain numbers: 256 addresses, 1.5 M addresses. */
const size = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} M` : fmtInt(n));

function status(n: TargetNetwork): { label: string; tone: string; why: string } {
  if (n.decision === 'reject') return { label: 'rejected', tone: 'result-rejected', why: 'A person said it is not this company: it never credits it.' };
  if (n.credits && n.decision === 'confirm') return { label: 'confirmed', tone: 'result-created', why: 'A person confirmed it: it credits this company whatever the data says later.' };
  if (n.credits) return { label: 'credited', tone: 'result-created', why: 'The evidence is strong enough: its visits are credited to this company.' };
  if (n.creditedTo) return { label: `credits ${n.creditedTo.name}`, tone: 'result-updated', why: 'Another target account has the stronger claim.' };
  return { label: 'candidate', tone: 'result-updated', why: 'Close, not certain: its visits are the network’s own account until someone confirms it.' };
}

const Row = ({ n, id, viewer, now }: { n: TargetNetwork; id: string; viewer: Viewer; now: number }) => {
  const s = status(n);
  const action = `${networksHref(id)}/${n.asn}`;
  return (
    <tr>
      <td class="num mono">AS{n.asn}</td>
      <td>{n.organization}</td>
      <td>
        <Country code={n.country} />
      </td>
      <td class="num">{size(n.ipv4)}</td>
      <td class="num" title="The evidence's weights added up: 3.5 credits, 2 makes a candidate">
        {n.score.toFixed(1)}
      </td>
      <td>
        <ul class="evidence">
          {n.evidence.map((e) => (
            <li class={e.weight > 0 ? 'for' : e.weight < 0 ? 'against' : ''}>
              {e.weight > 0 ? '+' : ''}
              {e.weight ? e.weight : ''} {e.text}
            </li>
          ))}
        </ul>
      </td>
      <td class="num">
        {n.seen.sessions ? (
          <span>
            {fmtInt(n.seen.sessions)} visit{n.seen.sessions === 1 ? '' : 's'} · last <When at={n.seen.lastSeen} now={now} />
          </span>
        ) : (
          <span class="muted">none</span>
        )}
      </td>
      <td>
        <span class={`badge ${s.tone}`} title={s.why}>
          {s.label}
        </span>
        {n.decidedBy ? <div class="muted small">by {n.decidedBy}</div> : null}
      </td>
      {viewer.role === 'admin' ? (
        <td class="row-actions">
          {(['confirm', 'reject'] as const)
            .filter((decision) => n.decision !== decision)
            .map((decision) => (
              <form method="post" action={action} class="inline">
                <Csrf viewer={viewer} />
                <input type="hidden" name="decision" value={decision} />
                <button type="submit" class={decision === 'reject' ? 'small danger' : 'small'}>
                  {decision === 'confirm' ? 'Confirm' : 'Reject'}
                </button>
              </form>
            ))}
        </td>
      ) : null}
    </tr>
  );
};

/**
 * `/app/targets/:id/networks`: the networks a target account may be, with the evidence for and
 * against each, the visits already seen from it, and (for admins) confirm and reject, one by one
 * or every strong one at once. The same commands as the admin API.
 */
export function targetNetworksRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const deps = () => targetNetworkDeps(d.store, d.identification);

  app.get('/app/targets/:id/networks', async (c) => {
    const viewer = c.get('viewer');
    let data;
    try {
      data = await targetNetworks(deps(), c.req.param('id'));
    } catch (err) {
      if (!(err instanceof CommandError) || err.status !== 404) throw err;
      return c.html(<NotOnTargetList viewer={viewer} />, 404);
    }
    const { target, networks } = data;
    const strong = networks.filter(isStrong).length;
    return c.html(
      <Layout title={`Networks of ${target.name}`} section="targets" viewer={viewer}>
        <PageHead title={`Networks of ${target.name}`} sub={`${target.domain ?? 'no domain'}${target.country ? ` · ${countryName(target.country)}` : ' · country not given'}`}>
          <TargetLinks id={target.id} />
        </PageHead>
        <Flash {...flashOf(c)} />
        <p class="muted">{WORDS.candidateNetworks}</p>
        <div class="tiles">
          <Tile label="Credited" value={fmtInt(data.credited)} />
          <Tile label="Waiting for a decision" value={fmtInt(data.candidates)} />
          <Tile label="Rejected" value={fmtInt(data.rejected)} />
        </div>
        <Card
          title="Networks"
          wide
          actions={
            viewer.role === 'admin' && strong ? (
              <form method="post" action={`${networksHref(target.id)}/strong`} class="inline">
                <Csrf viewer={viewer} />
                <input type="hidden" name="decision" value="confirm" />
                <button type="submit" title="Confirms every undecided network whose evidence scores a credit, so it stays credited whatever the data says later">
                  Confirm the {fmtInt(strong)} strong one{strong === 1 ? '' : 's'}
                </button>
              </form>
            ) : undefined
          }
        >
          {networks.length ? (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th class="num">AS</th>
                    <th>Organization</th>
                    <th title="Where the network is registered">Country</th>
                    <th class="num" title="IPv4 addresses the network announces">Addresses</th>
                    <th class="num">Score</th>
                    <th>Evidence</th>
                    <th class="num" title="Visits already seen from it">Visits</th>
                    <th>Now</th>
                    {viewer.role === 'admin' ? <th></th> : null}
                  </tr>
                </thead>
                <tbody>
                  {networks.map((n) => (
                    <Row n={n} id={target.id} viewer={viewer} now={d.now()} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>
              No network in the open data comes close to this company. Many companies have no network of their own: their people are found by forms, or by reverse DNS when it is
              on. A domain and a country on the target list help find the ones that exist.
            </Empty>
          )}
        </Card>
      </Layout>,
    );
  });

  app.post('/app/targets/:id/networks/:asn', requireAdmin, async (c) => {
    const id = c.req.param('id');
    const here = networksHref(id);
    const body = await c.req.parseBody();
    const asn = c.req.param('asn');
    const which = asn === 'strong' ? ('strong' as const) : /^\d{1,10}$/.test(asn) ? Number(asn) : NaN;
    const decision = body.decision === 'confirm' || body.decision === 'reject' ? body.decision : null;
    if (!decision) return back(c, here, { error: 'Choose confirm or reject.' });
    try {
      const r = await decideTargetNetworks(deps(), id, which, decision, c.get('viewer').email ?? 'admin token');
      if (!r.decided.length) return back(c, here, { ok: 'Nothing to confirm: every strong network is decided already.' });
      const what = r.decided.length === 1 ? `AS${r.decided[0]!.asn} (${r.decided[0]!.organization})` : `${r.decided.length} networks`;
      const moved = r.backfill.changed ? ` ${fmtInt(r.backfill.changed)} past event${r.backfill.changed === 1 ? '' : 's'} moved.` : '';
      return back(c, here, { ok: `${what} ${decision === 'confirm' ? 'confirmed' : 'rejected'}.${moved}` });
    } catch (err) {
      if (err instanceof CommandError) return back(c, here, { error: err.problem });
      throw err;
    }
  });

  return app;
}
