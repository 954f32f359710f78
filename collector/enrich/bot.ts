import { isbot } from 'isbot';
import { keep, type Step } from './pipeline.js';

/** isbot runs one large regular expression (about 2 µs); every event of a batch shares its user agent, and a site sees few. */
const answers = new Map<string, boolean>();
const MAX_AGENTS = 5000;

function isBotAgent(userAgent: string): boolean {
  let answer = answers.get(userAgent);
  if (answer === undefined) {
    answer = isbot(userAgent);
    if (answers.size >= MAX_AGENTS) answers.delete(answers.keys().next().value!);
    answers.set(userAgent, answer);
  }
  return answer;
}

/**
 * Flags crawlers and automation by user agent. Bot events are stored, flagged, and left out of
 * every metric: keeping them lets a wrongly flagged visit be recovered.
 */
export const botStep: Step = (draft) => keep({ ...draft, bot: draft.bot || isBotAgent(draft.userAgent ?? '') });
