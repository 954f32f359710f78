/** Query parameters that may carry secrets (tokens, passwords, keys, signatures): their values never leave the browser. */
const SECRET = /^(\w*token|pass\w*|pwd|secret|auth|\w*key|email|session|sid|code|otp|\w*sig\w*|x-amz-\w+)$/i;

/**
 * Campaign parameters: UTM tags and advertising click ids (gclid, dclid, fbclid, ttclid, twclid,
 * yclid, msclkid, irclickid, gbraid, wbraid, rdt_cid, mc_cid, li_fat_id, sccid, epik, …).
 */
const CAMPAIGN = /^(utm_\w+|\w*cl(ic)?k?id|\w*braid|\w*_cid|li_fat_id|sccid|epik)$/;

/** The URL as sent: secrets redacted, and the fragment dropped unless `keepHash` (it may hold tokens). */
export function cleanUrl(href: string, keepHash?: boolean): string {
  try {
    const u = new URL(href, location.href);
    for (const k of [...u.searchParams.keys()]) if (SECRET.test(k)) u.searchParams.set(k, 'redacted');
    if (!keepHash) u.hash = '';
    return u.href;
  } catch {
    return href;
  }
}

/** The campaign parameters of a URL, if it has any. */
export function campaignOf(href: string): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  new URL(href).searchParams.forEach((v, k) => CAMPAIGN.test(k) && ((found ??= {})[k] = v.slice(0, 200)));
  return found;
}
