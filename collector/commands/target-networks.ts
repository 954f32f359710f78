import { candidateNetworks, CREDIT, networkDirectory, networkMatcher, type Evidence, type NetworkDirectory, type NetworkFacts, type NetworkMatcher } from '../accounts/index.js';
import { identifyStored, type IdentifyOptions } from '../enrich/index.js';
import type { Account, NetworkDecision, Reidentify, Store } from '../store/index.js';
import { CommandError } from './errors.js';

/** What the target networks commands need: the store, the directory of networks, the live matcher, and identification's reload and re-identification. */
export interface TargetNetworkDeps {
  store: Pick<Store, 'listTargets' | 'listNetworkDecisions' | 'decideNetworks' | 'seenFromOrganizations' | 'reidentify'>;
  /** Every named AS of the open data, read when asked for. */
  directory: () => Promise<NetworkDirectory>;
  /** The matcher as identification uses it now. */
  matcher: () => NetworkMatcher;
  /** Reloads the target list and decisions into identification. */
  refresh: () => Promise<void>;
  /** What identification says of a stored event now (after refresh). */
  identifyStored: Reidentify;
}

/** The deps from the store and identification as it runs (without the open data, an empty directory: decisions only). */
export function targetNetworkDeps(
  store: TargetNetworkDeps['store'],
  identification: { refresh(): Promise<void>; directory?: (() => Promise<NetworkDirectory>) | undefined; options?: IdentifyOptions | undefined } | undefined,
): TargetNetworkDeps {
  const options = identification?.options;
  const empty = networkDirectory([]);
  return {
    store,
    directory: identification?.directory ?? (async () => empty),
    matcher: () => options?.networks() ?? networkMatcher([], empty.census),
    // As every change to the target list: saved whatever; identification catches up on its next reload.
    refresh: async () => void (await identification?.refresh().catch(() => {})),
    identifyStored: options ? identifyStored(options) : (e) => ({ network: e.network ?? null, account: e.account ?? null, bot: e.bot }),
  };
}

/** One candidate network of a target, as the API and the dashboard show it. */
export interface TargetNetwork {
  asn: number;
  organization: string;
  /** ISO-3166 alpha-2 it is registered in, when known. */
  country: string | null;
  /** IPv4 addresses the AS announces. */
  ipv4: number;
  /** What the evidence alone says: 0 when a person's decision is all there is. */
  score: number;
  /** What the evidence alone would do. */
  verdict: 'credit' | 'candidate' | 'none';
  /** A person's decision, if any. */
  decision: 'confirm' | 'reject' | null;
  decidedBy: string | null;
  decidedAt: number | null;
  /** Whether it credits this target now: evidence or confirmation, and not another target's better claim. */
  credits: boolean;
  /** The target it credits instead, when another one wins it. */
  creditedTo: { id: string; name: string } | null;
  evidence: Evidence[];
  /** Seen so far from networks of this organization (bots left out). */
  seen: { events: number; sessions: number; lastSeen: number | null };
}

export interface TargetNetworks {
  target: { id: string; name: string; domain: string | null; country: string | null };
  networks: TargetNetwork[];
  /** How many credit it, wait for a decision, were rejected. */
  credited: number;
  candidates: number;
  rejected: number;
}

async function targetOf(deps: TargetNetworkDeps, id: string): Promise<Account> {
  const target = (await deps.store.listTargets()).find((t) => t.id === id);
  if (!target) throw new CommandError(404, 'not_found', `no target account ${JSON.stringify(id.slice(0, 60))}`);
  return target;
}

const asTarget = (a: Account) => ({ id: a.id, name: a.name, domain: a.domain, aliases: a.aliases, country: a.country });

/**
 * A target's candidate networks: every AS of the bundled data whose evidence comes close, and every
 * AS a person decided on, each with its evidence, what identification does with it now, and the
 * visits already seen from it. Credited ones first, then candidates by score, rejected last.
 */
export async function targetNetworks(deps: TargetNetworkDeps, id: string): Promise<TargetNetworks> {
  const target = await targetOf(deps, id);
  const decisions = new Map((await deps.store.listNetworkDecisions(id)).map((d) => [d.asn, d]));
  const directory = await deps.directory();
  const found = candidateNetworks(asTarget(target), directory);
  const rows = new Map<number, { network: NetworkFacts; score: number; verdict: TargetNetwork['verdict']; evidence: Evidence[] }>();
  for (const { network, match } of found) if (network.asn !== null) rows.set(network.asn, { network, score: match.score, verdict: match.verdict, evidence: match.evidence });
  for (const [asn, d] of decisions) {
    if (rows.has(asn)) continue;
    const network = directory.byAsn(asn) ?? { asn, organization: d.organization, country: null, ipv4: null, domain: null };
    rows.set(asn, { network, score: 0, verdict: 'none', evidence: [] });
  }
  const seen = await deps.store.seenFromOrganizations([...new Set([...rows.values()].map((r) => r.network.organization))]);
  const matcher = deps.matcher();
  const networks: TargetNetwork[] = [...rows.entries()].map(([asn, r]) => {
    const d = decisions.get(asn);
    const now = matcher.match(r.network);
    const credits = now?.verdict === 'credit' && now.target.id === id;
    const other = now?.verdict === 'credit' && now.target.id !== id ? { id: now.target.id, name: now.target.name } : null;
    return {
      asn,
      organization: r.network.organization,
      country: r.network.country,
      ipv4: r.network.ipv4 ?? 0,
      score: r.score,
      verdict: r.verdict,
      decision: d?.decision ?? null,
      decidedBy: d?.decidedBy ?? null,
      decidedAt: d?.decidedAt ?? null,
      credits,
      creditedTo: other,
      evidence: r.evidence,
      seen: seen.get(r.network.organization) ?? { events: 0, sessions: 0, lastSeen: null },
    };
  });
  const rank = (n: TargetNetwork) => (n.credits ? 0 : n.decision === 'reject' ? 2 : 1);
  networks.sort((a, b) => rank(a) - rank(b) || b.score - a.score || a.asn - b.asn);
  return {
    target: { id: target.id, name: target.name, domain: target.domain, country: target.country },
    networks,
    credited: networks.filter((n) => n.credits).length,
    candidates: networks.filter((n) => rank(n) === 1).length,
    rejected: networks.filter((n) => n.decision === 'reject').length,
  };
}

/** How many networks credit a target now, and how many wait for a decision. */
export interface NetworkSummary {
  credited: number;
  candidates: number;
}

/** Targets summed up at most per call: a list's first rows get their counts at import, the rest on their page. */
export const MAX_SUMMARIES = 1000;

/**
 * Each target's networks in two numbers, by the evidence and people's decisions (no visit counts):
 * what an import reports per row, so a marketer sees at once which targets have networks to confirm.
 */
export async function networkSummaries(deps: TargetNetworkDeps, ids: readonly string[]): Promise<Map<string, NetworkSummary>> {
  const out = new Map<string, NetworkSummary>();
  const directory = await deps.directory();
  if (!directory.size) return out;
  const wanted = new Set(ids.slice(0, MAX_SUMMARIES));
  const targets = (await deps.store.listTargets()).filter((t) => wanted.has(t.id));
  const decisions = await deps.store.listNetworkDecisions();
  const matcher = deps.matcher();
  for (const t of targets) {
    const own = decisions.filter((d) => d.accountId === t.id);
    const rejected = new Set(own.filter((d) => d.decision === 'reject').map((d) => d.asn));
    let credited = own.filter((d) => d.decision === 'confirm').length;
    let candidates = 0;
    for (const { network } of candidateNetworks(asTarget(t), directory)) {
      if (network.asn === null || rejected.has(network.asn) || own.some((d) => d.asn === network.asn)) continue;
      const now = matcher.match(network);
      if (now?.verdict === 'credit' && now.target.id === t.id) credited++;
      else if (now?.verdict !== 'credit') candidates++;
    }
    out.set(t.id, { credited, candidates });
  }
  return out;
}

/** A network 'confirm all strong' confirms: undecided, no other target's, and scoring a credit on its evidence (whether or not it was held back). */
export const isStrong = (n: TargetNetwork) => n.decision === null && !n.creditedTo && n.score >= CREDIT;

export interface NetworkDecisionReport {
  decided: { asn: number; organization: string; decision: 'confirm' | 'reject' }[];
  /** Past events identified again: how many were looked at, how many changed account. */
  backfill: { events: number; changed: number };
}

/** Parses `{"decision": "confirm" | "reject"}`. */
export function parseDecision(body: unknown): 'confirm' | 'reject' {
  const d = body && typeof body === 'object' ? (body as Record<string, unknown>).decision : undefined;
  if (d === 'confirm' || d === 'reject') return d;
  throw new CommandError(400, 'invalid_decision', 'send {"decision": "confirm"} or {"decision": "reject"}', 'decision');
}

/**
 * A person's word on one of a target's networks (or, with `asn: 'strong'`, on every candidate the
 * evidence alone scores as a credit — held back only for its size, a shared name or an unknown
 * country — and every one it credits already, so they stay credited whatever the data says later).
 * Confirmed, the network credits the target from then on; rejected, never. Identification is
 * reloaded and the past events of each network's organization identified again.
 */
export async function decideTargetNetworks(
  deps: TargetNetworkDeps,
  id: string,
  which: number | 'strong',
  decision: 'confirm' | 'reject',
  by: string | null,
): Promise<NetworkDecisionReport> {
  const now = Date.now();
  let chosen: { asn: number; organization: string }[];
  if (which === 'strong') {
    if (decision !== 'confirm') throw new CommandError(400, 'invalid_decision', 'strong candidates are confirmed together; reject them one by one', 'decision');
    const { networks } = await targetNetworks(deps, id);
    chosen = networks.filter(isStrong).map((n) => ({ asn: n.asn, organization: n.organization }));
  } else {
    await targetOf(deps, id);
    if (!Number.isSafeInteger(which) || which <= 0 || which > 0xffffffff) throw new CommandError(400, 'invalid_asn', 'an AS number is a whole number from 1 to 4294967295', 'asn');
    const known = (await deps.directory()).byAsn(which) ?? (await deps.store.listNetworkDecisions(id)).find((d) => d.asn === which);
    if (!known) throw new CommandError(404, 'unknown_network', `AS${which} is not in the network data`, 'asn');
    chosen = [{ asn: which, organization: known.organization }];
  }
  const decided: NetworkDecision[] = chosen.map((c) => ({ accountId: id, asn: c.asn, organization: c.organization, decision, decidedBy: by, decidedAt: now }));
  await deps.store.decideNetworks(decided);
  await deps.refresh();
  let events = 0;
  let changed = 0;
  for (const organization of new Set(chosen.map((c) => c.organization))) {
    const r = await deps.store.reidentify(deps.identifyStored, () => {}, { organization });
    events += r.events;
    changed += r.changed;
  }
  return { decided: chosen.map((c) => ({ ...c, decision })), backfill: { events, changed } };
}
