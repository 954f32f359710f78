/**
 * Campaign parameters: UTM tags and advertising click ids (gclid, dclid, fbclid, ttclid, twclid,
 * yclid, msclkid, irclickid, gbraid, wbraid, rdt_cid, mc_cid, li_fat_id, sccid, epik, …).
 */
const CAMPAIGN = /^(utm_\w+|\w*cl(ic)?k?id|\w*braid|\w*_cid|li_fat_id|sccid|epik)$/;

/** The campaign parameters of a URL (given redacted: a value holding an e-mail address arrives as `redacted`), if it has any. */
export function campaignOf(href: string): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  new URL(href).searchParams.forEach((v, k) => CAMPAIGN.test(k) && ((found ??= {})[k] = v.slice(0, 200)));
  return found;
}
