/**
 * The visit model: who comes to the demo site over the simulated period, when, from which
 * network and browser, what they read, download and fill in. Pure and deterministic: the same
 * options (seed, days, now, scale, origin) give the same visits, event for event; nothing is sent.
 *
 * Populations:
 * - target companies' finance people, each with a stable visitor id, browser and office address,
 *   reading in business hours of the company's time zone, mostly on weekdays. Each company has a
 *   profile: cold (never comes), light, steady, or warming (a handful: visits pick up over the last
 *   weeks, with pricing, the security overview, the product tour and a demo request by someone
 *   senior, so the account becomes engaged and then MQA);
 * - other companies (non-target accounts), one of them warming too (a candidate account);
 * - the public on home broadband and phones (never credited to an account), some signing up for
 *   the newsletter with personal addresses;
 * - people on cloud and hosting networks (virtual desktops, scrapers with browser agents), which
 *   the collector marks as likely automated;
 * - crawlers and headless browsers, flagged as bots by their user agents.
 */
import { createHash } from 'node:crypto';
import {
  BLOG_POSTS, DESKTOP_AGENTS, DESKTOP_SCREENS, DOWNLOADS, FIRST_NAMES, FORMS, JOB_TITLES, LAST_NAMES, MOBILE_AGENTS, MOBILE_SCREENS, NEXT,
  PAGES, PERSONAL_MAIL_DOMAINS, READ_MS, SENIOR_TITLES, SOURCE_MIX, SOURCES, languageOf, type PageKey, type SourceKey,
} from './catalog.js';
import { ACCESS_NETWORKS, CRAWLERS, DEMO_TARGETS, OTHER_COMPANIES, type AccessNetwork, type DemoCompany } from './companies.js';
import { Random } from './random.js';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export type EventType = 'page_view' | 'engagement' | 'download' | 'form';

/** One event as the tag sends it (the contract's envelope holds a list of these). */
export interface SimEvent {
  id: string;
  type: EventType;
  ts: number;
  visitor: string;
  session: string;
  url: string;
  title?: string;
  referrer?: string;
  props?: Record<string, unknown>;
}

/** Who a visit is from: a target company, another company, the public on an ISP or a phone, a cloud network, or a bot. */
export type VisitKind = 'target' | 'company' | 'isp' | 'mobile' | 'hosting' | 'bot';

/** One session: the events a browser sends, and the address and user agent it sends them with. */
export interface Visit {
  kind: VisitKind;
  /** The company's domain for 'target' and 'company' visits, else null. */
  company: string | null;
  /** The company's or the network's name, or the crawler's. */
  from: string;
  ip: string;
  userAgent: string;
  start: number;
  events: SimEvent[];
}

export interface TrafficOptions {
  /** The demo site's origin: page URLs are on it. */
  origin: string;
  days?: number;
  seed?: number;
  /** The end of the simulated period (epoch ms); default Date.now(). */
  now?: number;
  /** Multiplies the amount of traffic (default 1); the warming accounts' key visits stay. */
  scale?: number;
}

export interface Traffic {
  /** Every visit, oldest first. */
  visits: Visit[];
  events: number;
  /** Companies (targets and others) with at least one visit. */
  companies: number;
  /** The companies whose interest builds up over the period, by name. */
  warming: string[];
}

export const DEFAULTS = { days: 90, seed: 42, scale: 1 } as const;

// ── when ─────────────────────────────────────────────────────────────────────

type Rhythm = 'office' | 'home' | 'any';

/** Weight by local weekday (Sunday first) and hour, each at most 1. */
const DAY_WEIGHTS: Record<Rhythm, readonly number[]> = {
  office: [0.05, 1, 1, 1, 1, 0.85, 0.07],
  home: [0.45, 1, 1, 1, 1, 0.9, 0.45],
  any: [1, 1, 1, 1, 1, 1, 1],
};
const HOUR_WEIGHTS: Record<Rhythm, readonly number[]> = {
  office: [0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.3, 0.8, 1, 1, 0.9, 0.6, 0.8, 1, 0.9, 0.8, 0.5, 0.25, 0.12, 0.1, 0.08, 0.04, 0.02],
  home: [0.05, 0.03, 0.02, 0.02, 0.02, 0.03, 0.1, 0.4, 0.5, 0.5, 0.5, 0.5, 0.6, 0.5, 0.5, 0.5, 0.5, 0.6, 0.8, 1, 1, 0.9, 0.6, 0.25],
  any: Array.from({ length: 24 }, () => 1),
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The time zone's offset from UTC at `t` (ms), from the platform's zone data, remembered per hour. */
export function zoneOffset(timeZone: string, t: number): number {
  const hour = Math.floor(t / 3_600_000);
  const key = `${timeZone}\u0000${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    let f = formatters.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
      formatters.set(timeZone, f);
    }
    const at = hour * 3_600_000;
    const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
    offset = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - at;
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * A moment in [from, to] at which someone with this rhythm is likely online, in their time zone.
 * `shape` (0..1 over the window, at most 1) makes later moments likelier: interest building up.
 */
function sampleTime(rnd: Random, timeZone: string, rhythm: Rhythm, from: number, to: number, shape?: (f: number) => number): number {
  let t = from;
  for (let i = 0; i < 2000; i++) {
    t = Math.round(from + rnd.next() * (to - from));
    const local = new Date(t + zoneOffset(timeZone, t));
    const w = DAY_WEIGHTS[rhythm][local.getUTCDay()]! * HOUR_WEIGHTS[rhythm][local.getUTCHours()]! * (shape ? shape((t - from) / (to - from)) : 1);
    if (rnd.next() < w) return t;
  }
  return t;
}

// ── who ──────────────────────────────────────────────────────────────────────

interface Person {
  kind: VisitKind;
  visitor: string;
  userAgent: string;
  mobile: boolean;
  screen: readonly [string, string];
  lang: string;
  timeZone: string;
  /** Fixed for office and home connections; phones and clouds get a new one each visit. */
  ip: string | null;
  prefixes: readonly string[];
  from: string;
  company: DemoCompany | null;
  title: string | null;
  email: string | null;
  /** Forms this person has sent already (nobody asks for a demo twice). */
  sent: Set<string>;
}

/** A random address inside a prefix, never its first or last. */
export function addressIn(rnd: Random, cidr: string): string {
  const [base, bits] = cidr.split('/');
  const start = base!.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits));
  const n = start + (size <= 4 ? 1 : rnd.int(1, size - 2));
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

const ascii = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z]/g, '');

function person(rnd: Random, o: { kind: VisitKind; from: string; timeZone: string; prefixes: readonly string[]; mobile: boolean; company?: DemoCompany; fixedIp: boolean }): Person {
  const first = rnd.pick(FIRST_NAMES);
  const last = rnd.pick(LAST_NAMES);
  const company = o.company ?? null;
  return {
    kind: o.kind,
    visitor: rnd.id(22),
    userAgent: rnd.weighted(o.mobile ? MOBILE_AGENTS : DESKTOP_AGENTS),
    mobile: o.mobile,
    screen: rnd.pick(o.mobile ? MOBILE_SCREENS : DESKTOP_SCREENS),
    lang: languageOf(o.timeZone),
    timeZone: o.timeZone,
    ip: o.fixedIp ? addressIn(rnd, rnd.pick(o.prefixes)) : null,
    prefixes: o.prefixes,
    from: o.from,
    company,
    title: company ? rnd.weighted(JOB_TITLES) : null,
    email: company ? `${ascii(first)}.${ascii(last)}@${company.domain}` : `${ascii(first)}${ascii(last)}${rnd.int(1, 99)}@${rnd.pick(PERSONAL_MAIL_DOMAINS)}`,
    sent: new Set(),
  };
}

// ── what ─────────────────────────────────────────────────────────────────────

interface Plan {
  source: SourceKey;
  /** 0 (browsing) .. 1 (shopping for a close tool): weighs pricing, the tour and the demo form. */
  intent: number;
  /** Pages this visit reads at any rate (in this order, after wherever it wandered). */
  include?: readonly PageKey[];
  /** A download it makes (on the page that offers it). */
  download?: keyof typeof DOWNLOADS;
  /** Sends the demo request form. */
  demo?: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The pages of one visit: a walk over the site's links, weighted by intent, then what the plan needs. */
function walk(rnd: Random, landing: PageKey, plan: Plan): PageKey[] {
  const pages: PageKey[] = [landing];
  let at: PageKey = landing;
  const max = 2 + Math.round(plan.intent * 8);
  while (pages.length < max) {
    const next = rnd.weighted(NEXT[at].map(([page, lo, hi = lo]) => [page, lo + (hi - lo) * plan.intent] as const));
    if (next === 'exit' || (next === 'contact' && !plan.demo && rnd.chance(0.5))) break;
    pages.push(next);
    at = next;
  }
  for (const page of plan.include ?? []) if (!pages.includes(page)) pages.push(page);
  if (plan.download && !pages.includes(DOWNLOADS[plan.download].on)) pages.push(DOWNLOADS[plan.download].on);
  if (plan.demo) {
    const i = pages.indexOf('contact');
    if (i >= 0) pages.splice(i);
    if (pages.at(-1) !== 'pricing' && !pages.includes('pricing')) pages.push('pricing');
    pages.push('contact', 'thanks');
  }
  return pages;
}

function fill(template: string, rnd: Random, ts: number): string {
  return template.replace('{id}', () => rnd.id(rnd.int(24, 40))).replace('{month}', () => new Date(ts).toISOString().slice(0, 7));
}

/** The events of one visit by a person, starting at `start`. */
function humanVisit(rnd: Random, origin: string, p: Person, start: number, plan: Plan): Visit {
  const source = SOURCES[plan.source];
  const pages = walk(rnd, rnd.pick(source.landing), plan);
  const session = rnd.uuid();
  const ip = p.ip ?? addressIn(rnd, rnd.pick(p.prefixes));
  const env = { lang: p.lang, screen: p.screen[0], viewport: p.screen[1], tz: p.timeZone };
  const events: SimEvent[] = [];
  const base = { visitor: p.visitor, session };
  let ts = start;
  let previous: string | undefined = 'referrer' in source ? source.referrer : undefined;
  let downloaded = false;
  for (const [i, key] of pages.entries()) {
    const page = PAGES[key];
    const query = i === 0 && 'query' in source ? `?${fill(source.query, rnd, ts)}` : '';
    const url = `${origin}${page.path}${query}`;
    const view = rnd.uuid();
    events.push({ id: view, type: 'page_view', ts, ...base, url, title: page.title, ...(previous && { referrer: previous }), props: env });
    const median = READ_MS[key] * (p.mobile ? 0.7 : 1) * (0.6 + plan.intent * 0.8);
    const read = Math.round(clamp(rnd.logNormal(median, 0.6), 2500, 900_000));

    const offered = Object.entries(DOWNLOADS).find(([, d]) => d.on === key);
    if (offered && !downloaded && (plan.download === offered[0] || rnd.chance(0.05 + plan.intent * 0.25))) {
      downloaded = true;
      const [, d] = offered;
      events.push({ id: rnd.uuid(), type: 'download', ts: ts + Math.round(read * rnd.between(0.3, 0.9)), ...base, url, props: { href: `${origin}${d.path}`, text: d.text } });
    }
    // Newsletter sign-ups: the public with personal addresses, and target accounts' people with
    // their work address (which the target list knows by domain).
    const signs = p.kind === 'target' ? 0.12 : p.kind === 'company' ? 0 : 0.06;
    const form = key === 'contact' && plan.demo ? FORMS.demo : key === FORMS.newsletter.on && !p.sent.has('newsletter') && rnd.chance(signs) ? FORMS.newsletter : null;
    if (form && p.email) {
      p.sent.add(form.id === FORMS.demo.id ? 'demo' : 'newsletter');
      const props: Record<string, unknown> = {
        form_id: form.id,
        action: `${origin}${form.action}`,
        fields: [...form.fields],
        email_domain: p.email.split('@')[1],
        email_hash: sha256(p.email),
      };
      if (form === FORMS.demo) {
        if (p.title) props.job_title = p.title;
        if (p.company) props.company = p.company.name;
      }
      events.push({ id: rnd.uuid(), type: 'form', ts: ts + Math.round(read * 0.95), ...base, url, props });
    }
    const scroll = clamp(Math.round(25 + 75 * (1 - Math.exp(-read / READ_MS[key])) + rnd.between(-10, 10)), 5, 100);
    events.push({ id: rnd.uuid(), type: 'engagement', ts: ts + read, ...base, url, props: { view, visible_ms: read, scroll_pct: scroll } });
    previous = url;
    ts += read + rnd.int(300, 4000);
  }
  events.sort((a, b) => a.ts - b.ts);
  return { kind: p.kind, company: p.company?.domain ?? null, from: p.from, ip, userAgent: p.userAgent, start, events };
}

const CRAWL: readonly PageKey[] = ['home', 'product', 'pricing', 'contact', ...BLOG_POSTS, 'tour', 'tourReconcile', 'tourClose', 'tourReports', 'thanks'];

/** A crawler's visit: pages fetched seconds apart, nothing read or clicked. */
function botVisit(rnd: Random, origin: string, crawler: (typeof CRAWLERS)[number], start: number): Visit {
  const pages = rnd.shuffle(CRAWL).slice(0, rnd.int(2, CRAWL.length));
  const base = { visitor: rnd.id(22), session: rnd.uuid() };
  const events: SimEvent[] = [];
  let ts = start;
  for (const key of pages) {
    const page = PAGES[key];
    events.push({ id: rnd.uuid(), type: 'page_view', ts, ...base, url: `${origin}${page.path}`, title: page.title, props: { lang: 'en-US', screen: '1024x1024', viewport: '1024x1024', tz: 'UTC' } });
    ts += rnd.int(800, 20_000);
  }
  return { kind: 'bot', company: null, from: crawler.name, ip: addressIn(rnd, rnd.pick(crawler.prefixes)), userAgent: crawler.userAgent, start, events };
}

// ── how many ─────────────────────────────────────────────────────────────────

type Profile = 'cold' | 'light' | 'steady' | 'warming';

/** Visits per person per 30 days at scale 1, and how many people of a company come. */
const PROFILES: Record<Profile, { rate: number; people: [number, number]; intent: [number, number] }> = {
  cold: { rate: 0, people: [0, 0], intent: [0, 0] },
  light: { rate: 0.8, people: [1, 2], intent: [0.1, 0.45] },
  steady: { rate: 2.2, people: [2, 4], intent: [0.2, 0.6] },
  warming: { rate: 0.7, people: [4, 6], intent: [0.15, 0.5] },
};

const WARMING_TARGETS = 6;

/** Which target companies come at all, and how keenly: tier 1 and 2 accounts are the ones that warm up. */
function targetProfiles(seed: number): Map<string, Profile> {
  const rnd = Random.of(seed, 'profiles');
  const profiles = new Map<string, Profile>();
  const senior = rnd.shuffle(DEMO_TARGETS.filter((t) => t.tier !== '3'));
  for (const t of senior.slice(0, WARMING_TARGETS)) profiles.set(t.domain, 'warming');
  for (const t of DEMO_TARGETS) {
    if (profiles.has(t.domain)) continue;
    const r = rnd.next();
    const cold = t.tier === '1' ? 0.1 : 0.25;
    const steady = t.tier === '3' ? 0.2 : 0.35;
    profiles.set(t.domain, r < cold ? 'cold' : r < cold + steady ? 'steady' : 'light');
  }
  return profiles;
}

function otherProfiles(seed: number): Map<string, Profile> {
  const rnd = Random.of(seed, 'other-profiles');
  const profiles = new Map<string, Profile>();
  const order = rnd.shuffle(OTHER_COMPANIES);
  order.forEach((c, i) => profiles.set(c.domain, i === 0 ? 'warming' : rnd.weighted<Profile>([['cold', 1], ['light', 6], ['steady', 3]])));
  return profiles;
}

interface Period {
  from: number;
  to: number;
  days: number;
}

/** A company's visits: its people over the period, and for a warming one, the build-up to a demo request. */
function companyVisits(seed: number, origin: string, period: Period, scale: number, company: DemoCompany, kind: 'target' | 'company', profile: Profile): Visit[] {
  const rnd = Random.of(seed, `company:${company.domain}`);
  const spec = PROFILES[profile];
  const count = rnd.int(spec.people[0], spec.people[1]);
  const people = Array.from({ length: count }, () =>
    person(rnd, { kind, from: company.name, timeZone: company.timeZone, prefixes: company.prefixes, mobile: false, company, fixedIp: true }),
  );
  const visits: Visit[] = [];
  const mix = SOURCE_MIX[kind === 'target' ? 'target' : 'company'];
  const visit = (p: Person, start: number, plan: Omit<Plan, 'source'> & { source?: SourceKey }) =>
    visits.push(humanVisit(rnd, origin, p, start, { ...plan, source: plan.source ?? rnd.weighted(mix) }));

  for (const p of people) {
    const n = rnd.poisson(spec.rate * (period.days / 30) * scale);
    for (let i = 0; i < n; i++) {
      visit(p, sampleTime(rnd, company.timeZone, 'office', period.from, period.to), { intent: rnd.between(spec.intent[0], spec.intent[1]) });
    }
  }
  if (profile !== 'warming' || !people.length) return visits;

  // The build-up: over the last five weeks (or the whole period, when shorter) visits come
  // more often and read more pricing, ending in a demo request from someone senior.
  const span = Math.min(period.days, 35) * DAY_MS;
  const from = period.to - span;
  const at = (f: number) => sampleTime(rnd, company.timeZone, 'office', from + span * (f - 0.06), Math.min(period.to, from + span * (f + 0.06)));
  const champion = people[0]!;
  champion.title = rnd.pick(SENIOR_TITLES);
  for (const p of people) {
    const n = rnd.poisson(6 * scale);
    for (let i = 0; i < n; i++) {
      visit(p, sampleTime(rnd, company.timeZone, 'office', from, period.to, (f) => Math.pow(f, 1.5)), { intent: rnd.between(0.5, 0.95) });
    }
  }
  const second = people[1] ?? champion;
  const third = people[2] ?? second;
  visit(champion, at(0.45), { source: 'linkedinAds', intent: 0.6, include: ['pricing'], download: 'security' });
  visit(second, at(0.6), { source: 'nurture', intent: 0.7, include: ['tour', 'tourReconcile', 'tourClose', 'tourReports'], download: 'benchmark' });
  visit(champion, at(0.8), { source: rnd.pick(['direct', 'googleAds', 'g2'] as const), intent: 0.9, demo: true });
  visit(third, at(0.93), { source: 'direct', intent: 0.8, include: ['pricing'], download: 'security' });
  return visits;
}

/** People on home broadband, phones and cloud networks: many, mostly once or twice, never anyone's account. */
function publicVisits(seed: number, origin: string, period: Period, scale: number, kind: 'isp' | 'mobile' | 'hosting', perDay: number): Visit[] {
  const rnd = Random.of(seed, `public:${kind}`);
  const networks = ACCESS_NETWORKS.filter((n) => n.class === kind);
  const pool: Person[] = [];
  const visits: Visit[] = [];
  const n = rnd.poisson(perDay * period.days * scale);
  for (let i = 0; i < n; i++) {
    let p: Person;
    if (pool.length && rnd.chance(kind === 'hosting' ? 0.1 : 0.3)) p = rnd.pick(pool);
    else {
      const net: AccessNetwork = rnd.weighted(networks.map((x) => [x, x.weight] as const));
      p = person(rnd, {
        kind,
        from: net.name,
        timeZone: net.timeZone,
        prefixes: net.prefixes,
        mobile: kind === 'mobile' || (kind === 'isp' && rnd.chance(0.25)),
        fixedIp: kind === 'isp',
      });
      pool.push(p);
    }
    const start = sampleTime(rnd, p.timeZone, kind === 'hosting' ? 'office' : 'home', period.from, period.to);
    const mix = kind === 'mobile' || p.mobile ? SOURCE_MIX.mobile : SOURCE_MIX.public;
    visits.push(humanVisit(rnd, origin, p, start, { source: rnd.weighted(mix), intent: rnd.between(0, kind === 'hosting' ? 0.3 : 0.45) }));
  }
  return visits;
}

function crawlerVisits(seed: number, origin: string, period: Period, scale: number): Visit[] {
  const visits: Visit[] = [];
  for (const crawler of CRAWLERS) {
    const rnd = Random.of(seed, `crawler:${crawler.name}`);
    const n = rnd.poisson(crawler.perDay * period.days * scale);
    for (let i = 0; i < n; i++) visits.push(botVisit(rnd, origin, crawler, sampleTime(rnd, 'UTC', 'any', period.from, period.to)));
  }
  return visits;
}

/** Visits a day at scale 1, by population. */
const PUBLIC_PER_DAY = { isp: 28, mobile: 10, hosting: 1.2 } as const;

/** Every visit of the simulated period, oldest first. */
export function generateTraffic(o: TrafficOptions): Traffic {
  const days = o.days ?? DEFAULTS.days;
  const seed = o.seed ?? DEFAULTS.seed;
  const scale = o.scale ?? DEFAULTS.scale;
  const now = o.now ?? Date.now();
  if (!(days > 0)) throw new Error(`days must be a positive number, got ${days}`);
  if (!(scale >= 0)) throw new Error(`scale must be zero or more, got ${scale}`);
  let origin: string;
  try {
    origin = new URL(o.origin).origin;
  } catch {
    throw new Error(`origin must be a URL like http://localhost:3000, got ${JSON.stringify(o.origin)}`);
  }
  // The period ends at `now`, and no visit runs past it; timestamps are whole milliseconds.
  const end = Math.floor(now);
  const period: Period = { from: end - Math.round(days * DAY_MS), to: end - 30 * MINUTE_MS, days };

  const targetProfile = targetProfiles(seed);
  const otherProfile = otherProfiles(seed);
  const visits: Visit[] = [
    ...DEMO_TARGETS.flatMap((t) => companyVisits(seed, origin, period, scale, t, 'target', targetProfile.get(t.domain)!)),
    ...OTHER_COMPANIES.flatMap((c) => companyVisits(seed, origin, period, scale, c, 'company', otherProfile.get(c.domain)!)),
    ...publicVisits(seed, origin, period, scale, 'isp', PUBLIC_PER_DAY.isp),
    ...publicVisits(seed, origin, period, scale, 'mobile', PUBLIC_PER_DAY.mobile),
    ...publicVisits(seed, origin, period, scale, 'hosting', PUBLIC_PER_DAY.hosting),
    ...crawlerVisits(seed, origin, period, scale),
  ];
  // A visit that would run past the end of the period is moved back to end before it.
  for (const v of visits) {
    const last = v.events.at(-1)!.ts;
    if (last > end) {
      const shift = last - end + 60_000;
      for (const e of v.events) e.ts -= shift;
      v.start -= shift;
    }
  }
  visits.sort((a, b) => a.start - b.start || (a.events[0]!.id < b.events[0]!.id ? -1 : 1));
  const companies = new Set(visits.flatMap((v) => (v.company ? [v.company] : []))).size;
  const warming = [...DEMO_TARGETS, ...OTHER_COMPANIES].filter((c) => (targetProfile.get(c.domain) ?? otherProfile.get(c.domain)) === 'warming').map((c) => c.name);
  return { visits, events: visits.reduce((n, v) => n + v.events.length, 0), companies, warming };
}
