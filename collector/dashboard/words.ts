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
  companies: 'Companies: identified companies, on the target list or not.',
  reached: 'Target accounts with at least one visitor who viewed or downloaded it.',
  score: 'Engagement score: points for what was read and done, weighted by seniority, halved every half-life; shown to one decimal everywhere.',
} as const;
