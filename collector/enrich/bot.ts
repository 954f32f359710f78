import { isbot } from 'isbot';
import { keep, type Step } from './pipeline.js';

/**
 * Flags crawlers and automation by user agent. Bot events are stored, flagged, and left out of
 * every metric: keeping them lets a wrongly flagged visit be recovered.
 */
export const botStep: Step = (draft) => keep({ ...draft, bot: draft.bot || isbot(draft.userAgent ?? '') });
