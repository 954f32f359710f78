import { countryOfDomain } from '../accounts/tables/domain-countries.js';
import { isPersonalEmailDomain, normaliseName, registrableDomain, type AccountIndex, type NetworkMatcher } from '../accounts/index.js';
import { BoundedCache, creditsAccount, mayCreditTarget, type Resolver } from '../ipdb/index.js';
import { truncateIp } from './anonymise-ip.js';
import { keep, type Draft, type Step } from './pipeline.js';
import type { AccountRef, NetworkInfo, StoredEvent } from '../schema/domain.js';


export interface IdentifyOptions {
  resolver: Resolver;
  /** The target list as it is now (it changes when the user imports one): e-mail domains are matched here. */
  accounts: () => AccountIndex;
  /** The same list as networks are matched to it, by evidence, with people's decisions. */
  networks: () => NetworkMatcher;
  /** Below this, a business network credits no account (default 0.5). */
  minConfidence: number;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : null);

/**
 * IP → network → company → account, and e-mail → account. A business e-mail in the event
 * (form fills, identify) names the account outright and wins over the network; otherwise a
 * business, education or government network above the confidence threshold credits its
 * organization, matched to the target list by domain, then name, then aliases. ISPs, mobile
 * carriers, clouds and anonymisers credit nobody; hosting networks also mark the event as
 * likely automated. A form fill with a business e-mail is also evidence for learning its
 * network.
 */
export function identifyStep(o: IdentifyOptions): Step {
  // Many events share a network: its name's matching key (a dozen regular expressions) is worked out once.
  const keys = new BoundedCache<string, string>(20_000);
  const keyOf = (name: string) => {
    let k = keys.get(name);
    if (k === undefined) keys.set(name, (k = normaliseName(name)));
    return k;
  };
  return (draft) => {
    const props = draft.event.props ?? {};
    const resolution = draft.rawIp ? o.resolver.resolve(draft.rawIp) : null;
    const network = resolution && {
      class: resolution.class,
      organization: resolution.organization,
      domain: resolution.domain,
      source: resolution.source,
      confidence: resolution.confidence,
    };

    const mailDomain = text(props.email_domain) && registrableDomain(String(props.email_domain));
    const business = mailDomain && !isPersonalEmailDomain(mailDomain) ? mailDomain : null;
    let account = null;
    let evidence = null;
    if (business) {
      const company = text(props.company);
      const m = o.accounts().match({ domain: business });
      account = m
        ? { id: m.id, name: m.name, domain: m.domain, nameKey: m.nameKey, via: 'email' as const }
        : { id: null, name: company ?? business, domain: business, nameKey: normaliseName(company ?? business), via: 'email' as const, country: countryOfDomain(business) };
      const person = text(props.email_hash) ?? draft.event.visitor ?? null;
      const net = networkOf(draft.rawIp);
      // Only a network that could be an office: never a home ISP, a carrier, a cloud or a VPN.
      if (person && net && (!resolution || ['business', 'education', 'government', 'unknown'].includes(resolution.class))) {
        evidence = { network: net, domain: business, person };
      }
    } else if (resolution && mayCreditTarget(resolution, o.minConfidence)) {
      const org = resolution.organization!;
      const m = o.networks().match({ asn: resolution.asn, organization: org, country: resolution.country ?? null, ipv4: resolution.size ?? null, domain: resolution.domain });
      const domain = resolution.domain ? registrableDomain(resolution.domain) : null;
      // Only a credit counts: a candidate waits for a person, and is meanwhile the network's own account.
      if (m?.verdict === 'credit') account = { id: m.target.id, name: m.target.name, domain: m.target.domain, nameKey: keyOf(m.target.name), via: 'network' as const };
      else if (creditsAccount(resolution, o.minConfidence)) account = { id: null, name: org, domain, nameKey: keyOf(org), via: 'network' as const, country: resolution.country ?? null };
    }
    return keep({ ...draft, network, account, evidence, bot: draft.bot || resolution?.class === 'hosting' });
  };
}

/** The /24 (IPv4) or /48 (IPv6) an address is in: the unit ranges are learned in. */
function networkOf(ip: string | null): string | null {
  const base = truncateIp(ip);
  if (!base) return null;
  return base.includes(':') ? `${base}/48` : `${base}/24`;
}

/**
 * The same identification for an event already stored (backfill). The raw address is gone: the
 * stored network (IPv4 /24, IPv6 /48) is looked up instead, which is what company networks are
 * listed by; hashed addresses (IP_STORAGE=hash) cannot be looked up again, only e-mails can.
 */
export function identifyStored(o: IdentifyOptions): (e: StoredEvent) => { network: NetworkInfo | null; account: AccountRef | null; bot: boolean } {
  const step = identifyStep(o);
  return (e) => {
    const rawIp = e.ip && !e.ip.startsWith('h:') ? e.ip : null;
    const result = step({
      siteId: e.siteId,
      siteHosts: [],
      event: { id: e.id, type: e.type, ts: e.ts, url: e.url, props: e.props ?? undefined, visitor: e.visitor ?? undefined } as Draft['event'],
      receivedAt: e.receivedAt,
      userAgent: e.userAgent,
      rawIp,
      ip: e.ip,
      bot: e.bot,
      warnings: [],
    });
    const d = result.ok ? result.draft : null;
    // Without an address, what the network said before stays.
    return { network: rawIp ? (d?.network ?? null) : (e.network ?? null), account: d?.account ?? (rawIp ? null : (e.account ?? null)), bot: d?.bot ?? e.bot };
  };
}
