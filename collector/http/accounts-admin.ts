import { Hono, type Context } from 'hono';
import { decideTargetNetworks, importTargetList, networkSummaries, parseDecision, targetNetworkDeps, targetNetworks, type TargetNetworks } from '../commands/index.js';
import type { NetworkDirectory } from '../accounts/index.js';
import type { IdentifyOptions } from '../enrich/index.js';
import { checkRange } from '../ipdb/index.js';
import { registrableDomain } from '../accounts/index.js';
import { csvRecords } from '../schema/csv.js';
import type { Store } from '../store/index.js';
import { toCsv, wantsCsv } from './csv.js';
import { runCommand } from './command.js';
import { HttpError } from './errors.js';
import { parseJson } from './read-json.js';

/** What the admin API needs of identification: to reload after a change, and what it has loaded. */
export interface IdentificationFace {
  refresh(): Promise<void>;
  /** Every named AS of the bundled data, and identification's options (its live matcher): targets' candidate networks. */
  directory?: () => Promise<NetworkDirectory>;
  options?: IdentifyOptions;
  databases: readonly { type: string; kind: string; path: string | null; builtAt: Date; loadedAt: Date }[];
  learnMinPeople?: number;
}

const MAX_ROWS = 100_000;


/** A list upload: `text/csv` by the given header, or a JSON array. */
async function readRows(c: Context, header: readonly string[]): Promise<{ row: number; value: unknown }[]> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  let rows: { row: number; value: unknown }[];
  if (/^\s*text\/csv/i.test(type)) {
    rows = csvRecords(text, header).map((r, i) => ({ row: i + 1, value: r.record ?? { __error: r.error } }));
  } else {
    const data = parseJson(text);
    if (!Array.isArray(data)) throw new HttpError(400, 'invalid_body', `send a JSON array of rows, or text/csv with the header ${header.join(',')}`);
    rows = data.map((value, i) => ({ row: i + 1, value }));
  }
  if (rows.length > MAX_ROWS) throw new HttpError(413, 'too_many_rows', `send at most ${MAX_ROWS} rows at once`);
  return rows;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** A target's networks as the API spells things: snake_case, times in ISO 8601. */
function candidatesReply(r: TargetNetworks) {
  return {
    target: r.target,
    networks: r.networks.map((n) => ({
      asn: n.asn,
      organization: n.organization,
      country: n.country,
      ipv4: n.ipv4,
      score: n.score,
      verdict: n.verdict,
      decision: n.decision,
      decided_by: n.decidedBy,
      decided_at: iso(n.decidedAt),
      credits: n.credits,
      credited_to: n.creditedTo,
      evidence: n.evidence,
      seen: { events: n.seen.events, sessions: n.seen.sessions, last_seen: iso(n.seen.lastSeen) },
    })),
    credited: r.credited,
    candidates: r.candidates,
    rejected: r.rejected,
  };
}

/** The target list (`/api/target-accounts`), account ranges (`/api/account-ranges`) and loaded databases (`/api/ipdb`). */
export function accountsAdminRoutes(store: Store, identification: IdentificationFace | undefined): Hono {
  const app = new Hono();
  const refresh = () => identification?.refresh().catch(() => {});
  // A target's candidate networks, and a person's word on them (commands/target-networks.ts).
  const networkDeps = () => targetNetworkDeps(store, identification);

  app.post('/api/target-accounts', async (c) => {
    const text = await c.req.text();
    const upload = /^\s*text\/csv/i.test(c.req.header('content-type') ?? '') ? { csv: text } : { json: parseJson(text) };
    const report = await runCommand(() => importTargetList(store, upload, async () => void (await refresh())));
    // Each imported target's networks in two numbers (the first MAX_SUMMARIES rows): what to confirm, at once.
    const summaries = await networkSummaries(networkDeps(), report.rows.flatMap((r) => (r.id ? [r.id] : [])));
    const rows = report.rows.map((r) => (r.id && summaries.has(r.id) ? { ...r, networks: summaries.get(r.id) } : r));
    return c.json({ ...report, rows }, report.created + report.updated ? 200 : 400);
  });

  app.get('/api/target-accounts', async (c) => {
    const accounts = (await store.listTargets()).map((a) => ({ id: a.id, name: a.name, domain: a.domain, tier: a.tier, owner: a.owner, aliases: a.aliases, country: a.country, stage: a.stage }));
    if (wantsCsv(c.req.query('format'))) {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(['domain', 'name', 'tier', 'owner', 'aliases', 'country', 'id', 'stage'], accounts.map((a) => ({ ...a, aliases: a.aliases.join(';') }))));
    }
    return c.json({ accounts });
  });

  app.get('/api/target-accounts/:id/candidates', async (c) => c.json(candidatesReply(await runCommand(() => targetNetworks(networkDeps(), c.req.param('id'))))));
  app.post('/api/target-accounts/:id/candidates/:asn', async (c) => {
    const body = parseJson(await c.req.text());
    const asn = c.req.param('asn');
    const which = asn === 'strong' ? ('strong' as const) : /^\d{1,10}$/.test(asn) ? Number(asn) : NaN;
    return c.json(await runCommand(() => decideTargetNetworks(networkDeps(), c.req.param('id'), which, parseDecision(body), 'api')));
  });

  app.post('/api/account-ranges', async (c) => {
    const input = await readRows(c, ['cidr', 'domain', 'name']);
    const good: { cidr: string; domain: string; name: string | null }[] = [];
    const rows = input.map(({ row, value }) => {
      const r = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
      const cidr = typeof r.cidr === 'string' ? r.cidr.trim() : '';
      const problem = checkRange(cidr);
      const domain = typeof r.domain === 'string' ? registrableDomain(r.domain) : null;
      if (problem) return { row, status: 'error', message: problem };
      if (!domain) return { row, status: 'error', message: `${JSON.stringify(String(r.domain ?? '').slice(0, 100))} is not a domain name` };
      good.push({ cidr, domain, name: typeof r.name === 'string' && r.name.trim() ? r.name.trim().slice(0, 200) : null });
      return { row, status: 'added', cidr, domain };
    });
    await store.addRanges(good);
    await refresh();
    return c.json({ added: good.length, errors: rows.length - good.length, rows }, good.length || !rows.length ? 200 : 400);
  });

  app.get('/api/account-ranges', async (c) => {
    const ranges = await store.listRanges({ minPeople: identification?.learnMinPeople ?? 2 });
    return c.json({
      ranges: ranges.map((r) => ({
        cidr: r.cidr,
        domain: r.domain,
        name: r.name,
        source: r.source,
        created_at: new Date(r.createdAt).toISOString(),
        ...(r.evidence && { evidence: { people: r.evidence.people, first_seen: new Date(r.evidence.firstSeen).toISOString(), last_seen: new Date(r.evidence.lastSeen).toISOString() } }),
      })),
    });
  });

  app.get('/api/ipdb', (c) =>
    c.json({
      databases: (identification?.databases ?? []).map((d) => ({ type: d.type, kind: d.kind, path: d.path, built_at: d.builtAt.toISOString(), loaded_at: d.loadedAt.toISOString() })),
    }),
  );
  return app;
}
