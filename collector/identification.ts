/**
 * Identification, assembled: opens the MMDB files and the bundled open ASN data, loads the
 * account ranges and the target list from the store, and keeps them current. Called by main.ts
 * (which alone reads the environment) and by the backfill command.
 */
import { readFile } from 'node:fs/promises';
import { accountIndex, networkDirectory, networkMatcher, type AccountIndex, type MatchTarget, type NetworkDirectory, type NetworkMatcher } from './accounts/index.js';
import type { Config } from './config.js';
import { ConfigError } from './config.js';
import type { IdentifyOptions } from './enrich/index.js';
import { readAsnDirectory, type OpenAsnSource } from './ipdb/open-asn.js';
import { checkRange, createResolver, ensureOpenAsn, openIpdb, rangeTable, type IpdbSource, type Resolver } from './ipdb/index.js';
import { registrableDomain } from './accounts/index.js';
import { csvRecords } from './schema/csv.js';
import type { Store } from './store/index.js';

export interface Identification {
  options: IdentifyOptions;
  learnMinPeople: number;
  resolver: Resolver;
  databases: IpdbSource[];
  /** Every named AS of the bundled data (empty without it): where targets' candidate networks are found. */
  directory: NetworkDirectory;
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
  let directory: NetworkDirectory = networkDirectory([]);
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
      // Every named AS: what targets' candidate networks are found among, and how common a name is.
      directory = networkDirectory((await readAsnDirectory(path)).map((e) => ({ asn: e.asn, organization: e.organization, country: e.country, ipv4: e.ipv4, domain: null })));
    }
  } catch (err) {
    for (const db of databases) db.close();
    throw err;
  }
  resolver = createResolver({ databases });
  let index: AccountIndex = accountIndex([]);
  let matcher: NetworkMatcher = networkMatcher([], directory.census);
  // What was loaded last: a reload that finds the same keeps the matcher's and resolver's cached answers.
  let loaded = { ranges: '', targets: '' };
  const refresh = async () => {
    const [ranges, targets, decisions] = await Promise.all([store.listRanges({ minPeople: config.learnMinPeople }), store.listTargets(), store.listNetworkDecisions()]);
    const seen = {
      ranges: JSON.stringify(ranges.map((r) => [r.cidr, r.domain, r.name, r.source])),
      targets: JSON.stringify([targets.map((t) => [t.id, t.name, t.domain, t.aliases, t.country]), decisions.map((d) => [d.accountId, d.asn, d.decision])]),
    };
    if (seen.targets !== loaded.targets) {
      matcher = networkMatcher(targets.map(matchTarget), directory.census, new Map(decisions.map((d) => [`${d.accountId} ${d.asn}`, d.decision])));
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
    directory,
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
