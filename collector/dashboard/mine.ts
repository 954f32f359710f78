import type { Viewer } from './session.js';

/**
 * "My accounts": the target accounts a signed-in user owns (the target list's owner is their
 * e-mail, compared without case). Null when the viewer owns none, or has no e-mail (the admin
 * token): the pages then offer no such segment.
 */
export function myAccounts(viewer: Viewer | undefined, targets: readonly { owner: string | null }[]): { email: string; count: number } | null {
  const email = viewer?.email?.toLowerCase();
  if (!email) return null;
  const count = targets.filter((t) => t.owner?.toLowerCase() === email).length;
  return count ? { email: viewer!.email!, count } : null;
}

/** Whether an owner filter is the viewer's own. */
export const isMine = (owner: string | undefined, mine: { email: string } | null) => !!owner && !!mine && owner.toLowerCase() === mine.email.toLowerCase();
