import { campaignOf } from '../attribution/index.js';
import { keep, type Step } from './pipeline.js';

/** A page view's campaign, from its URL: what its session landed with, if it is the first. */
export const campaignStep: Step = (draft) =>
  keep(draft.event.type === 'page_view' ? { ...draft, campaign: campaignOf(draft.event.url) } : draft);
