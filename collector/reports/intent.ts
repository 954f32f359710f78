/**
 * High-intent pages, as the product already defines them: the scoring rules' pricing pattern
 * (PRICING_PATTERN) and demo/contact pattern (DEMO_FORM_PATTERN), and the alerts' high-intent
 * path fragments (Alerts settings). A page is marked by the first that matches its path.
 */
export interface IntentRules {
  /** Scoring: a page view whose path matches is a pricing-page view. */
  pricing: RegExp;
  /** Scoring: a form (or here, a page) whose path matches is a demo or contact request. */
  demo: RegExp;
  /** Alerts: path fragments of high-intent pages, matched case-insensitively. */
  paths: readonly string[];
}

export type IntentKind = 'pricing' | 'demo' | 'intent';

/** What each mark says, and why, for badges and their hover. */
export const INTENT_LABELS: Record<IntentKind, { label: string; help: string }> = {
  pricing: { label: 'pricing', help: 'A pricing page (the scoring rules’ pricing pattern)' },
  demo: { label: 'demo / contact', help: 'A demo, contact, trial or quote page (the scoring rules’ demo and contact pattern)' },
  intent: { label: 'high intent', help: 'A high-intent page as the alerts define them (Alerts settings)' },
};

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url.replace(/[?#].*$/, '');
  }
};

/** The mark of a page or asset URL, or null when it is none of them. */
export function intentOf(url: string, r: IntentRules): IntentKind | null {
  const path = pathOf(url);
  if (r.pricing.test(path)) return 'pricing';
  if (r.demo.test(path)) return 'demo';
  const lower = path.toLowerCase();
  if (r.paths.some((p) => p && lower.includes(p.toLowerCase()))) return 'intent';
  return null;
}
