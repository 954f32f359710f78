import { eventPoints, roleLevel, type ScoringRules } from '../accounts/index.js';
import { keep, type Step } from './pipeline.js';

/**
 * What an event is worth (points per action: page view, pricing page, download, form, demo
 * request) and the seniority of a job title it carries. Role weights and recency are applied when
 * scores are read, so changing them needs no recount. Runs after the bot and identify steps:
 * bots (and hosting networks) never score.
 */
export function scoreStep(rules: ScoringRules): Step {
  return (draft) => {
    const e = draft.event;
    const points = eventPoints({ type: e.type, url: e.url, props: e.props ?? null, bot: draft.bot }, rules);
    return keep({ ...draft, points, roleLevel: roleLevel(e.props?.job_title) });
  };
}
