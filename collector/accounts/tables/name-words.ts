/**
 * Words that do not tell one company from another, as data. `network-match.ts` folds each the way
 * it folds a name (lower case, accents off).
 */

/**
 * Words a registered name carries besides the company's name: groupings, places and the shape of
 * the entity. 'Wal-Mart Stores, Inc.' is Walmart, 'Wal-mart (China) Investment Co., Ltd.' is
 * Walmart in China. Set aside before names are compared, never down to nothing.
 */
export const GENERIC_WORDS: readonly string[] = [
  'the', 'and', 'group', 'groupe', 'gruppe', 'grupo', 'gruppo', 'holding', 'holdings', 'international', 'intl', 'global', 'worldwide',
  'stores', 'store', 'enterprises', 'enterprise', 'companies', 'company', 'corporation', 'corp', 'inc', 'incorporated', 'co', 'ltd',
  'investment', 'investments', 'usa', 'us', 'canada', 'china', 'japan', 'india', 'uk', 'europe', 'emea', 'apac', 'asia', 'pacific',
  'latam', 'mexico', 'brasil', 'brazil', 'deutschland', 'germany', 'france', 'italia', 'italy', 'espana', 'spain', 'nederland',
  'netherlands', 'australia', 'singapore', 'korea', 'taiwan', 'hong', 'kong', 'shanghai', 'beijing', 'corporate', 'headquarters', 'hq',
];

/**
 * Words naming a line of business: 'Fifth Third Bank' and 'Fifth Third Bancorp', 'X Financial' and
 * 'X Bank' are one brand. Names equal once these go are the same brand, weaker evidence than the
 * same name.
 */
export const INDUSTRY_WORDS: readonly string[] = [
  'bank', 'banks', 'banking', 'bancorp', 'bancorporation', 'bancshares', 'bankshares', 'financial', 'finance', 'insurance',
  'assurance', 'trust', 'capital', 'securities', 'energy', 'motors', 'motor', 'airlines', 'airways', 'pharmaceuticals', 'pharmaceutical',
  'pharma', 'healthcare', 'health', 'technologies', 'technology', 'tech', 'systems', 'software', 'solutions', 'labs', 'laboratories',
  'services', 'service', 'networks', 'network', 'communications', 'foods', 'food', 'brands', 'resources', 'partners', 'retail',
  'industries', 'industrial', 'manufacturing', 'electric', 'electronics', 'chemicals', 'chemical', 'petroleum', 'oil', 'gas', 'steel',
  'automotive', 'logistics', 'medical', 'mutual', 'federal', 'credit', 'union', 'data', 'it', 'digital', 'online',
  'telecom', 'telecommunications', 'telephone', 'internet', 'broadband', 'cable', 'wireless', 'savings',
];

/** Place words a registered name may carry, and the country each names: 'Walmart Canada Corporation' is Walmart's Canadian arm. */
export const COUNTRY_WORDS: Readonly<Record<string, string>> = {
  usa: 'US', us: 'US', canada: 'CA', china: 'CN', japan: 'JP', india: 'IN', uk: 'GB', mexico: 'MX', brasil: 'BR', brazil: 'BR',
  deutschland: 'DE', germany: 'DE', france: 'FR', italia: 'IT', italy: 'IT', espana: 'ES', spain: 'ES', nederland: 'NL',
  netherlands: 'NL', australia: 'AU', singapore: 'SG', korea: 'KR', taiwan: 'TW', hong: 'HK', shanghai: 'CN', beijing: 'CN',
};
