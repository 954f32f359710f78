/** One session of an account, as attribution sees it: where it came from, and when. */
export interface TouchPoint {
  channel: string;
  at: number;
}

export const TOUCH_MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay'] as const;
export type TouchModel = (typeof TOUCH_MODELS)[number];

const DAY = 86_400_000;

/**
 * How one account's credit (1 in all) is shared among the channels of its sessions: all to the
 * first, all to the last, equally to each, or by time decay (a session `halfLifeDays` before the
 * last counts half as much as the last). Channels in descending credit.
 */
export function touchCredit(touches: readonly TouchPoint[], model: TouchModel, halfLifeDays = 7): { channel: string; credit: number }[] {
  if (!touches.length) return [];
  const sorted = [...touches].sort((a, b) => a.at - b.at);
  const weights =
    model === 'first_touch'
      ? sorted.map((_, i) => (i === 0 ? 1 : 0))
      : model === 'last_touch'
        ? sorted.map((_, i) => (i === sorted.length - 1 ? 1 : 0))
        : model === 'linear'
          ? sorted.map(() => 1)
          : sorted.map((t) => Math.pow(0.5, (sorted[sorted.length - 1]!.at - t.at) / DAY / halfLifeDays));
  const total = weights.reduce((a, b) => a + b, 0);
  const byChannel = new Map<string, number>();
  sorted.forEach((t, i) => byChannel.set(t.channel, (byChannel.get(t.channel) ?? 0) + weights[i]! / total));
  return [...byChannel]
    .filter(([, credit]) => credit > 0)
    .map(([channel, credit]) => ({ channel, credit: Math.round(credit * 10_000) / 10_000 }))
    .sort((a, b) => b.credit - a.credit || a.channel.localeCompare(b.channel));
}
