import { channelOf } from '../attribution/index.js';
import { keep, type Step } from './pipeline.js';

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
};

/**
 * Source → channel for page views: GA4's default channel group from the page's UTM and click id
 * (campaign step), else its referrer. The site's own hosts (its origins, and the page's host) are
 * no source: moving around the site is not a new visit's channel. The session keeps the channel
 * of its earliest page view.
 */
export const channelStep: Step = (draft) => {
  if (draft.event.type !== 'page_view') return keep(draft);
  const c = draft.campaign;
  const own = hostOf(draft.event.url);
  const touch = channelOf({
    utmSource: c?.source ?? null,
    utmMedium: c?.medium ?? null,
    utmCampaign: c?.name ?? null,
    clickId: c?.clickId ?? null,
    referrer: draft.event.referrer || null,
    siteHosts: own ? [...draft.siteHosts, own] : draft.siteHosts,
  });
  return keep({ ...draft, touch: { channel: touch.channel, source: touch.source, medium: touch.medium } });
};
