import { createReadStream } from 'node:fs';
import { access, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { formatCount, progressBar, type Progress } from '../progress.js';
import { parseCsvLine } from '../schema/csv.js';
import { MmdbWriter, type MmdbValue } from './mmdb-writer.js';
import { loadCountryRanges } from './registration-country.js';

/**
 * The bundled open ASN data: @ip-location-db/asn (RouteViews and DB-IP, CC BY 4.0), CSV ranges
 * compiled once into an MMDB with GeoLite2-ASN's field names, so any ASN-schema reader can use it
 * (maxmind's AsnResponse; autonomous_system_organization is left out when the CSV has none).
 */
export interface OpenAsnSource {
  ipv4Csv: string;
  ipv6Csv: string;
  version: string;
  /** @ip-location-db/asn-country's ranges (NRO, CC BY 4.0): each AS's registration country. */
  countryIpv4Csv?: string;
  countryIpv6Csv?: string;
}

/** One autonomous system as the directory lists it: what a target's candidate networks are found among. */
export interface AsnEntry {
  asn: number;
  organization: string;
  /** ISO-3166 alpha-2, where most of its ranges were registered; null when unknown. */
  country: string | null;
  /** IPv4 addresses it announces in all (0 for IPv6 only). */
  ipv4: number;
}

export interface CompileReport {
  ranges: number;
  bytes: number;
  ms: number;
}

const PACKAGE = '@ip-location-db/asn';
const COUNTRY_PACKAGE = '@ip-location-db/asn-country';
const PROGRESS_EVERY = 4096;

/** The installed package's files. */
export function openAsnSource(): OpenAsnSource {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve(`${PACKAGE}/package.json`);
  const { version } = require(manifest) as { version: string };
  const dir = dirname(manifest);
  const countryDir = dirname(require.resolve(`${COUNTRY_PACKAGE}/package.json`));
  return {
    ipv4Csv: join(dir, 'asn-ipv4.csv'),
    ipv6Csv: join(dir, 'asn-ipv6.csv'),
    version,
    countryIpv4Csv: join(countryDir, 'asn-country-ipv4.csv'),
    countryIpv6Csv: join(countryDir, 'asn-country-ipv6.csv'),
  };
}

/** The directory of every AS in a compiled file, written beside it. */
export const directoryPath = (mmdb: string) => mmdb.replace(/\.mmdb$/, '') + '.networks.json';

/** The directory's organization names alone, sorted (a holder's ASes side by side): what the names' census is counted over. */
export async function readAsnNames(mmdb: string): Promise<string[]> {
  const { networks } = JSON.parse(await readFile(directoryPath(mmdb), 'utf8')) as { networks: [number, string][] };
  return networks.map((n) => n[1]).sort();
}

export async function readAsnDirectory(mmdb: string): Promise<AsnEntry[]> {
  const { networks } = JSON.parse(await readFile(directoryPath(mmdb), 'utf8')) as { networks: [number, string, string | null, number][] };
  return networks.map(([asn, organization, country, ipv4]) => ({ asn, organization, country, ipv4 }));
}

/** Streams the CSVs into an MMDB and writes `out` atomically (a temporary file, then a rename). */
export async function compileOpenAsn(
  source: OpenAsnSource,
  out: string,
  onProgress?: (done: number, total: number) => void,
): Promise<CompileReport> {
  const started = performance.now();
  const files = [source.ipv4Csv, source.ipv6Csv];
  const total = (await Promise.all(files.map(countLines))).reduce((a, b) => a + b, 0);
  const writer = new MmdbWriter({
    databaseType: 'OpenABM-ASN',
    description: { en: `Autonomous systems from RouteViews and DB-IP via ${PACKAGE} (CC BY 4.0), version ${source.version}` },
    languages: ['en'],
    ipVersion: 6,
  });
  // Each AS in all: how many IPv4 addresses it announces (a carrier's size is a signal a name is
  // not), its name, and the country most of its ranges were registered in.
  const directory = await asnDirectory(source);
  let lines = 0;
  let ranges = 0;
  for (const file of files) {
    let lineNumber = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      lineNumber++;
      if (++lines % PROGRESS_EVERY === 0) onProgress?.(lines, total);
      if (line.trim() === '') continue;
      const [first, last, asn, organization] = parseCsvLine(line);
      const number = Number(asn);
      if (!first || !last || !asn || !/^\d+$/.test(asn) || number > 0xffffffff) {
        throw new Error(`${file}:${lineNumber}: expected first_ip,last_ip,asn,organization, got ${JSON.stringify(line)}`);
      }
      const record: { [key: string]: MmdbValue } = { autonomous_system_number: number };
      if (organization) record.autonomous_system_organization = organization;
      const entry = directory.get(number);
      if (entry?.ipv4) record[ASN_IPV4_ADDRESSES] = entry.ipv4;
      if (entry?.country) record[ASN_COUNTRY] = entry.country;
      try {
        writer.insertRange(first, last, record);
      } catch (error) {
        throw new Error(`${file}:${lineNumber}: ${(error as Error).message}`);
      }
      ranges++;
    }
  }
  onProgress?.(lines, Math.max(total, lines));
  const buffer = writer.toBuffer();
  const networks = [...directory.values()].filter((e) => e.organization).map((e) => [e.asn, e.organization, e.country, e.ipv4]);
  await writeAtomically(directoryPath(out), Buffer.from(JSON.stringify({ version: source.version, networks })));
  await writeAtomically(out, buffer);
  return { ranges, bytes: buffer.length, ms: performance.now() - started };
}

/**
 * The path of `<dataDir>/open-asn-<version>.mmdb`, compiled first when missing (with a progress
 * bar on stderr unless quiet); after a compile, older open-asn-*.mmdb files in dataDir are deleted.
 */
export async function ensureOpenAsn(dataDir: string, options: { source?: OpenAsnSource; quiet?: boolean } = {}): Promise<string> {
  const source = options.source ?? openAsnSource();
  const path = join(dataDir, `open-asn-${source.version.replace(/[^\w.-]/g, '_')}-f${FORMAT}.mmdb`);
  if ((await exists(path)) && (await exists(directoryPath(path)))) return path;
  await mkdir(dataDir, { recursive: true });
  let bar: Progress | undefined;
  let shown = 0;
  const onProgress = options.quiet
    ? undefined
    : (done: number, total: number) => {
        bar ??= progressBar({ label: `Compiling ${PACKAGE} ${source.version}`, total });
        bar.tick(done - shown);
        shown = done;
      };
  const report = await compileOpenAsn(source, path, onProgress);
  bar?.done(`${formatCount(report.ranges)} ranges → ${path} (${(report.bytes / 1048576).toFixed(1)} MB)`);
  // An older compile's files go: its MMDB, its directory and the names' census kept beside it.
  const base = basename(path).replace(/\.mmdb$/, '');
  const stale = (await readdir(dataDir)).filter((name) => /^open-asn-.*\.(mmdb|networks\.json|census-[\w]+\.json)$/.test(name) && !name.startsWith(`${base}.`));
  await Promise.all(stale.map((name) => rm(join(dataDir, name), { force: true })));
  return path;
}

/** Our own field in the compiled records: the IPv4 addresses the whole AS announces in the data. */
/** Bumped when what a compiled file holds changes, so an older compile is replaced. */
const FORMAT = 3;

export const ASN_IPV4_ADDRESSES = 'abm_asn_ipv4_addresses';
/** Ours too: the country the AS's ranges were mostly registered in. */
export const ASN_COUNTRY = 'abm_asn_country';

async function asnDirectory(source: OpenAsnSource): Promise<Map<number, AsnEntry>> {
  const countries = source.countryIpv4Csv && source.countryIpv6Csv ? await loadCountryRanges(source.countryIpv4Csv, source.countryIpv6Csv) : null;
  const entries = new Map<number, AsnEntry>();
  const votes = new Map<number, Map<string, number>>();
  for (const file of [source.ipv4Csv, source.ipv6Csv]) {
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      const [first, last, asn, organization] = parseCsvLine(line);
      const n = Number(asn);
      if (!first || !last || !Number.isInteger(n)) continue;
      let e = entries.get(n);
      if (!e) entries.set(n, (e = { asn: n, organization: '', country: null, ipv4: 0 }));
      if (!e.organization && organization) e.organization = organization;
      const a = ipv4Number(first);
      const b = ipv4Number(last);
      if (a !== null && b !== null) e.ipv4 += b - a + 1;
      const cc = countries?.countryOf(first);
      if (cc) {
        const v = votes.get(n) ?? new Map<string, number>();
        v.set(cc, (v.get(cc) ?? 0) + 1);
        votes.set(n, v);
      }
    }
  }
  for (const [n, v] of votes) entries.get(n)!.country = [...v.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
  return entries;
}

function ipv4Number(ip: string | undefined): number | null {
  const parts = ip?.split('.');
  if (!parts || parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 0 || v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** Lines in a file, counted from its bytes (a last line without a newline counts too). */
async function countLines(file: string): Promise<number> {
  let count = 0;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) count++;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  return last === 10 ? count : count + 1;
}

async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
