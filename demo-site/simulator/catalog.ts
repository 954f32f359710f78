/**
 * What the simulated visitors see and carry: the demo site's real pages (demo-site/pages), the
 * campaigns and referrers that bring them, browsers, names and job titles.
 */

export interface Page {
  path: string;
  title: string;
}

/** The demo site's pages, as demo-site/pages serves them (titles as the pages and the tour set them). */
export const PAGES = {
  home: { path: '/', title: 'Ledgerline — Close the books in days, not weeks' },
  product: { path: '/product.html', title: 'Product — Ledgerline' },
  pricing: { path: '/pricing.html', title: 'Pricing — Ledgerline' },
  contact: { path: '/contact.html', title: 'Book a demo — Ledgerline' },
  thanks: { path: '/thanks.html', title: 'Thank you — Ledgerline' },
  checklist: { path: '/blog/month-end-close-checklist.html', title: 'The month-end close checklist we wish we had — Ledgerline' },
  tour: { path: '/app/', title: 'Product tour — Ledgerline tour' },
  tourReconcile: { path: '/app/reconcile', title: 'Reconciliation — Ledgerline tour' },
  tourClose: { path: '/app/close', title: 'Close checklist — Ledgerline tour' },
  tourReports: { path: '/app/reports', title: 'Reporting — Ledgerline tour' },
  reconciliation: { path: '/product/reconciliation.html', title: 'Reconciliation — Ledgerline' },
  closeManagement: { path: '/product/close-management.html', title: 'Close management — Ledgerline' },
  integrations: { path: '/product/integrations.html', title: 'Integrations — Ledgerline' },
  blog: { path: '/blog/', title: 'Blog — Ledgerline' },
  intercompany: { path: '/blog/intercompany-without-spreadsheets.html', title: 'Intercompany reconciliation without the spreadsheet — Ledgerline' },
  continuous: { path: '/blog/continuous-close.html', title: 'What a continuous close actually means — Ledgerline' },
  auditReady: { path: '/blog/audit-ready-evidence.html', title: 'Make the auditors’ request list a non-event — Ledgerline' },
  findings: { path: '/blog/close-benchmark-findings.html', title: 'Five findings from the 2026 Close Benchmark — Ledgerline' },
  stories: { path: '/case-studies/', title: 'Customer stories — Ledgerline' },
  corvid: { path: '/case-studies/corvid-freight.html', title: 'Corvid Freight — Customer story — Ledgerline' },
  meridian: { path: '/case-studies/meridian-health.html', title: 'Meridian Health Partners — Customer story — Ledgerline' },
  tallis: { path: '/case-studies/tallis-retail.html', title: 'Tallis Retail Group — Customer story — Ledgerline' },
  resources: { path: '/resources/', title: 'Whitepapers and guides — Ledgerline' },
  demo: { path: '/demo.html', title: 'Book a demo — Ledgerline' },
} as const satisfies Record<string, Page>;

export type PageKey = keyof typeof PAGES;

/** The blog posts (the pages under /blog/). */
export const BLOG_POSTS: readonly PageKey[] = ['checklist', 'intercompany', 'continuous', 'auditReady', 'findings'];

/** Files offered for download, with the page that links them and the link's text. */
export const DOWNLOADS = {
  benchmark: { path: '/files/close-benchmark-2026.pdf', text: 'Download the benchmark (PDF)', on: 'home' },
  security: { path: '/files/security-overview.pdf', text: 'Download our security overview (PDF)', on: 'pricing' },
  playbook: { path: '/files/intercompany-playbook.pdf', text: 'Download the playbook (PDF)', on: 'resources' },
  auditGuide: { path: '/files/audit-ready-close-guide.pdf', text: 'Download the guide (PDF)', on: 'resources' },
} as const satisfies Record<string, { path: string; text: string; on: PageKey }>;

/** The forms: what the tag reports of them (field names only, never values). */
export const FORMS = {
  demo: { id: 'demo-request', on: 'contact', action: '/thanks.html', fields: ['email', 'company', 'job_title', 'phone', 'message'] },
  newsletter: { id: 'newsletter', on: 'checklist', action: '/api/newsletter', fields: ['email'] },
} as const satisfies Record<string, { id: string; on: PageKey; action: string; fields: readonly string[] }>;

/** Where a reader goes next from each page, with weights; 'exit' ends the visit. Intent shifts weight towards pricing and the demo form. */
export const NEXT: Readonly<Record<PageKey, readonly (readonly [PageKey | 'exit', number, number?])[]>> = {
  // [next, weight at low intent, weight at high intent]
  home: [['product', 4, 4], ['pricing', 1, 4], ['checklist', 2, 1], ['blog', 1, 0.3], ['stories', 1, 1], ['resources', 0.7, 0.5], ['tour', 1, 3], ['contact', 0.2, 2], ['exit', 2, 0.7]],
  product: [['reconciliation', 1.5, 1.5], ['closeManagement', 1.5, 1.5], ['integrations', 1, 1.5], ['pricing', 2, 5], ['tour', 2, 3], ['checklist', 1, 0.5], ['demo', 0.2, 2], ['home', 1, 0.5], ['exit', 2, 0.7]],
  reconciliation: [['closeManagement', 1, 1], ['integrations', 1, 1], ['pricing', 1, 4], ['stories', 0.5, 1], ['exit', 2, 0.8]],
  closeManagement: [['reconciliation', 1, 1], ['pricing', 1, 4], ['demo', 0.2, 2], ['exit', 2, 0.8]],
  integrations: [['pricing', 1, 3], ['product', 1, 0.5], ['exit', 2, 1]],
  blog: [['intercompany', 2, 1], ['continuous', 2, 1], ['auditReady', 1.5, 1], ['findings', 2, 1], ['checklist', 1, 0.5], ['exit', 1, 1]],
  intercompany: [['reconciliation', 1, 2], ['blog', 1, 0.5], ['resources', 0.5, 1], ['exit', 3, 1.5]],
  continuous: [['closeManagement', 1, 2], ['blog', 1, 0.5], ['exit', 3, 1.5]],
  auditReady: [['resources', 1, 1], ['pricing', 0.3, 2], ['exit', 3, 1.5]],
  findings: [['resources', 1, 1], ['product', 1, 1.5], ['exit', 3, 1.5]],
  stories: [['corvid', 1, 1], ['meridian', 1, 1], ['tallis', 1, 1], ['exit', 1, 0.5]],
  corvid: [['stories', 1, 0.5], ['pricing', 0.5, 3], ['demo', 0.1, 2], ['exit', 2, 1]],
  meridian: [['stories', 1, 0.5], ['pricing', 0.5, 3], ['demo', 0.1, 2], ['exit', 2, 1]],
  tallis: [['stories', 1, 0.5], ['pricing', 0.5, 3], ['demo', 0.1, 2], ['exit', 2, 1]],
  resources: [['findings', 1, 0.5], ['product', 1, 1], ['exit', 2, 1]],
  demo: [['pricing', 1, 1], ['exit', 3, 1]],
  pricing: [['contact', 0.4, 4], ['product', 1, 1], ['home', 0.5, 0.3], ['checklist', 0.5, 0.2], ['exit', 2.5, 1.2]],
  contact: [['pricing', 1, 1], ['exit', 3, 1]],
  thanks: [['product', 1, 1], ['checklist', 1, 0.5], ['exit', 4, 4]],
  checklist: [['home', 1, 1], ['product', 2, 3], ['pricing', 0.5, 2], ['exit', 3, 1.5]],
  tour: [['tourReconcile', 4, 5], ['pricing', 0.5, 2], ['exit', 1.5, 0.5]],
  tourReconcile: [['tourClose', 4, 5], ['exit', 1, 0.5]],
  tourClose: [['tourReports', 4, 5], ['exit', 1, 0.5]],
  tourReports: [['pricing', 1, 3], ['contact', 0.3, 2], ['product', 0.5, 0.5], ['exit', 2, 1]],
};

/** How long a page holds a reader (median ms). */
export const READ_MS: Readonly<Record<PageKey, number>> = {
  home: 25_000,
  product: 55_000,
  pricing: 70_000,
  contact: 60_000,
  thanks: 8_000,
  checklist: 150_000,
  tour: 20_000,
  tourReconcile: 40_000,
  tourClose: 35_000,
  tourReports: 30_000,
  reconciliation: 60_000,
  closeManagement: 55_000,
  integrations: 40_000,
  blog: 20_000,
  intercompany: 140_000,
  continuous: 120_000,
  auditReady: 130_000,
  findings: 110_000,
  stories: 25_000,
  corvid: 90_000,
  meridian: 90_000,
  tallis: 90_000,
  resources: 30_000,
  demo: 60_000,
};

/**
 * How a visit arrived. `query` goes on the landing URL (UTM and click ids, with {id} and {month}
 * filled in); `referrer` is the page that linked it. The channel the collector derives follows
 * GA4's default channel group.
 */
export interface Source {
  name: string;
  /** The GA4 channel this should come out as (documentation, and a check in the tests). */
  channel: 'Direct' | 'Organic Search' | 'Paid Search' | 'Organic Social' | 'Paid Social' | 'Email' | 'Referral' | 'Display';
  query?: string;
  referrer?: string;
  landing: readonly PageKey[];
}

export const SOURCES = {
  direct: { name: 'direct', channel: 'Direct', landing: ['home', 'home', 'pricing', 'product'] },
  google: { name: 'google organic', channel: 'Organic Search', referrer: 'https://www.google.com/', landing: ['home', 'checklist', 'checklist', 'product'] },
  bing: { name: 'bing organic', channel: 'Organic Search', referrer: 'https://www.bing.com/', landing: ['home', 'checklist'] },
  duckduckgo: { name: 'duckduckgo organic', channel: 'Organic Search', referrer: 'https://duckduckgo.com/', landing: ['checklist'] },
  googleAds: {
    name: 'google cpc',
    channel: 'Paid Search',
    query: 'utm_source=google&utm_medium=cpc&utm_campaign=close-software-search&utm_term=month%20end%20close%20software&gclid={id}',
    landing: ['home', 'pricing'],
  },
  bingAds: { name: 'bing cpc (msclkid)', channel: 'Paid Search', query: 'msclkid={id}', landing: ['home', 'product'] },
  linkedinAds: {
    name: 'linkedin paid social',
    channel: 'Paid Social',
    query: 'utm_source=linkedin&utm_medium=paid_social&utm_campaign=abm-finance-leaders&utm_content=close-benchmark&li_fat_id={id}',
    landing: ['home', 'checklist', 'product'],
  },
  linkedinAdsClickOnly: { name: 'linkedin (li_fat_id)', channel: 'Paid Social', query: 'li_fat_id={id}', referrer: 'https://www.linkedin.com/', landing: ['product', 'tour'] },
  facebookAds: {
    name: 'facebook paid social',
    channel: 'Paid Social',
    query: 'utm_source=facebook&utm_medium=paid_social&utm_campaign=benchmark-retargeting&fbclid={id}',
    landing: ['home'],
  },
  linkedin: { name: 'linkedin organic', channel: 'Organic Social', referrer: 'https://www.linkedin.com/', landing: ['checklist', 'home'] },
  facebook: { name: 'facebook organic (fbclid)', channel: 'Organic Social', query: 'fbclid={id}', referrer: 'https://m.facebook.com/', landing: ['checklist'] },
  newsletter: {
    name: 'newsletter',
    channel: 'Email',
    query: 'utm_source=newsletter&utm_medium=email&utm_campaign=close-digest-{month}',
    landing: ['checklist', 'checklist', 'product'],
  },
  nurture: {
    name: 'benchmark nurture e-mail',
    channel: 'Email',
    query: 'utm_source=hubspot&utm_medium=email&utm_campaign=benchmark-nurture&utm_content=day-7',
    landing: ['pricing', 'tour', 'home'],
  },
  display: {
    name: 'ABM display retargeting',
    channel: 'Display',
    query: 'utm_source=rollworks&utm_medium=display&utm_campaign=abm-tier1-retargeting',
    landing: ['home', 'product'],
  },
  g2: { name: 'g2 review', channel: 'Referral', referrer: 'https://www.g2.com/categories/financial-close', landing: ['product', 'pricing'] },
  cfoDive: { name: 'CFO Dive article', channel: 'Referral', referrer: 'https://www.cfodive.com/news/month-end-close-automation/', landing: ['checklist', 'home'] },
  accountingToday: { name: 'Accounting Today', channel: 'Referral', referrer: 'https://www.accountingtoday.com/news/close-benchmark', landing: ['home'] },
  reddit: { name: 'reddit thread', channel: 'Organic Social', referrer: 'https://www.reddit.com/r/Accounting/', landing: ['checklist'] },
} as const satisfies Record<string, Source>;

export type SourceKey = keyof typeof SOURCES;

/** How visits arrive, by who is visiting: target accounts see the ABM campaigns; the public finds the site by search. */
export const SOURCE_MIX: Readonly<Record<'target' | 'company' | 'public' | 'mobile', readonly (readonly [SourceKey, number])[]>> = {
  target: [
    ['direct', 16], ['google', 14], ['bing', 3], ['googleAds', 7], ['bingAds', 2], ['linkedinAds', 14], ['linkedinAdsClickOnly', 3],
    ['linkedin', 5], ['newsletter', 8], ['nurture', 5], ['display', 6], ['g2', 7], ['cfoDive', 3], ['accountingToday', 2],
  ],
  company: [['direct', 16], ['google', 20], ['bing', 4], ['googleAds', 8], ['linkedin', 6], ['newsletter', 6], ['g2', 8], ['cfoDive', 3]],
  public: [
    ['direct', 14], ['google', 30], ['bing', 5], ['duckduckgo', 2], ['googleAds', 8], ['bingAds', 2], ['facebookAds', 3],
    ['linkedin', 6], ['facebook', 3], ['reddit', 3], ['newsletter', 6], ['g2', 5], ['cfoDive', 3], ['accountingToday', 2],
  ],
  mobile: [['direct', 10], ['google', 25], ['linkedin', 14], ['linkedinAds', 6], ['facebook', 6], ['facebookAds', 5], ['newsletter', 10], ['reddit', 4]],
};

/** Browsers of the time: offices run Windows with Edge or Chrome; homes add Macs; phones are iPhones and Androids. */
export const DESKTOP_AGENTS: readonly (readonly [string, number])[] = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 4],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 5],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 1],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 2],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 1.5],
];

export const MOBILE_AGENTS: readonly (readonly [string, number])[] = [
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 5],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1', 2],
  ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 4],
  ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36', 1],
];

export const DESKTOP_SCREENS: readonly (readonly [string, string])[] = [
  ['1920x1080', '1903x953'],
  ['2560x1440', '2543x1313'],
  ['1536x864', '1519x737'],
  ['1440x900', '1440x789'],
  ['1680x1050', '1680x939'],
];
export const MOBILE_SCREENS: readonly (readonly [string, string])[] = [
  ['390x844', '390x664'],
  ['393x873', '393x746'],
  ['430x932', '430x746'],
  ['412x915', '412x783'],
];

/** The browser language people in a time zone mostly use. */
export function languageOf(timeZone: string): string {
  if (timeZone === 'Europe/Berlin' || timeZone === 'Europe/Zurich') return 'de-DE';
  if (timeZone === 'Europe/Paris') return 'fr-FR';
  if (timeZone === 'Europe/London') return 'en-GB';
  return 'en-US';
}

/** The people in the finance teams that buy close software, most senior first. */
export const JOB_TITLES: readonly (readonly [string, number])[] = [
  ['CFO', 1],
  ['Chief Accounting Officer', 1],
  ['VP Finance', 2],
  ['Head of Financial Operations', 1],
  ['Director of FP&A', 2],
  ['Finance Director', 1],
  ['Controller', 3],
  ['Assistant Controller', 2],
  ['Accounting Manager', 2],
  ['Revenue Accounting Manager', 1],
  ['Senior Accountant', 2],
  ['Financial Systems Analyst', 1],
];

/** Titles of those who ask for a demo: the ones who sign. */
export const SENIOR_TITLES: readonly string[] = ['CFO', 'VP Finance', 'Chief Accounting Officer', 'Controller', 'Director of FP&A'];

export const FIRST_NAMES: readonly string[] = [
  'Alex', 'Priya', 'Jordan', 'Maria', 'Chen', 'Sofia', 'James', 'Aisha', 'Lukas', 'Emma', 'Daniel', 'Hannah', 'Mateo', 'Olivia',
  'Kenji', 'Grace', 'Omar', 'Claire', 'Ravi', 'Julia', 'Thomas', 'Nora', 'Samuel', 'Elena', 'Marcus', 'Ines', 'David', 'Leila',
];
export const LAST_NAMES: readonly string[] = [
  'Garcia', 'Patel', 'Smith', 'Müller', 'Nguyen', 'Johnson', 'Rossi', 'Kim', 'Schmidt', 'Brown', 'Dubois', 'Wilson', 'Novak',
  'Okafor', 'Tanaka', 'Martin', 'Lopez', 'Fischer', 'Clarke', 'Haddad', 'Larsen', 'Moreau', 'Singh', 'Walsh', 'Bauer', 'Costa',
];

/** Where people without a company address sign up for the newsletter from. */
export const PERSONAL_MAIL_DOMAINS: readonly string[] = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'gmx.de', 'hotmail.co.uk'];
