/**
 * GA4's default channel group, restated as data: the medium and campaign patterns it names and its
 * rules in its own order. The first rule whose condition holds gives the channel; none → Unassigned.
 * Every comparison is on lower-cased, trimmed values.
 */
import type { Channel } from '../channel.js';

/** The site lists a source can belong to (one each: the most specific listed host wins). */
export type SiteKind = 'search' | 'social' | 'video' | 'shopping' | 'email';

/**
 * One entry of a site list. `names` are the bare names a utm_source or a click id may use
 * ('google', 'fb'); `hosts` match themselves and their subdomains, and a host ending in `.*`
 * stands for every country domain (`google.*` → google.de, google.co.uk, google.com.au).
 * `except` hosts (same syntax) are carved out of this entry: they belong to no list unless
 * another list names them.
 */
export interface Site {
  readonly names: readonly string[];
  readonly hosts: readonly string[];
  readonly except?: readonly string[];
}

export type Field = 'source' | 'medium' | 'campaign';

/** A rule's condition: a field is one of some values, or matches a pattern; the source is on a site list; or a combination. */
export type Condition =
  | { readonly field: Field; readonly oneOf: readonly string[] }
  | { readonly field: Field; readonly matches: RegExp }
  | { readonly site: SiteKind }
  | { readonly anyOf: readonly Condition[] }
  | { readonly allOf: readonly Condition[] };

export interface ChannelRule {
  readonly channel: Channel;
  readonly when: Condition;
}

/** A paid medium: anything containing "cp" (cpc, cpm, cpv, cpa…), ppc, retargeting, or starting with "paid". */
export const PAID_MEDIUM = /^(?:.*cp.*|ppc|retargeting|paid.*)$/;
/** A shopping campaign: contains "shopping", or "shop" not preceded by a letter other than "e" (eshop yes, workshop no). */
export const SHOPPING_CAMPAIGN = /shopping|(?:^|[^a-df-z])shop/;
export const DISPLAY_MEDIUMS = ['display', 'banner', 'expandable', 'interstitial', 'cpm'] as const;
export const SOCIAL_MEDIUMS = ['social', 'social-network', 'social-media', 'sm', 'social network', 'social media'] as const;
export const REFERRAL_MEDIUMS = ['referral', 'app', 'link'] as const;
export const EMAIL_WORDS = ['email', 'e-mail', 'e_mail', 'e mail'] as const;

const is = (field: Field, ...oneOf: string[]): Condition => ({ field, oneOf });
const like = (field: Field, matches: RegExp): Condition => ({ field, matches });
const site = (kind: SiteKind): Condition => ({ site: kind });
const anyOf = (...conditions: Condition[]): Condition => ({ anyOf: conditions });
const allOf = (...conditions: Condition[]): Condition => ({ allOf: conditions });

const paid = like('medium', PAID_MEDIUM);
const shopping = anyOf(site('shopping'), like('campaign', SHOPPING_CAMPAIGN));

/** GA4's order. Paid rules come before organic ones, and Display before Paid Other (cpm is both). */
export const CHANNEL_RULES: readonly ChannelRule[] = [
  { channel: 'Direct', when: allOf(is('source', '(direct)'), is('medium', '(none)', '(not set)')) },
  { channel: 'Cross-network', when: like('campaign', /cross-network/) },
  { channel: 'Paid Shopping', when: allOf(shopping, paid) },
  { channel: 'Paid Search', when: allOf(site('search'), paid) },
  { channel: 'Paid Social', when: allOf(site('social'), paid) },
  { channel: 'Paid Video', when: allOf(site('video'), paid) },
  { channel: 'Display', when: is('medium', ...DISPLAY_MEDIUMS) },
  { channel: 'Paid Other', when: paid },
  { channel: 'Organic Shopping', when: shopping },
  { channel: 'Organic Social', when: anyOf(site('social'), is('medium', ...SOCIAL_MEDIUMS)) },
  { channel: 'Organic Video', when: anyOf(site('video'), like('medium', /video/)) },
  { channel: 'Organic Search', when: anyOf(site('search'), is('medium', 'organic')) },
  { channel: 'Referral', when: is('medium', ...REFERRAL_MEDIUMS) },
  { channel: 'Email', when: anyOf(is('source', ...EMAIL_WORDS), is('medium', ...EMAIL_WORDS)) },
  { channel: 'Affiliates', when: is('medium', 'affiliate') },
  { channel: 'Audio', when: is('medium', 'audio') },
  { channel: 'SMS', when: anyOf(is('source', 'sms'), is('medium', 'sms')) },
  {
    channel: 'Mobile Push Notifications',
    when: anyOf(like('medium', /push$/), like('medium', /mobile|notification/), is('source', 'firebase')),
  },
];
