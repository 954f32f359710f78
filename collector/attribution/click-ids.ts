/**
 * Advertising click ids: the query parameter an ad network appends to its landing URLs, and the
 * network it names. Data, not logic (published parameter names, restated).
 */
export const CLICK_IDS: Readonly<Record<string, string>> = {
  gclid: 'google',
  gbraid: 'google',
  wbraid: 'google',
  dclid: 'google',
  gclsrc: 'google',
  msclkid: 'microsoft',
  li_fat_id: 'linkedin',
  fbclid: 'meta',
  ttclid: 'tiktok',
  twclid: 'x',
  rdt_cid: 'reddit',
  sccid: 'snapchat',
  epik: 'pinterest',
  yclid: 'yandex',
  irclickid: 'impact',
  mc_cid: 'mailchimp',
};
