/**
 * Source / medium / channel of a session, following GA4's default channel group. The rules and the
 * site lists are data in ./tables; this file derives the source and medium and walks the rules.
 */
import { CHANNEL_RULES, type Condition, type Site, type SiteKind } from './tables/channel-rules.js';
import { CLICK_ID_SOURCES, type ClickIdSource } from './tables/click-id-sources.js';
import { EMAIL_HOSTS } from './tables/email-hosts.js';
import { SEARCH_ENGINES } from './tables/search-engines.js';
import { SHOPPING_SITES } from './tables/shopping-sites.js';
import { SOCIAL_NETWORKS } from './tables/social-networks.js';
import { VIDEO_SITES } from './tables/video-sites.js';

export const CHANNELS = [
  'Direct', 'Organic Search', 'Paid Search', 'Organic Social', 'Paid Social', 'Email', 'Display',
  'Affiliates', 'Referral', 'Organic Video', 'Paid Video', 'Paid Other', 'Organic Shopping',
  'Paid Shopping', 'Cross-network', 'SMS', 'Audio', 'Mobile Push Notifications', 'Unassigned',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface TouchInput {
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  /** Click-id parameter name found on the landing URL (gclid, msclkid, li_fat_id, fbclid, ttclid, …) or null. */
  clickId: string | null;
  /** Full referrer URL, or null / ''. Only http(s) URLs count; anything else is no referrer. */
  referrer: string | null;
  /**
   * The site's own hosts (from its allowed origins and its landing URL): a referrer from them or
   * their subdomains is no source (internal navigation = Direct). A leading "www." is ignored, so
   * www.vendor.com also covers blog.vendor.com.
   */
  siteHosts: readonly string[];
}

export interface Touch {
  channel: Channel;
  source: string;
  medium: string;
  campaign: string | null;
}

type SourceMedium = ClickIdSource;

const DIRECT: SourceMedium = { source: '(direct)', medium: '(none)' };
const NOT_SET = '(not set)';

// ── site lists ──────────────────────────────────────────────────────────────

/** How much of `host` a listed host matches (0: not at all), so the most specific list wins. */
type HostMatcher = (host: string) => number;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function hostMatcher(listed: string): HostMatcher {
  if (listed.endsWith('.*')) {
    const re = new RegExp(`(?:^|\\.)(${escape(listed.slice(0, -2))}\\.(?:com?\\.)?[a-z]{2,})$`);
    return (host) => re.exec(host)?.[1]?.length ?? 0;
  }
  return (host) => (host === listed || host.endsWith(`.${listed}`) ? listed.length : 0);
}

interface CompiledSite {
  readonly kind: SiteKind;
  readonly site: Site;
  readonly names: ReadonlySet<string>;
  readonly hosts: readonly HostMatcher[];
  readonly except: readonly HostMatcher[];
}

const SITE_LISTS: readonly (readonly [SiteKind, readonly Site[]])[] = [
  ['search', SEARCH_ENGINES],
  ['social', SOCIAL_NETWORKS],
  ['video', VIDEO_SITES],
  ['shopping', SHOPPING_SITES],
  ['email', EMAIL_HOSTS],
];

const SITES: readonly CompiledSite[] = SITE_LISTS.flatMap(([kind, sites]) =>
  sites.map((site) => ({
    kind,
    site,
    names: new Set(site.names),
    hosts: site.hosts.map(hostMatcher),
    except: (site.except ?? []).map(hostMatcher),
  })),
);

/** The list a source (a name like 'google' or a host like 'www.linkedin.com') belongs to, if any. */
function siteOf(source: string): CompiledSite | null {
  let best: CompiledSite | null = null;
  let bestScore = 0;
  for (const s of SITES) {
    const score = s.names.has(source)
      ? Number.MAX_SAFE_INTEGER
      : s.except.some((m) => m(source) > 0)
        ? 0
        : Math.max(0, ...s.hosts.map((m) => m(source)));
    if (score > bestScore) [best, bestScore] = [s, score];
  }
  return best;
}

// ── source / medium ─────────────────────────────────────────────────────────

const clean = (v: string | null | undefined) => v?.trim().toLowerCase() || null;

/** Bare host: lower-case, no scheme, port, path, trailing dot or leading "www.". */
function bareHost(value: string): string {
  const host = value.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#]/)[0] ?? '';
  return host.replace(/:\d+$/, '').replace(/\.$/, '').replace(/^www\./, '');
}

function referrerHost(referrer: string | null): string | null {
  if (!referrer) return null;
  let url: URL;
  try {
    url = new URL(referrer.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return bareHost(url.hostname) || null;
}

const isOwn = (host: string, siteHosts: readonly string[]) =>
  siteHosts.some((s) => {
    const own = bareHost(s);
    return own !== '' && (host === own || host.endsWith(`.${own}`));
  });

/** Source and medium of an external referrer; null for none, garbage or the site's own hosts. */
function fromReferrer(referrer: string | null, siteHosts: readonly string[]): SourceMedium | null {
  const host = referrerHost(referrer);
  if (!host || isOwn(host, siteHosts)) return null;
  const site = siteOf(host);
  if (site?.kind === 'search') return { source: site.site.names[0] ?? host, medium: 'organic' };
  if (site?.kind === 'email') return { source: host, medium: 'email' };
  return { source: host, medium: 'referral' };
}

function fromClickId(clickId: string | null): SourceMedium | null {
  const key = clean(clickId);
  return key && Object.hasOwn(CLICK_ID_SOURCES, key) ? (CLICK_ID_SOURCES[key] ?? null) : null;
}

/**
 * UTM first; a missing utm_source or utm_medium is filled from the click id, then the referrer,
 * else "(not set)". Without UTM: the click id, then the referrer, then (direct) / (none).
 */
function sourceMedium(input: TouchInput): SourceMedium {
  const utmSource = clean(input.utmSource);
  const utmMedium = clean(input.utmMedium);
  const implied = fromClickId(input.clickId) ?? fromReferrer(input.referrer, input.siteHosts);
  if (!utmSource && !utmMedium) return implied ?? DIRECT;
  return {
    source: utmSource ?? implied?.source ?? NOT_SET,
    medium: utmMedium ?? implied?.medium ?? NOT_SET,
  };
}

// ── channel ─────────────────────────────────────────────────────────────────

interface Fields {
  source: string;
  medium: string;
  campaign: string;
  site: SiteKind | null;
}

function holds(c: Condition, f: Fields): boolean {
  if ('allOf' in c) return c.allOf.every((x) => holds(x, f));
  if ('anyOf' in c) return c.anyOf.some((x) => holds(x, f));
  if ('site' in c) return f.site === c.site;
  const value = f[c.field];
  return 'oneOf' in c ? c.oneOf.includes(value) : c.matches.test(value);
}

/** GA4's default channel group, from UTM first; without UTM from click ids; without either from the referrer's host (source = registrable host, e.g. 'google', 'linkedin.com'); without any, Direct ((direct) / (none)). */
function computeChannel(input: TouchInput): Touch {
  const { source, medium } = sourceMedium(input);
  const campaign = input.utmCampaign?.trim() || null;
  const fields: Fields = { source, medium, campaign: campaign?.toLowerCase() ?? '', site: siteOf(source)?.kind ?? null };
  const channel = CHANNEL_RULES.find((r) => holds(r.when, fields))?.channel ?? 'Unassigned';
  return { channel, source, medium, campaign };
}

/** Answers by what decides them (UTM, click id, the referrer's host, the site's hosts): most page views repeat a few. */
const answers = new Map<string, Touch>();
const MAX_ANSWERS = 10_000;

/** GA4's default channel group (see computeChannel), remembered for inputs seen before. */
export function channelOf(input: TouchInput): Touch {
  const key = [input.utmSource, input.utmMedium, input.utmCampaign, input.clickId, referrerHost(input.referrer), ...input.siteHosts].join('\u0000');
  let touch = answers.get(key);
  if (!touch) {
    if (answers.size >= MAX_ANSWERS) answers.clear();
    touch = computeChannel(input);
    answers.set(key, touch);
  }
  return { ...touch };
}
