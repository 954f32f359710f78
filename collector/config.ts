import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseTrustedProxy, type TrustedNet } from './http/client-ip.js';
import type { DatabaseTarget } from './store/index.js';
import { DEFAULT_SCORE_READING, DEFAULT_SCORING, type ScoreReading, type ScoringRules, type StageRules } from './accounts/index.js';

const eventsPerMinute = z.coerce
  .number({ error: 'must be a whole number of events per minute, 0 for no limit' })
  .int('must be a whole number of events per minute, 0 for no limit')
  .min(0, 'must be a whole number of events per minute, 0 for no limit');

/**
 * Configuration: environment variables, parsed once, by zod. Empty values count as unset.
 * Every problem is reported at once, each naming the variable and what it accepts.
 */
const Env = z.object({
  PORT: z.coerce.number({ error: 'must be a port number, 1 to 65535' }).int().min(1).max(65535, 'must be a port number, 1 to 65535').default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().default('sqlite:./data/abm.db').transform(parseDatabaseUrl),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (try: openssl rand -hex 24)')
    .regex(/^\S+$/, 'must not contain spaces')
    .optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://abm.example.com' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  MAX_BODY_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
  MAX_EVENTS_PER_REQUEST: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(10_000).default(100),
  TRUST_PROXY: z.string().transform(parseTrustProxy).default([]),
  RATE_LIMIT: eventsPerMinute.default(6000),
  RATE_LIMIT_SITE: eventsPerMinute.default(600_000),
  RETENTION_DAYS: z.coerce.number({ error: 'must be a number of days (0 keeps raw events forever)' }).int().min(0).max(36_500).default(395),
  SQLITE_SYNCHRONOUS: z
    .enum(['full', 'normal'], { error: 'must be "full" (a commit survives power loss) or "normal" (survives a crash of the collector, not of the machine)' })
    .default('full'),
  IPDB: z
    .string()
    .transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean).map((p) => resolve(p)))
    .default([]),
  ACCOUNT_RANGES: z.string().transform((p) => resolve(p)).optional(),
  OPEN_ASN: z.enum(['on', 'off'], { error: 'must be "on" (identify by the bundled open ASN data) or "off"' }).default('on'),
  DATA_DIR: z.string().default('./data').transform((p) => resolve(p)),
  IDENTIFY_MIN_CONFIDENCE: z.coerce.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be a number from 0 to 1').max(1, 'must be a number from 0 to 1').default(0.5),
  LEARN_MIN_PEOPLE: z.coerce.number({ error: 'must be a whole number of people, at least 1' }).int().min(1, 'must be a whole number of people, at least 1').default(2),
  SCORE_POINTS: z.string().transform(keyNumbers(['page_view', 'pricing_view', 'download', 'form', 'demo_form'])).optional(),
  ROLE_WEIGHTS: z.string().transform(keyNumbers(['c_level', 'vp', 'director', 'manager', 'other'])).optional(),
  PRICING_PATTERN: z.string().transform(pattern).optional(),
  DEMO_FORM_PATTERN: z.string().transform(pattern).optional(),
  SCORE_HALF_LIFE_DAYS: z.coerce.number({ error: 'must be a number of days' }).positive('must be a number of days above 0').max(3650).default(30),
  ENGAGED_SCORE: z.coerce.number({ error: 'must be a number' }).min(0).default(10),
  ENGAGED_DAYS: z.coerce.number({ error: 'must be a whole number of days' }).int().min(1).default(3),
  MQA_SCORE: z.coerce.number({ error: 'must be a number' }).min(0).default(30),
  STAGE_WINDOW_DAYS: z.coerce.number({ error: 'must be a whole number of days' }).int().min(1).max(366).default(30),
  PROGRAMME_START: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-01-15')
    .transform((d) => Date.parse(`${d}T00:00:00Z`))
    .optional(),
  IP_STORAGE: z.enum(['truncate', 'hash'], { error: 'must be "truncate" (IPv4 /24, IPv6 /48) or "hash" (salted, the salt rotated daily)' }).default('truncate'),
  REVERSE_DNS: z.enum(['on', 'off'], { error: 'must be "on" (look up the PTR names of unidentified visitors\' networks) or "off"' }).default('off'),
  DNS_SERVERS: z.string().transform(parseDnsServers).optional(),
  REVERSE_DNS_TTL_HOURS: z.coerce.number({ error: 'must be a number of hours' }).positive('must be a number of hours above 0').max(24 * 365).default(24),
  REVERSE_DNS_NEGATIVE_TTL_HOURS: z.coerce.number({ error: 'must be a number of hours' }).positive('must be a number of hours above 0').max(24 * 365).default(6),
  ALERTS: z.enum(['on', 'off'], { error: 'must be "on" (scan for triggers and deliver alerts) or "off"' }).default('on'),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587' })
    .optional(),
  ALERTS_FROM: z.string().email('must be an e-mail address such as abm@vendor.example').optional(),
});

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  adminToken: string | undefined;
  /** Where browsers reach the collector; defaults to http://localhost:PORT. */
  publicUrl: string;
  maxBodyBytes: number;
  maxEvents: number;
  /** Proxies whose X-Forwarded-For / Forwarded is believed; empty: the socket address is the client. */
  trustProxy: readonly TrustedNet[];
  /** Events per minute per client IP and per site; 0 is no limit. */
  rateLimit: { perIp: number; perSite: number };
  /** Days raw events are kept; 0 keeps them forever. Sessions and visitors stay. */
  retentionDays: number;
  /** How client addresses are stored once enrichment has used them. */
  ipStorage: 'truncate' | 'hash';
  /** When the ABM programme started (epoch ms): KPIs' uplift is also measured against the time before it. */
  programmeStart: number | undefined;
  /** Points per action and high-intent patterns; role weights and half-life; stage thresholds. */
  scoring: { rules: ScoringRules; reading: ScoreReading; stages: StageRules };
  /** Sales alerts: whether the notifier runs, and the SMTP server and sender for e-mail alerts. */
  alerts: { enabled: boolean; smtpUrl: string | undefined; from: string };
  /**
   * Reverse DNS (REVERSE_DNS=on): PTR names of the addresses that credited no account, confirmed
   * forward, credit their /24 or /48 to the account whose domain they are in. Off by default.
   */
  reverseDns: {
    enabled: boolean;
    /** `ip[:port]` of the DNS servers to ask instead of the system's. */
    servers: string[] | undefined;
    /** How long a network credited, and one that gave nothing, is not looked up again. */
    positiveTtlMs: number;
    negativeTtlMs: number;
    concurrency: number;
    timeoutMs: number;
    queueSize: number;
  };
  identification: {
    /** MMDB files (MaxMind GeoIP2/GeoLite2 or compatible), any number. */
    ipdb: string[];
    /** A CSV of cidr,domain[,name] crediting networks to accounts. */
    accountRanges: string | undefined;
    /** Compile and use the bundled open ASN data. */
    openAsn: boolean;
    /** Where the compiled open ASN data is kept. */
    dataDir: string;
    /** Below this confidence a business network credits no account. */
    minConfidence: number;
    /** Distinct people of one e-mail domain from one network before the network is learned for it. */
    learnMinPeople: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL.kind === 'sqlite' ? { ...e.DATABASE_URL, synchronous: e.SQLITE_SYNCHRONOUS } : e.DATABASE_URL,
    adminToken: e.ADMIN_TOKEN,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxEvents: e.MAX_EVENTS_PER_REQUEST,
    trustProxy: e.TRUST_PROXY,
    rateLimit: { perIp: e.RATE_LIMIT, perSite: e.RATE_LIMIT_SITE },
    ipStorage: e.IP_STORAGE,
    retentionDays: e.RETENTION_DAYS,
    programmeStart: e.PROGRAMME_START,
    alerts: { enabled: e.ALERTS === 'on', smtpUrl: e.SMTP_URL, from: e.ALERTS_FROM ?? `abm@${new URL(e.PUBLIC_URL ?? 'http://localhost').hostname}` },
    scoring: {
      rules: {
        points: {
          pageView: e.SCORE_POINTS?.page_view ?? DEFAULT_SCORING.points.pageView,
          pricingView: e.SCORE_POINTS?.pricing_view ?? DEFAULT_SCORING.points.pricingView,
          download: e.SCORE_POINTS?.download ?? DEFAULT_SCORING.points.download,
          form: e.SCORE_POINTS?.form ?? DEFAULT_SCORING.points.form,
          demoForm: e.SCORE_POINTS?.demo_form ?? DEFAULT_SCORING.points.demoForm,
        },
        pricingPattern: e.PRICING_PATTERN ?? DEFAULT_SCORING.pricingPattern,
        demoFormPattern: e.DEMO_FORM_PATTERN ?? DEFAULT_SCORING.demoFormPattern,
      },
      reading: { weights: { ...DEFAULT_SCORE_READING.weights, ...e.ROLE_WEIGHTS }, halfLifeDays: e.SCORE_HALF_LIFE_DAYS },
      stages: { engagedScore: e.ENGAGED_SCORE, engagedDays: e.ENGAGED_DAYS, mqaScore: e.MQA_SCORE, windowDays: e.STAGE_WINDOW_DAYS },
    },
    reverseDns: {
      enabled: e.REVERSE_DNS === 'on',
      servers: e.DNS_SERVERS,
      positiveTtlMs: e.REVERSE_DNS_TTL_HOURS * 3_600_000,
      negativeTtlMs: e.REVERSE_DNS_NEGATIVE_TTL_HOURS * 3_600_000,
      concurrency: 4,
      timeoutMs: 2000,
      queueSize: 1000,
    },
    identification: {
      ipdb: e.IPDB,
      accountRanges: e.ACCOUNT_RANGES,
      openAsn: e.OPEN_ASN === 'on',
      dataDir: e.DATA_DIR,
      minConfidence: e.IDENTIFY_MIN_CONFIDENCE,
      learnMinPeople: e.LEARN_MIN_PEOPLE,
    },
  };
}

/** `key=number,key=number`: only the given keys, each a number ≥ 0. */
function keyNumbers(keys: readonly string[]) {
  return (text: string, ctx: z.RefinementCtx): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [key = '', value = ''] = part.split('=').map((x) => x.trim());
      const n = Number(value);
      if (!keys.includes(key)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(key)} is not one of ${keys.join(', ')}` });
      else if (value === '' || !Number.isFinite(n) || n < 0) ctx.addIssue({ code: 'custom', message: `${key} must be a number ≥ 0` });
      else out[key] = n;
    }
    return out;
  };
}

/** A regular expression, case-insensitive, given without slashes. */
function pattern(text: string, ctx: z.RefinementCtx): RegExp {
  try {
    return new RegExp(text, 'i');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression (${(err as Error).message})` });
    return /$^/;
  }
}

/** Comma-separated entries; each bad one is its own problem, quoted, so it can be found and fixed. */
function parseTrustProxy(list: string, ctx: z.RefinementCtx): readonly TrustedNet[] {
  const nets: TrustedNet[] = [];
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    const parsed = parseTrustedProxy(entry);
    if (parsed) nets.push(...parsed);
    else ctx.addIssue({ code: 'custom', message: `${JSON.stringify(entry)} is not an IP address, a CIDR such as 10.0.0.0/8 or 2001:db8::/32, "loopback" or "private"` });
  }
  return nets;
}

/**
 * DNS_SERVERS: `ip[:port]` entries, comma-separated, IPv6 with a port written `[2001:db8::53]:53`,
 * in the form node's resolver.setServers takes.
 */
function parseDnsServers(list: string, ctx: z.RefinementCtx): string[] {
  const servers: string[] = [];
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    const m = /^(?:\[([^\]]+)\]|([^:\s]+))(?::(\d{1,5}))?$/.exec(entry) ?? (isIP(entry) === 6 ? [entry, entry, undefined, undefined] : null);
    const address = m?.[1] ?? m?.[2];
    const port = m?.[3] === undefined ? null : Number(m[3]);
    if (!address || !isIP(address) || (port !== null && (port < 1 || port > 65535))) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(entry)} is not an IP address with an optional port, such as 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:53` });
    } else servers.push(entry);
  }
  if (!list.split(',').some((e) => e.trim())) ctx.addIssue({ code: 'custom', message: 'name at least one DNS server, such as 192.0.2.53' });
  return servers;
}

function parseDatabaseUrl(url: string, ctx: z.RefinementCtx): DatabaseTarget {
  if (url === 'sqlite::memory:') return { kind: 'sqlite', path: ':memory:' };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path) return { kind: 'sqlite', path: resolve(path) };
  }
  if (/^postgres(ql)?:\/\/./.test(url)) {
    try {
      new URL(url);
      return { kind: 'postgres', url };
    } catch {
      /* reported below */
    }
  }
  ctx.addIssue({
    code: 'custom',
    message: 'must be sqlite:PATH, sqlite::memory: or postgres://USER@HOST:PORT/DB',
  });
  return z.NEVER;
}
