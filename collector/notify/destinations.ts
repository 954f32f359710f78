/** A destination's address as it may be shown: a Slack incoming-webhook URL is a secret, so only its scheme and host. */
export function shownTarget(d: { kind: string; target: string }): string {
  if (d.kind !== 'slack') return d.target;
  try {
    const u = new URL(d.target);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '…';
  }
}
