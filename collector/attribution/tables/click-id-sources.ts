/**
 * The source and medium a click id stands for when the landing URL has no UTM parameters (keyed by
 * the parameter names of ../click-ids.ts). Ad networks get medium "cpc" (a paid medium).
 * fbclid is the exception: Facebook adds it to organic shares as well, so alone it is an organic
 * social visit; UTM saying paid makes it Paid Social.
 */
export interface ClickIdSource {
  readonly source: string;
  readonly medium: string;
}

export const CLICK_ID_SOURCES: Readonly<Record<string, ClickIdSource>> = {
  gclid: { source: 'google', medium: 'cpc' },
  gbraid: { source: 'google', medium: 'cpc' },
  wbraid: { source: 'google', medium: 'cpc' },
  gclsrc: { source: 'google', medium: 'cpc' },
  dclid: { source: 'google', medium: 'display' },
  msclkid: { source: 'bing', medium: 'cpc' },
  li_fat_id: { source: 'linkedin', medium: 'cpc' },
  fbclid: { source: 'facebook', medium: 'referral' },
  ttclid: { source: 'tiktok', medium: 'cpc' },
  twclid: { source: 'x', medium: 'cpc' },
  rdt_cid: { source: 'reddit', medium: 'cpc' },
  sccid: { source: 'snapchat', medium: 'cpc' },
  epik: { source: 'pinterest', medium: 'cpc' },
  yclid: { source: 'yandex', medium: 'cpc' },
  irclickid: { source: 'impact', medium: 'affiliate' },
  mc_cid: { source: 'mailchimp', medium: 'email' },
};
