/**
 * The dashboard's words for what it counts, said once so every page means the same by them. A
 * column or tile with one of these labels shows the matching sentence on hover.
 */
export const WORDS = {
  visits: 'Visits (sessions): what one visitor did with no pause longer than 30 minutes; bots left out.',
  visitors: 'Visitors: distinct browsers (people, as far as the tag can tell).',
  pageViews: 'Page views: every page opened, repeats included.',
  stage: 'Stage: where the account is — unaware (never visited), aware (visited), engaged (score or active days over the threshold), MQA (marketing-qualified: score over the MQA threshold), then opportunity and customer, set by hand or by a CRM import.',
  tier: 'Tier: your own grouping on the target list (for example 1 for the accounts that matter most).',
  aliases: 'Aliases: other names the account is matched by (as networks and forms spell it).',
  country: 'Country: where the company is based (ISO code or name on the target list); networks registered elsewhere need more evidence.',
  candidateNetworks:
    'Networks (autonomous systems) in the open data that may be this company, each with the evidence for and against: the name with legal forms and generic words set aside, the domain, where the network is registered, how many other organizations share the name, and its size. A credited network counts its visits for this company; a candidate waits until someone confirms it, and a rejected one never counts, whatever the data says later. A decision also moves the visits already seen.',
  companies: 'Companies: identified companies, on the target list or not.',
  reached: 'Target accounts with at least one visitor who viewed or downloaded it.',
  score: 'Engagement score: points for what was read and done, weighted by seniority, halved every half-life; shown to one decimal everywhere.',
} as const;

/**
 * The identification report's classes in plain words (its table's hover, and the glossary under
 * it). A visit counts in one: its company first, else the kind of network it came from.
 */
export const IDENTIFICATION_WORDS = {
  target: 'Target accounts: visits credited to a company on your target list.',
  company: 'Other companies: visits credited to a company that is not on the target list.',
  isp: 'Home internet: visits from a home broadband provider; such a network says nothing about the employer.',
  mobile: 'Mobile: visits over a mobile phone network, shared by all its customers.',
  hosting: 'Cloud and hosting: visits from a data centre; most are bots and left out, so few remain here.',
  anonymiser: 'VPN and proxies: visits through a VPN, Tor or a proxy, which hide where they come from.',
  unknown: 'Unknown: everything else — a company network that matched no account, or a network nobody could name.',
  identified: 'Identified: visits credited to a company (target accounts and other companies), of all visits with bots left out.',
} as const;
