import { DEFAULT_ROLE_WEIGHTS, ROLE_RULES, type RoleLevel } from './tables/roles.js';

/** Points per action, and which pages and forms count as high intent. */
export interface ScoringRules {
  points: { pageView: number; pricingView: number; download: number; form: number; demoForm: number };
  /** A page view whose URL path matches is a pricing-page view. */
  pricingPattern: RegExp;
  /** A form whose id, action or page matches is a demo or contact request. */
  demoFormPattern: RegExp;
}

export const DEFAULT_SCORING: ScoringRules = {
  points: { pageView: 1, pricingView: 2, download: 3, form: 5, demoForm: 8 },
  pricingPattern: /\/(pricing|plans|price|preise|tarifs)\b/i,
  demoFormPattern: /\b(demo|contact|trial|quote|sales|talk[-_ ]?to|book[-_ ]?a)/i,
};

/** What an event is worth before the visitor's role weight and recency: bots never score. */
export function eventPoints(e: { type: string; url: string; props: Record<string, unknown> | null; bot: boolean }, rules: ScoringRules = DEFAULT_SCORING): number {
  if (e.bot) return 0;
  const p = rules.points;
  switch (e.type) {
    case 'page_view':
      return rules.pricingPattern.test(pathOf(e.url)) ? p.pricingView : p.pageView;
    case 'download':
      return p.download;
    case 'form': {
      const where = [e.props?.form_id, e.props?.action, pathOf(e.url)].filter((v): v is string => typeof v === 'string').join(' ');
      return rules.demoFormPattern.test(where) ? p.demoForm : p.form;
    }
    default:
      return 0;
  }
}

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

/** A job title's seniority level; null when there is no title (the visitor never said). */
export function roleLevel(title: unknown): RoleLevel | null {
  if (typeof title !== 'string' || !title.trim()) return null;
  return ROLE_RULES.find((r) => r.pattern.test(title))?.level ?? 'other';
}

/** Weight of points earned `ageDays` ago with the given half-life: 1 today, ½ one half-life ago. */
export const decay = (ageDays: number, halfLifeDays: number) => (ageDays <= 0 ? 1 : Math.pow(0.5, ageDays / halfLifeDays));

/** How scores are read from the rollups: role weights by seniority level and the half-life of points. */
export interface ScoreReading {
  weights: Readonly<Record<RoleLevel, number>>;
  halfLifeDays: number;
}

export const DEFAULT_SCORE_READING: ScoreReading = { weights: DEFAULT_ROLE_WEIGHTS, halfLifeDays: 30 };
