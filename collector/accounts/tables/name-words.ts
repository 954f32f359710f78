/**
 * Words that do not tell one company from another, as data. `network-match.ts` folds each the way
 * it folds a name (lower case, accents off).
 */

/**
 * Words a registered name carries besides the company's name: groupings, places and the shape of
 * the entity. 'Globo-Dyne Stores, Inc.' is Globodyne, 'Globodyne (China) Investment Co., Ltd.' is
 * Globodyne in China. Set aside before names are compared, never down to nothing.
 */
export const GENERIC_WORDS: readonly string[] = [
  'the', 'and', 'group', 'groupe', 'gruppe', 'grupo', 'gruppo', 'holding', 'holdings', 'international', 'intl', 'global', 'worldwide',
  'stores', 'store', 'enterprises', 'enterprise', 'companies', 'company', 'corporation', 'corp', 'inc', 'incorporated', 'co', 'ltd',
  'investment', 'investments', 'usa', 'us', 'canada', 'china', 'japan', 'india', 'uk', 'europe', 'emea', 'apac', 'asia', 'pacific',
  'latam', 'mexico', 'brasil', 'brazil', 'deutschland', 'germany', 'france', 'italia', 'italy', 'espana', 'spain', 'nederland',
  'netherlands', 'australia', 'singapore', 'korea', 'taiwan', 'hong', 'kong', 'shanghai', 'beijing', 'corporate', 'headquarters', 'hq',
];

/**
 * Words naming a line of business, by line: 'X Bank' and 'X Bancorp', 'X
 * Financial' and 'X Bank' are one brand in one line (finance). Names equal once these go are the
 * same brand, weaker evidence than the same name; two names whose lines share nothing ('X
 * Data Systems', 'X Insurance') are two businesses.
 */
export const INDUSTRY_LINES: Readonly<Record<string, readonly string[]>> = {
  finance: ['bank', 'banks', 'banking', 'bancorp', 'bancorporation', 'bancshares', 'bankshares', 'financial', 'finance', 'trust', 'capital', 'securities', 'savings', 'mutual', 'federal', 'credit', 'union', 'investment', 'investments', 'asset', 'wealth'],
  insurance: ['insurance', 'assurance', 'mutual', 'life', 'casualty', 'underwriters'],
  technology: ['technologies', 'technology', 'tech', 'systems', 'software', 'solutions', 'labs', 'laboratories', 'data', 'it', 'digital', 'online', 'networks', 'network', 'computer', 'computers', 'computing', 'electronics', 'semiconductor', 'semiconductors'],
  telecom: ['communications', 'telecom', 'telecommunications', 'telephone', 'internet', 'broadband', 'cable', 'wireless', 'networks', 'network', 'online'],
  energy: ['energy', 'petroleum', 'oil', 'gas', 'electric', 'power', 'utilities', 'resources'],
  health: ['pharmaceuticals', 'pharmaceutical', 'pharma', 'healthcare', 'health', 'medical', 'laboratories', 'labs'],
  transport: ['airlines', 'airways', 'logistics', 'motors', 'motor', 'automotive', 'freight', 'transport', 'transportation'],
  industry: ['industries', 'industrial', 'manufacturing', 'chemicals', 'chemical', 'steel', 'electric', 'electronics'],
  consumer: ['foods', 'food', 'brands', 'retail', 'stores', 'restaurants'],
  services: ['services', 'service', 'partners', 'consulting'],
};

/** Place words a registered name may carry, and the country each names: 'Globodyne Canada Corporation' is Globodyne's Canadian arm. */
export const COUNTRY_WORDS: Readonly<Record<string, string>> = {
  usa: 'US', us: 'US', canada: 'CA', china: 'CN', japan: 'JP', india: 'IN', uk: 'GB', mexico: 'MX', brasil: 'BR', brazil: 'BR',
  deutschland: 'DE', germany: 'DE', france: 'FR', italia: 'IT', italy: 'IT', espana: 'ES', spain: 'ES', nederland: 'NL',
  netherlands: 'NL', australia: 'AU', singapore: 'SG', korea: 'KR', taiwan: 'TW', hong: 'HK', shanghai: 'CN', beijing: 'CN',
  sverige: 'SE', svenska: 'SE', sweden: 'SE', norge: 'NO', norsk: 'NO', norway: 'NO', danmark: 'DK', dansk: 'DK', denmark: 'DK',
  suomi: 'FI', finland: 'FI', belgium: 'BE', belgique: 'BE', belgie: 'BE', schweiz: 'CH', suisse: 'CH', svizzera: 'CH',
  switzerland: 'CH', osterreich: 'AT', austria: 'AT', polska: 'PL', poland: 'PL', ireland: 'IE', portugal: 'PT', ceska: 'CZ',
  czech: 'CZ', magyarorszag: 'HU', hungary: 'HU', romania: 'RO', turkiye: 'TR', turkey: 'TR', israel: 'IL', malaysia: 'MY',
  thailand: 'TH', indonesia: 'ID', philippines: 'PH', vietnam: 'VN', argentina: 'AR', chile: 'CL', colombia: 'CO', peru: 'PE',
  hellas: 'GR', greece: 'GR', luxembourg: 'LU', eesti: 'EE', estonia: 'EE', latvia: 'LV', lithuania: 'LT', slovakia: 'SK',
  slovenia: 'SI', hrvatska: 'HR', croatia: 'HR', srbija: 'RS', serbia: 'RS', bulgaria: 'BG', ukraine: 'UA', nippon: 'JP',
};

/**
 * Kinds of organization that are their own, never a company's arm: a network named 'X Credit
 * Union' or 'X Telephone Cooperative' is not X Corporation's or X Financial's. Written as
 * `normalise.ts` folds names (lower case, '&' → 'and').
 */
export const OWN_KINDS: readonly string[] = [
  'credit union', 'cooperative', 'co op', 'coop', 'university', 'college', 'school', 'school district', 'academy', 'hospital', 'county',
  'city of', 'town of', 'municipality', 'church', 'diocese', 'chamber of commerce', 'public library',
];
