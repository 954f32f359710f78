/**
 * Identification, assembled: opens the MMDB files and the bundled open ASN data, loads the
 * account ranges and the target list from the store, and keeps them current. Called by main.ts
 * (which alone reads the environment) and by the backfill command.
 */
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  accountIndex, censusFromData, nameCensusData, nameRulesFingerprint, networkDirectory, networkMatcher,
  type AccountIndex, type CensusData, type MatchTarget, type NameCensus, type NetworkDirectory, type NetworkMatcher,
} from './accounts/index.js';
import type { Config } from './config.js';
import { ConfigError } from './config.js';
import type { IdentifyOptions } from './enrich/index.js';
import { directoryPath, readAsnDirectory, readAsnNames, type AsnEntry, type OpenAsnSource } from './ipdb/open-asn.js';
import { checkRange, createResolver, ensureOpenAsn, openIpdb, rangeTable, type IpdbSource, type Resolver } from './ipdb/index.js';
import { registrableDomain } from './accounts/index.js';
import { csvRecords } from './schema/csv.js';
import type { Store } from './store/index.js';

export interface Identification {
  options: IdentifyOptions;
  learnMinPeople: number;
  resolver: Resolver;
  databases: IpdbSource[];
  /**
   * Every named AS of the bundled data (empty without it): where targets' candidate networks are
   * found. Read when asked for and let go after a few idle minutes: matching events needs only
   * the names' census, which stays.
   */
  directory: () => Promise<NetworkDirectory>;
  /** Reloads ranges (listed and learned) and the target list from the store. */
  refresh(): Promise<void>;
  close(): void;
}

/** Reads ACCOUNT_RANGES: `cidr,domain[,name]` rows; every bad row is a problem naming its line. */
export function parseAccountRanges(text: string): { ranges: { cidr: string; domain: string; name: string | null }[]; problems: string[] } {
  const ranges: { cidr: string; domain: string; name: string | null }[] = [];
  const problems: string[] = [];
  for (const { line, record, error } of csvRecords(text, ['cidr', 'domain', 'name'])) {
    if (!record) {
      problems.push(`line ${line}: ${error}`);
      continue;
    }
    const rangeProblem = checkRange(record.cidr ?? '');
    const domain = registrableDomain(record.domain ?? '');
    if (rangeProblem) problems.push(`line ${line}: ${rangeProblem}`);
    else if (!domain) problems.push(`line ${line}: ${JSON.stringify(record.domain ?? '')} is not a domain name`);
    else ranges.push({ cidr: record.cidr!, domain, name: record.name || null });
  }
  return { ranges, problems };
}

/**
 * The names' census of the compiled open data: read from beside it when one was counted under the
 * same name rules, else counted (some 90,000 names, a few seconds and a burst of memory) and kept
 * there for the next start; censuses under other rules are removed.
 */
export async function loadCensus(mmdb: string): Promise<NameCensus> {
  const base = directoryPath(mmdb).replace(/\.networks\.json$/, '');
  const file = `${base}.census-${nameRulesFingerprint()}.json`;
  // Missing or broken (a crash while writing, a hand edit): counted again.
  const kept = await readFile(file, 'utf8')
    .then((text) => JSON.parse(text) as CensusData)
    .catch(() => null);
  if (kept && Array.isArray(kept.names) && Array.isArray(kept.name)) return censusFromData(kept);
  const data = nameCensusData(await readAsnNames(mmdb));
  const tmp = `${file}.${process.pid}.tmp`;
  // Kept on a best-effort basis: a read-only data directory only costs the count at each start.
  await writeFile(tmp, JSON.stringify(data))
    .then(() => rename(tmp, file))
    .catch(() => rm(tmp, { force: true }));
  const dir = dirname(file);
  const stale = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.startsWith(`${basename(base)}.census-`) && f !== basename(file));
  await Promise.all(stale.map((f) => rm(join(dir, f), { force: true })));
  return censusFromData(data);
}

/** How long the directory stays in memory after it was last asked for. */
const DIRECTORY_IDLE_MS = 10 * 60_000;

const networksOf = (entries: AsnEntry[]) => entries.map((e) => ({ asn: e.asn, organization: e.organization, country: e.country, ipv4: e.ipv4, domain: null }));

/** A value made when first asked for (once, however many ask at once) and let go `idleMs` after the last ask. */
function onDemand<T>(make: () => Promise<T>, idleMs: number): () => Promise<T> {
  let held: Promise<T> | undefined;
  let timer: NodeJS.Timeout | undefined;
  return () => {
    if (!held) held = make().catch((err: unknown) => ((held = undefined), Promise.reject(err)));
    clearTimeout(timer);
    timer = setTimeout(() => (held = undefined), idleMs);
    timer.unref();
    return held;
  };
}

/** A target as network matching weighs it. */
export const matchTarget = (a: { id: string; name: string; domain: string | null; aliases: string[]; country: string | null }): MatchTarget => ({
  id: a.id,
  name: a.name,
  domain: a.domain,
  aliases: a.aliases,
  country: a.country,
});

export async function startIdentification(
  store: Store,
  config: Config['identification'],
  options: { quiet?: boolean; refreshMs?: number; pollMs?: number; openAsnSource?: OpenAsnSource } = {},
): Promise<Identification> {
  if (config.accountRanges) {
    const text = await readFile(config.accountRanges, 'utf8').catch((err: Error) => {
      throw new ConfigError([`ACCOUNT_RANGES: cannot read ${config.accountRanges} (${err.message})`]);
    });
    const { ranges, problems } = parseAccountRanges(text);
    if (problems.length) throw new ConfigError(problems.map((p) => `ACCOUNT_RANGES ${config.accountRanges}: ${p}`));
    await store.addRanges(ranges);
  }
  let resolver: Resolver | undefined;
  let census = networkDirectory([]).census;
  let directoryPath: string | null = null;
  const onReload = () => resolver?.update({});
  const databases: IpdbSource[] = [];
  try {
    for (const path of config.ipdb) {
      databases.push(
        await openIpdb(path, { onReload, ...(options.pollMs !== undefined && { pollMs: options.pollMs }) }).catch((err: Error) => {
          throw new ConfigError([`IPDB: cannot open ${path} as a MaxMind DB (${err.message})`]);
        }),
      );
    }
    if (config.openAsn) {
      const path = await ensureOpenAsn(config.dataDir, { quiet: options.quiet ?? false, ...(options.openAsnSource && { source: options.openAsnSource }) });
      databases.push(await openIpdb(path, { pollMs: 0 }));
      // How common each name is among every named AS, for matching; the directory itself on demand.
      directoryPath = path;
      census = await loadCensus(path);
    }
  } catch (err) {
    for (const db of databases) db.close();
    throw err;
  }
  resolver = createResolver({ databases });
  let index: AccountIndex = accountIndex([]);
  let matcher: NetworkMatcher = networkMatcher([], census);
  // What was loaded last: a reload that finds the same keeps the matcher's and resolver's cached answers.
  let loaded = { ranges: '', targets: '' };
  const refresh = async () => {
    const [ranges, targets, decisions] = await Promise.all([store.listRanges({ minPeople: config.learnMinPeople }), store.listTargets(), store.listNetworkDecisions()]);
    const seen = {
      ranges: JSON.stringify(ranges.map((r) => [r.cidr, r.domain, r.name, r.source])),
      targets: JSON.stringify([targets.map((t) => [t.id, t.name, t.domain, t.aliases, t.country]), decisions.map((d) => [d.accountId, d.asn, d.decision])]),
    };
    if (seen.targets !== loaded.targets) {
      matcher = networkMatcher(targets.map(matchTarget), census, new Map(decisions.map((d) => [`${d.accountId} ${d.asn}`, d.decision])));
      index = accountIndex(targets);
    }
    // The resolver's answers are networks, whatever the target list: they change with the ranges only.
    if (seen.ranges !== loaded.ranges) {
      resolver.update({
        ranges: rangeTable(ranges.filter((r) => r.source === 'upload')),
        learned: rangeTable(ranges.filter((r) => r.source === 'learned')),
        reverseDns: rangeTable(ranges.filter((r) => r.source === 'reverse-dns')),
      });
    }
    loaded = seen;
  };
  await refresh();
  // Other processes import targets and learn ranges too; a failed refresh keeps what was loaded.
  const timer = setInterval(() => void refresh().catch(() => {}), options.refreshMs ?? 30_000);
  timer.unref();
  return {
    options: { resolver, accounts: () => index, networks: () => matcher, minConfidence: config.minConfidence },
    directory: onDemand(async () => (directoryPath ? networkDirectory(networksOf(await readAsnDirectory(directoryPath)), census) : networkDirectory([], census)), DIRECTORY_IDLE_MS),
    learnMinPeople: config.learnMinPeople,
    resolver,
    databases,
    refresh,
    close: () => {
      clearInterval(timer);
      for (const db of databases) db.close();
    },
  };
}
