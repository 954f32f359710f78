import { reasonLabels, type Alert, type Delivery, type Destination, type Digest } from '../types.js';
import { isHttpUrl, post, type PostOptions } from './http.js';
import { listedReasons, pagesHeading, reasonsHeading } from './wording.js';

/**
 * Slack incoming webhooks: Block Kit with a plain-text fallback. Every event-derived string is
 * escaped as Slack documents (& < >), so a company called "<!channel>" cannot ping anyone, and
 * mrkdwn texts are `verbatim` so Slack does not turn bare @mentions or #channels into links.
 */

type SlackText = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string; verbatim?: boolean };
type SlackBlock = Record<string, unknown> & { type: string };
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits (https://docs.slack.dev/reference/block-kit/blocks). */
const MAX_BLOCKS = 50;
const MAX_HEADER = 150;
const MAX_SECTION = 3000;
const MAX_FIELD = 2000;
const MAX_FIELDS = 10;
const MAX_PAGES = 10;

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `<url|label>` for an http(s) URL; anything else stays text. `|` would end the URL early. */
export function slackLink(url: string, label: string): string {
  if (!isHttpUrl(url) || url.length > 1000) return escapeSlack(label);
  const href = escapeSlack(url).replace(/\|/g, '%7C');
  return `<${href}|${escapeSlack(label.replace(/\s+/g, ' '))}>`;
}

const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text: truncate(text, MAX_SECTION), verbatim: true });
const plain = (text: string, max: number): SlackText => ({ type: 'plain_text', text: truncate(text.replace(/\s+/g, ' ').trim() || '—', max), emoji: false });

/** Slack shows the time in each reader's own time zone; the fallback is UTC. */
function slackTime(ms: number): string {
  const fallback = new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

function field(label: string, value: string | null): SlackText {
  return mrkdwn(truncate(`*${escapeSlack(label)}*\n${escapeSlack(value || '—')}`, MAX_FIELD));
}

function pageLines(alert: Alert): string | null {
  if (alert.pages.length === 0) return null;
  const lines = [`*${pagesHeading(alert)}*`];
  let length = lines[0]!.length;
  let listed = 0;
  for (const page of alert.pages.slice(0, MAX_PAGES)) {
    const line = `${listed + 1}. ${slackLink(page.url, truncate(page.title?.trim() || page.url, 120))}`;
    // Long URLs could pass the section limit: stop at a whole line rather than cut a link in half.
    if (length + line.length + 1 > MAX_SECTION - 40) break;
    lines.push(line);
    length += line.length + 1;
    listed++;
  }
  if (alert.pages.length > listed) lines.push(`_and ${alert.pages.length - listed} more_`);
  return lines.join('\n');
}

/** Each reason on its line: "• *Form filled* · Acme filled in the form demo-request". */
function reasonLines(alert: Alert): string | null {
  const reasons = listedReasons(alert);
  if (!reasons.length) return null;
  const lines = reasons.map((r) => `• *${escapeSlack(r.label)}* · ${escapeSlack(truncate(r.summary, 300))}`);
  return [`*${reasonsHeading(alert)}*`, ...lines].join('\n');
}

function button(text: string, url: string): SlackBlock | null {
  if (!isHttpUrl(url) || url.length > 3000) return null;
  return { type: 'actions', elements: [{ type: 'button', text: plain(text, 75), url, action_id: 'open' }] };
}

export function slackAlertMessage(alert: Alert): SlackMessage {
  const { account } = alert;
  const fields = [
    field('Tier', account.tier),
    field('Owner', account.owner),
    field('Stage', account.stage),
    field('Domain', account.domain),
    ...alert.facts.map((fact) => field(fact.label, fact.value)),
  ];
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(account.name, MAX_HEADER) },
    { type: 'section', text: mrkdwn(escapeSlack(alert.summary)) },
  ];
  const why = reasonLines(alert);
  if (why) blocks.push({ type: 'section', text: mrkdwn(why) });
  // A section holds ten fields at most; facts beyond the first section's room get their own.
  for (let i = 0; i < fields.length && i < MAX_FIELDS * 3; i += MAX_FIELDS) blocks.push({ type: 'section', fields: fields.slice(i, i + MAX_FIELDS) });
  const pages = pageLines(alert);
  if (pages) blocks.push({ type: 'section', text: mrkdwn(pages) });
  blocks.push({ type: 'context', elements: [mrkdwn(`${escapeSlack(reasonLabels(alert))}${alert.followUp ? ' · later in the same visit' : ''} · ${slackTime(alert.occurredAt)}`)] });
  const open = button('Open account', alert.url);
  if (open) blocks.push(open);
  return { text: truncate(escapeSlack(alert.summary), MAX_SECTION), blocks };
}

export function slackDigestMessage(digest: Digest): SlackMessage {
  const count = digest.alerts.length;
  const title = `Open ABM digest, ${digest.day}: ${count} alert${count === 1 ? '' : 's'}`;
  const blocks: SlackBlock[] = [{ type: 'header', text: plain(title, MAX_HEADER) }];
  // Room for the header, "and N more" and the button: the rest of the 50 blocks list alerts.
  const shown = count <= MAX_BLOCKS - 2 ? count : MAX_BLOCKS - 3;
  for (const alert of digest.alerts.slice(0, shown)) {
    const line = `*${slackLink(alert.url, truncate(alert.account.name, 150))}* · ${escapeSlack(truncate(alert.summary, 300))}`;
    blocks.push({ type: 'section', text: mrkdwn(`${line}\n_${escapeSlack(reasonLabels(alert))} · ${slackTime(alert.occurredAt)}_`) });
  }
  if (count > shown) blocks.push({ type: 'context', elements: [mrkdwn(`and ${count - shown} more`)] });
  const open = button('Open dashboard', digest.url);
  if (open) blocks.push(open);
  return { text: title, blocks };
}

export function slackMessage(message: { alert: Alert } | { digest: Digest }): SlackMessage {
  return 'alert' in message ? slackAlertMessage(message.alert) : slackDigestMessage(message.digest);
}

/** POSTs to the destination's incoming-webhook URL (a secret: errors name its host only). */
export function deliverSlack(destination: Destination, message: { alert: Alert } | { digest: Digest }, options: PostOptions = {}): Promise<Delivery> {
  return post(destination.target, JSON.stringify(slackMessage(message)), {
    ...options,
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'open-abm-alerts', ...options.headers },
  });
}
