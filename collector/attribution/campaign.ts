import { CLICK_IDS } from './click-ids.js';

/** The campaign a landing URL carries: UTM parameters and the first click id found. */
export interface Campaign {
  source: string | null;
  medium: string | null;
  name: string | null;
  term: string | null;
  content: string | null;
  /** The click id's parameter name (`gclid`, `li_fat_id`, …), and the network it names. */
  clickId: string | null;
  network: string | null;
}

const cap = (v: string | null) => (v ? v.slice(0, 200) : null);

/** The campaign of a URL, or null when it carries none. */
export function campaignOf(url: string): Campaign | null {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return null;
  }
  const clickId = Object.keys(CLICK_IDS).find((k) => params.has(k)) ?? null;
  const c: Campaign = {
    source: cap(params.get('utm_source')),
    medium: cap(params.get('utm_medium')),
    name: cap(params.get('utm_campaign')),
    term: cap(params.get('utm_term')),
    content: cap(params.get('utm_content')),
    clickId,
    network: clickId ? CLICK_IDS[clickId]! : null,
  };
  return Object.values(c).some((v) => v !== null) ? c : null;
}
