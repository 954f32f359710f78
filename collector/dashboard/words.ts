/**
 * The dashboard's words for what it counts, said once so every page means the same by them. A
 * column or tile with one of these labels shows the matching sentence on hover.
 */
export const WORDS = {
  visits: 'Visits (sessions): what one visitor did with no pause longer than 30 minutes; bots left out.',
  visitors: 'Visitors: distinct browsers (people, as far as the tag can tell).',
  pageViews: 'Page views: every page opened, repeats included.',
  score: 'Engagement score: points for what was read and done, weighted by seniority, halved every half-life; shown to one decimal everywhere.',
} as const;
