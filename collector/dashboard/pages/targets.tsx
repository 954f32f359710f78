import { Hono } from 'hono';
import { countryName, isStage, parseTargetList, STAGES } from '../../accounts/index.js';
import { networksHref, NotOnTargetList, TargetLinks } from './target-networks.js';
import { CommandError, importTargetList, networkSummaries, targetNetworkDeps, type NetworkSummary, type TargetImport } from '../../commands/index.js';
import type { Account } from '../../store/index.js';
import { Card, Csrf, Empty, Flash, Layout, PageHead, Pager, StageBadge, Tile } from '../components.js';
import type { DashboardDeps } from '../deps.js';
import { fmtInt, qs } from '../format.js';
import { requireAdmin, type DashboardEnv, type Viewer } from '../session.js';
import { WORDS } from '../words.js';
import { back, flashOf } from '../flash.js';

/** The CSV header of the target list, as the contract and the admin API read it. */
const HEADER = ['domain', 'name', 'tier', 'owner_email', 'aliases', 'country'] as const;
/** An upload larger than this is refused before it is read (5 MB is some 50,000 rows). */
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const PAGE = 100;

type Body = Record<string, string | File | (string | File)[]>;
const text = (body: Body, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
const accountHref = (id: string) => `/app/accounts/${encodeURIComponent(id)}`;
const editHref = (id: string) => `/app/targets/${encodeURIComponent(id)}/edit`;

/** One row of an upload's report. */
interface ReportRow {
  row: number;
  /** The CSV line, header and comments counted. */
  line?: number;
  status: 'created' | 'updated' | 'rejected';
  id?: string;
  domain?: string | null;
  name?: string;
  message?: string;
}

/** '2 credited · 3 to confirm', linking to the target's networks. */
const NetworkCounts = ({ summary, href }: { summary: NetworkSummary | undefined; href: string | undefined }) => {
  if (!href) return <span class="muted">–</span>;
  if (!summary) return <a href={href}>networks</a>;
  const parts = [summary.credited ? `${fmtInt(summary.credited)} credited` : '', summary.candidates ? `${fmtInt(summary.candidates)} to confirm` : ''].filter(Boolean);
  return <a href={href}>{parts.length ? parts.join(' · ') : 'none found'}</a>;
};

/** The row fields of the add and edit forms. */
const TargetFields = ({ account, lockDomain }: { account?: Account | undefined; lockDomain?: boolean }) => (
  <div class="row">
    <label>
      Domain
      <input name="domain" value={account?.domain ?? ''} placeholder="acme.com" maxlength={253} readonly={lockDomain ?? false} />
    </label>
    <label>
      Name
      <input name="name" value={account?.name ?? ''} placeholder="Acme" maxlength={200} />
    </label>
    <label>
      Tier
      <input name="tier" value={account?.tier ?? ''} placeholder="1" maxlength={50} class="short" />
    </label>
    <label>
      Owner e-mail
      <input name="owner_email" type="email" value={account?.owner ?? ''} placeholder="ana@vendor.com" maxlength={254} />
    </label>
    <label>
      Aliases (separated by ;)
      <input name="aliases" value={account?.aliases.join('; ') ?? ''} placeholder="ACME Corp; Acme Inc." maxlength={2000} />
    </label>
    <label title={WORDS.country}>
      Country
      <input name="country" value={account?.country ?? ''} placeholder="US" maxlength={60} class="short" />
    </label>
  </div>
);

const TargetTable = ({ accounts, viewer }: { accounts: Account[]; viewer: Viewer }) => (
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th>Name</th>
          <th>Domain</th>
          <th title={WORDS.tier}>Tier</th>
          <th title="The person who owns the account (their e-mail); signed in, they find it under My accounts">Owner</th>
          <th title={WORDS.aliases}>Aliases</th>
          <th title={WORDS.country}>Country</th>
          <th title={WORDS.candidateNetworks}>Networks</th>
          <th title={WORDS.stage}>Stage</th>
          {viewer.role === 'admin' ? <th></th> : null}
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr>
            <td>
              <a href={accountHref(a.id)}>{a.name}</a>
            </td>
            <td>{a.domain ?? <span class="muted">–</span>}</td>
            <td>{a.tier ?? <span class="muted">–</span>}</td>
            <td>{a.owner ?? <span class="muted">–</span>}</td>
            <td>{a.aliases.length ? a.aliases.join(', ') : <span class="muted">–</span>}</td>
            <td>{a.country ? <span title={countryName(a.country)}>{a.country}</span> : <span class="muted">–</span>}</td>
            <td>
              <a href={networksHref(a.id)}>Networks</a>
            </td>
            <td>
              <StageBadge stage={a.stage} />
            </td>
            {viewer.role === 'admin' ? (
              <td class="row-actions">
                <a href={editHref(a.id)}>Edit</a>
                <form method="post" action={`/app/targets/${encodeURIComponent(a.id)}/remove`} class="inline" data-confirm={`Take ${a.name} off the target list? Its history stays.`}>
                  <Csrf viewer={viewer} />
                  <button type="submit" class="danger small">Remove</button>
                </form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const UploadForms = ({ viewer }: { viewer: Viewer }) => (
  <div class="grid2">
    <Card title="Upload a target list">
      <form method="post" action="/app/targets/upload" enctype="multipart/form-data" class="stack">
        <Csrf viewer={viewer} />
        <p class="muted">
          CSV with the header <code class="mono">{HEADER.join(',')}</code> (separated by commas, semicolons or tabs); tier <code class="mono">1</code>,{' '}
          <code class="mono">2</code> or <code class="mono">3</code>; aliases separated by <code class="mono">;</code>. An account already on the list (same
          domain, else same name) is updated, others are added; a row with problems is reported with all of them and not imported.
        </p>
        <label>
          CSV file
          <input type="file" name="file" accept=".csv,text/csv,text/plain" />
        </label>
        <label>
          …or paste the rows
          <textarea name="csv" placeholder={`${HEADER.join(',')}\nacme.com,Acme,1,ana@vendor.com,ACME Corp;Acme Inc.`}></textarea>
        </label>
        <div>
          <button type="submit">Import</button>
        </div>
      </form>
    </Card>
    <Card title="Add one account">
      <form method="post" action="/app/targets/add" class="stack">
        <Csrf viewer={viewer} />
        <TargetFields />
        <p class="muted">A name or a domain is needed; with a domain, visits from its people and networks are matched to the account.</p>
        <div>
          <button type="submit">Add to the target list</button>
        </div>
      </form>
    </Card>
  </div>
);

/**
 * `/app/targets`: the target account list (search, pages), a CSV upload with a per-row report,
 * and for admins adding, editing, removing one account and setting its stage by hand. Uploads
 * and added rows go through the admin API's own command (importTargetList), and identification
 * reloads after every change.
 */
export function targetsRoutes(d: DashboardDeps): Hono<DashboardEnv> {
  const app = new Hono<DashboardEnv>();
  const refresh = async () => {
    try {
      await d.identification?.refresh();
    } catch {
      /* as the admin API: the list is saved; identification catches up on its next reload */
    }
  };
  const target = async (id: string) => (await d.store.listTargets()).find((a) => a.id === id);

  app.get('/app/targets', async (c) => {
    const viewer = c.get('viewer');
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const offset = Math.max(0, Math.min(1e9, Math.trunc(Number(c.req.query('offset')) || 0)));
    const all = (await d.store.listTargets()).sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
    const needle = q.toLowerCase();
    const shown = needle
      ? all.filter((a) => [a.name, a.domain, a.tier, a.owner, ...a.aliases].some((v) => v?.toLowerCase().includes(needle)))
      : all;
    return c.html(
      <Layout title="Target list" section="targets" viewer={viewer}>
        <PageHead title="Target list" sub={`${fmtInt(all.length)} target account${all.length === 1 ? '' : 's'}: the companies the programme is for.`}>
          <a class="button secondary" href="/api/target-accounts?format=csv">
            Download CSV
          </a>
        </PageHead>
        <Flash {...flashOf(c)} />
        <Card
          title="Target accounts"
          wide
          actions={
            <form method="get" action="/app/targets" class="filters">
              <input type="search" name="q" value={q} placeholder="Name, domain, owner, tier…" aria-label="Search" />
              <button type="submit" class="secondary">
                Search
              </button>
            </form>
          }
        >
          {shown.length ? (
            <>
              <TargetTable accounts={shown.slice(offset, offset + PAGE)} viewer={viewer} />
              <Pager total={shown.length} offset={offset} limit={PAGE} href={(o) => `/app/targets${qs({ q, offset: o || undefined })}`} />
            </>
          ) : (
            <Empty>{q ? 'No target account matches that search.' : 'No target accounts yet. Upload your list or add accounts one by one.'}</Empty>
          )}
        </Card>
        {viewer.role === 'admin' ? <UploadForms viewer={viewer} /> : <p class="muted">Only an admin can change the target list.</p>}
      </Layout>,
    );
  });

  app.post('/app/targets/upload', requireAdmin, async (c) => {
    const viewer = c.get('viewer');
    const body = (await c.req.parseBody()) as Body;
    let csv = text(body, 'csv');
    const file = body.file;
    if (file instanceof File && file.size > 0) {
      if (file.size > MAX_UPLOAD_BYTES) return back(c, '/app/targets', { error: `That file is too large: upload at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB at once.` });
      csv = await file.text();
    }
    csv = csv.replace(/^\uFEFF/, '');
    if (csv.length > MAX_UPLOAD_BYTES) return back(c, '/app/targets', { error: `That is too much text: paste at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB at once.` });
    if (!csv.trim()) return back(c, '/app/targets', { error: `Choose a CSV file or paste rows with the header ${HEADER.join(',')}.` });

    // The same command as POST /api/target-accounts: the header, separator, tier and every problem of a row checked alike.
    let result: TargetImport;
    let summaries = new Map<string, NetworkSummary>();
    try {
      result = await importTargetList(d.store, { csv }, refresh);
      summaries = await networkSummaries(targetNetworkDeps(d.store, d.identification), result.rows.flatMap((r) => (r.id ? [r.id] : [])));
    } catch (err) {
      if (err instanceof CommandError) return back(c, '/app/targets', { error: `Nothing was imported: ${err.message}` });
      throw err;
    }
    if (!result.rows.length) return back(c, '/app/targets', { error: `No rows found: the CSV needs the header ${HEADER.join(',')} and at least one row.` });
    const report: ReportRow[] = result.rows.map((r) => ({ ...r, status: r.status === 'error' ? 'rejected' : r.status }));
    const count = (s: ReportRow['status']) => report.filter((r) => r.status === s).length;
    return c.html(
      <Layout title="Target list import" section="targets" viewer={viewer}>
        <PageHead title="Target list import" sub="What became of each row: its line in the file (the header is line 1) and, for a row not imported, every problem it has.">
          <a class="button secondary" href="/app/targets">
            Back to the target list
          </a>
        </PageHead>
        <div class="tiles">
          <Tile label="Created" value={fmtInt(count('created'))} />
          <Tile label="Updated" value={fmtInt(count('updated'))} />
          <Tile label="Rejected" value={fmtInt(count('rejected'))} />
        </div>
        {count('rejected') ? <p class="flash error">Rejected rows were not imported: correct them and upload them again.</p> : <p class="flash ok">Every row was imported.</p>}
        <Card title="Rows" wide>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th class="num">Line</th>
                  <th>Result</th>
                  <th>Account</th>
                  <th>Domain</th>
                  <th title={WORDS.candidateNetworks}>Networks</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {report.map((r) => (
                  <tr>
                    <td class="num">{r.line ?? r.row}</td>
                    <td>
                      <span class={`badge result-${r.status}`}>{r.status}</span>
                    </td>
                    <td>{r.id ? <a href={accountHref(r.id)}>{r.name}</a> : <span class="muted">–</span>}</td>
                    <td>{r.domain ?? <span class="muted">–</span>}</td>
                    <td>
                      <NetworkCounts summary={r.id ? summaries.get(r.id) : undefined} href={r.id ? networksHref(r.id) : undefined} />
                    </td>
                    <td>{r.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      </Layout>,
      result.created + result.updated ? 200 : 400,
    );
  });

  app.post('/app/targets/add', requireAdmin, async (c) => {
    const body = (await c.req.parseBody()) as Body;
    // One row through the import command, as POST /api/target-accounts takes a JSON array of one.
    const row = Object.fromEntries(HEADER.map((k) => [k, text(body, k).trim()]).filter(([, v]) => v !== ''));
    const [outcome] = (await importTargetList(d.store, { json: [row] }, refresh)).rows;
    if (!outcome || outcome.status === 'error') return back(c, '/app/targets', { error: `Not added: ${outcome?.message ?? 'a row needs a name or a domain'}.` });
    return back(c, '/app/targets', {
      ok: outcome.status === 'updated' ? `${outcome.name} was already known: it is on the target list now, with these details.` : `${outcome.name} was added to the target list.`,
    });
  });

  app.get('/app/targets/:id/edit', requireAdmin, async (c) => {
    const viewer = c.get('viewer');
    const account = await target(c.req.param('id'));
    if (!account) return c.html(<NotOnTargetList viewer={viewer} />, 404);
    const path = `/app/targets/${encodeURIComponent(account.id)}`;
    return c.html(
      <Layout title={`Edit ${account.name}`} section="targets" viewer={viewer}>
        <PageHead title={`Edit ${account.name}`} sub={account.domain ?? 'no domain'}>
          <TargetLinks id={account.id} />
        </PageHead>
        <Flash {...flashOf(c)} />
        <Card title="Details">
          <form method="post" action={`${path}/edit`} class="stack">
            <Csrf viewer={viewer} />
            <TargetFields account={account} lockDomain={account.domain !== null} />
            <p class="muted">
              {account.domain
                ? 'The domain identifies the account and its history: to change it, remove the account and add the new domain.'
                : 'Without a domain the name identifies the account: it can change in spelling (case, punctuation, legal form), not to another name. Adding a domain is welcome.'}
            </p>
            <div>
              <button type="submit">Save</button>
            </div>
          </form>
        </Card>
        <div class="grid2">
          <Card title="Stage">
            <form method="post" action={`${path}/stage`} class="stack">
              <Csrf viewer={viewer} />
              <p class="muted">
                Now <StageBadge stage={account.stage} />. Opportunity and customer come from your CRM: engagement never moves an account out of them. Any stage may be set (a
                lost opportunity goes back to engaged); each change is kept with its time.
              </p>
              <div class="row">
                <label>
                  Stage
                  <select name="stage">
                    {STAGES.map((s) => (
                      <option value={s} selected={s === account.stage}>
                        {s}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Reason (optional)
                  <input name="reason" maxlength={200} placeholder="Deal created in the CRM" />
                </label>
                <button type="submit">Set stage</button>
              </div>
            </form>
          </Card>
          <Card title="Remove">
            <form method="post" action={`${path}/remove`} class="stack" data-confirm={`Take ${account.name} off the target list? Its history stays.`}>
              <Csrf viewer={viewer} />
              <p class="muted">Takes the account off the target list. It stays an account, with its history, without tier or owner.</p>
              <div>
                <button type="submit" class="danger">
                  Remove from the target list
                </button>
              </div>
            </form>
          </Card>
        </div>
      </Layout>,
    );
  });

  app.post('/app/targets/:id/edit', requireAdmin, async (c) => {
    const id = c.req.param('id');
    const account = await target(id);
    if (!account) return back(c, '/app/targets', { error: 'That account is not on the target list (any more).' });
    const here = editHref(id);
    const body = (await c.req.parseBody()) as Body;
    const input = Object.fromEntries(HEADER.map((k) => [k, text(body, k)]));
    // The domain identifies an account: a stored one stays (importTargets finds the account by it).
    if (account.domain) input.domain = account.domain;
    const checked = parseTargetList([input]);
    const problem = checked.problems[0];
    if (problem || !checked.rows[0]) return back(c, here, { error: `Not saved: ${problem?.message ?? 'a row needs a name or a domain'}.` });
    const row = checked.rows[0].value;
    if (!account.domain) {
      // importTargets finds a domainless account by its name key: another key would be another account.
      if (row.nameKey !== account.nameKey) {
        return back(c, here, { error: `Not saved: without a domain, the name identifies the account, and "${row.name}" is another name than "${account.name}". Add its domain, or remove it and add the new one.` });
      }
      if (row.domain) {
        const owner = (await d.store.listAccounts({ limit: 1_000_000 })).find((a) => a.domain === row.domain && a.id !== id);
        if (owner) return back(c, here, { error: `Not saved: the domain ${row.domain} already belongs to the account ${owner.name}.` });
      }
    }
    const [outcome] = await d.store.importTargets([row]);
    await refresh();
    if (outcome?.id !== id) return back(c, '/app/targets', { error: `Saved as another account (${row.name}): check the list.` });
    return back(c, '/app/targets', { ok: `${row.name} was saved.` });
  });

  app.post('/app/targets/:id/remove', requireAdmin, async (c) => {
    const account = await target(c.req.param('id'));
    if (!account) return back(c, '/app/targets', { error: 'That account is not on the target list (any more).' });
    const removed = await d.store.removeTarget(account.id);
    await refresh();
    return back(c, '/app/targets', removed ? { ok: `${account.name} is off the target list; its history stays.` } : { error: `${account.name} was not on the target list.` });
  });

  app.post('/app/targets/:id/stage', requireAdmin, async (c) => {
    const id = c.req.param('id');
    const body = (await c.req.parseBody()) as Body;
    const stage = text(body, 'stage').trim().toLowerCase();
    const here = editHref(id);
    if (!isStage(stage)) return back(c, here, { error: `The stage must be one of ${STAGES.join(', ')}.` });
    const account = (await d.store.listAccounts({ limit: 1, ids: [id] }))[0];
    if (!account) return back(c, '/app/targets', { error: 'No account has that id.' });
    if (account.stage === stage) return back(c, here, { ok: `${account.name} is already ${stage}.` });
    const reason = text(body, 'reason').trim().slice(0, 200) || null;
    const changed = (await d.store.changeStages([{ accountId: id, from: account.stage, to: stage, at: d.now(), source: 'api', reason }])) > 0;
    return back(c, here, changed ? { ok: `${account.name} moved from ${account.stage} to ${stage}.` } : { error: `${account.name}'s stage changed meanwhile: reload and try again.` });
  });

  return app;
}
