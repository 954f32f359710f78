import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { Reader } from 'maxmind';
import { parseIp } from './mmdb/ip-address.js';

/** What a database file holds, detected from its metadata's database_type (never its file name). */
export type IpdbKind = 'enterprise' | 'isp' | 'asn' | 'domain' | 'connection-type' | 'anonymous-ip' | 'geo' | 'other';

/** What any database said about one address, whatever its schema (flat, or nested under `traits`). */
export interface IpFacts {
  organization?: string;
  isp?: string;
  domain?: string;
  asn?: number;
  asOrganization?: string;
  userType?: string;
  connectionType?: string;
  /** GeoIP2-ISP and Enterprise give a mobile country code only for a mobile carrier's network. */
  mobileCountryCode?: string;
  /** IPv4 addresses the whole autonomous system announces (the bundled open data's own field). */
  asnIpv4Addresses?: number;
  /** ISO-3166 alpha-2 country the network is registered in. */
  country?: string;
  /** Anonymous-IP flags that are set. */
  anonymous?: { vpn: boolean; proxy: boolean; tor: boolean; residentialProxy: boolean; hosting: boolean };
}

export interface IpdbSource {
  /** The database_type from the file's metadata, e.g. GeoIP2-Enterprise, GeoLite2-ASN, OpenABM-ASN. */
  readonly type: string;
  readonly kind: IpdbKind;
  readonly path: string | null;
  /** When the loaded file was built (metadata build_epoch). */
  readonly builtAt: Date;
  readonly loadedAt: Date;
  /** The facts for an address; null when the database has no network for it. */
  lookup(ip: string): IpFacts | null;
  close(): void;
}

/** Ordered: the first pattern a database_type matches decides its kind. */
const KINDS: [RegExp, IpdbKind][] = [
  [/enterprise/i, 'enterprise'],
  [/anonymous|proxy|vpn|(?<![a-z])tor(?![a-z])/i, 'anonymous-ip'],
  [/connection/i, 'connection-type'],
  [/\bisp\b|-isp|isp-/i, 'isp'],
  [/asn|\bas\b/i, 'asn'],
  [/domain/i, 'domain'],
  [/city|country|geo|location/i, 'geo'],
];

export function detectKind(databaseType: string): IpdbKind {
  return KINDS.find(([re]) => re.test(databaseType))?.[1] ?? 'other';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
/** 'AS15169' (ipinfo's and others' way of writing an ASN) → 15169. */
const asNumber = (v: unknown): number | undefined => num(v) ?? (typeof v === 'string' && /^AS\d+$/i.test(v.trim()) ? num(Number(v.trim().slice(2))) : undefined);

/** Reads the fields identification uses from a record of any of the MaxMind schemas (or a compatible vendor's). */
export function factsOf(record: unknown): IpFacts {
  if (!record || typeof record !== 'object') return {};
  const flat = record as Record<string, unknown>;
  const traits = (flat.traits && typeof flat.traits === 'object' ? flat.traits : {}) as Record<string, unknown>;
  const field = (name: string) => traits[name] ?? flat[name];
  const facts: IpFacts = {};
  const set = <K extends keyof IpFacts>(k: K, v: IpFacts[K] | undefined) => v !== undefined && (facts[k] = v);
  set('organization', str(field('organization')));
  set('isp', str(field('isp')));
  set('domain', str(field('domain'))?.toLowerCase());
  set('asn', num(field('autonomous_system_number')) ?? asNumber(field('asn')));
  set('asOrganization', str(field('autonomous_system_organization')) ?? str(field('as_name')));
  set('userType', str(field('user_type')));
  set('connectionType', str(field('connection_type')));
  set('mobileCountryCode', str(field('mobile_country_code')));
  set('asnIpv4Addresses', num(field('abm_asn_ipv4_addresses')));
  // Where the network is registered: ours, else a GeoIP2 database's registered country (not where the address is used).
  const iso = (v: unknown) => (v && typeof v === 'object' ? str((v as Record<string, unknown>).iso_code) : undefined);
  set('country', str(field('abm_asn_country')) ?? iso(flat.registered_country));
  const flag = (name: string) => field(name) === true;
  const anonymous = {
    vpn: flag('is_anonymous_vpn'),
    proxy: flag('is_public_proxy'),
    tor: flag('is_tor_exit_node'),
    residentialProxy: flag('is_residential_proxy'),
    hosting: flag('is_hosting_provider'),
  };
  if (Object.values(anonymous).some(Boolean)) facts.anonymous = anonymous;
  return facts;
}

type RecordReader = Reader<Record<string, unknown>>;

/**
 * The address as `maxmind` should be asked for it, or null when it is not an address (the reader
 * does not check: it would walk 'nope' as 0.0.0.0 and answer). IPv4-mapped IPv6 (::ffff:a.b.c.d,
 * what a dual-stack socket reports) is asked as IPv4, whether or not the database aliases
 * ::ffff:0:0/96; an IPv6 address is never asked of an IPv4-only database.
 */
export function lookupAddress(ip: string, ipVersion = 6): string | null {
  const text = ip.trim();
  const parsed = parseIp(text);
  if (!parsed) return null;
  const [a, b, c, d = 0] = parsed.words;
  if (parsed.family === 6 && a === 0 && b === 0 && c === 0xffff) return [d >>> 24, (d >>> 16) & 255, (d >>> 8) & 255, d & 255].join('.');
  return parsed.family === 6 && ipVersion === 4 ? null : text;
}

/** maxmind's Reader, after checks it leaves to the first lookup: a file that is not a whole MMDB is refused here. */
function readerOf(buffer: Buffer): RecordReader {
  const reader = new Reader<Record<string, unknown>>(buffer);
  const m = reader.metadata;
  if (typeof m.databaseType !== 'string' || !m.databaseType) throw new Error('not a MaxMind DB: its metadata has no database_type');
  if (m.ipVersion !== 4 && m.ipVersion !== 6) throw new Error(`not a MaxMind DB: ip_version is ${String(m.ipVersion)}`);
  if (!Number.isInteger(m.nodeCount) || m.nodeCount <= 0 || m.searchTreeSize + 16 > buffer.length) {
    throw new Error('not a whole MaxMind DB: its search tree is larger than the file');
  }
  reader.get(m.ipVersion === 4 ? '0.0.0.0' : '::'); // walks the tree and decodes what it finds: throws on a broken file
  return reader;
}

function lookupIn(reader: RecordReader, ip: string): IpFacts | null {
  const address = lookupAddress(ip, reader.metadata.ipVersion);
  const record = address === null ? null : reader.get(address);
  return record ? factsOf(record) : null;
}

function fromReader(reader: RecordReader, path: string | null, loadedAt: Date) {
  const type = reader.metadata.databaseType;
  const epoch = reader.metadata.buildEpoch as unknown;
  return {
    type,
    kind: detectKind(type),
    builtAt: epoch instanceof Date ? epoch : new Date(Number(epoch) * 1000),
    loadedAt,
    path,
  };
}

/** A database held in memory (the project's own, compiled ranges; test fixtures). */
export function ipdbFromBuffer(buffer: Buffer, path: string | null = null): IpdbSource {
  const reader = readerOf(buffer);
  return { ...fromReader(reader, path, new Date()), lookup: (ip) => lookupIn(reader, ip), close: () => {} };
}

export interface OpenOptions {
  /** How often the file is checked for a new version; 0 never. Default 60 s. */
  pollMs?: number;
  /** Called after a changed file was loaded (or failed to load: the old one stays). */
  onReload?: (source: IpdbSource, error?: unknown) => void;
}

/**
 * Opens an MMDB file through `maxmind`'s reader. When the file changes (a weekly update
 * copied over it), the new version is loaded and swapped in without a restart; a broken new
 * file is reported and the old one kept.
 */
export async function openIpdb(path: string, options: OpenOptions = {}): Promise<IpdbSource> {
  const load = async () => readerOf(await readFile(path));
  let reader = await load();
  let info = fromReader(reader, path, new Date());
  let closed = false;
  let latest = 0; // the newest change seen: a slower load of an older version is dropped
  const source: IpdbSource = {
    get type() {
      return info.type;
    },
    get kind() {
      return info.kind;
    },
    get builtAt() {
      return info.builtAt;
    },
    get loadedAt() {
      return info.loadedAt;
    },
    path,
    lookup: (ip) => lookupIn(reader, ip),
    close: () => {
      closed = true;
      unwatchFile(path, listener);
    },
  };
  const onChange = async (now: Stats, before: Stats) => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino && now.dev === before.dev) return;
    if (!now.size) return; // removed, or being rewritten: the next poll sees the whole file
    const attempt = ++latest;
    try {
      const next = await load();
      if (closed || attempt !== latest) return;
      reader = next;
      info = fromReader(next, path, new Date());
      options.onReload?.(source);
    } catch (error) {
      if (!closed && attempt === latest) options.onReload?.(source, error);
    }
  };
  // The same function goes to watchFile and unwatchFile, or close() would leave the poll running.
  const listener = (now: Stats, before: Stats) => void onChange(now, before);
  const pollMs = options.pollMs ?? 60_000;
  if (pollMs > 0) watchFile(path, { interval: pollMs, persistent: false }, listener);
  return source;
}
