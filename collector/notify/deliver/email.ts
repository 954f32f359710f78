import { createHash } from 'node:crypto';
import nodemailer, { type NodemailerError, type SendMailOptions, type Transporter } from 'nodemailer';
import { reasonLabels, type Alert, type Delivery, type Destination, type Digest } from '../types.js';
import { DEFAULT_TIMEOUT_MS, describeNetworkError, hostOf, isHttpUrl, seconds } from './http.js';
import { listedReasons, pagesHeading, reasonsHeading } from './wording.js';

/**
 * E-mail through SMTP (nodemailer): a plain-text and an HTML part. Event-derived text is
 * stripped of line breaks before it goes into a header, and escaped before it goes into HTML.
 */

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const MAX_PAGES = 10;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One line, safe in a header: no CR/LF (header injection), no other control characters. */
export function headerText(text: string, max = 200): string {
  const line = text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

const oneLine = (text: string): string => headerText(text, 1000);
const utc = (ms: number): string => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
/** An anchor for http(s) URLs; anything else is shown as escaped text. */
const htmlLink = (url: string, label: string): string =>
  isHttpUrl(url) ? `<a href="${escapeHtml(url)}" style="color:#2563eb">${escapeHtml(label)}</a>` : escapeHtml(label);

function details(alert: Alert): { label: string; value: string }[] {
  const { account } = alert;
  return [
    { label: 'Tier', value: account.tier ?? '—' },
    { label: 'Owner', value: account.owner ?? '—' },
    { label: 'Stage', value: account.stage || '—' },
    { label: 'Domain', value: account.domain ?? '—' },
    ...alert.facts,
  ];
}

const labelsLine = (alert: Alert): string => `${reasonLabels(alert)}${alert.followUp ? ' · later in the same visit' : ''} · ${utc(alert.occurredAt)}`;

function alertText(alert: Alert): string {
  const lines = [oneLine(alert.summary), ''];
  const reasons = listedReasons(alert);
  if (reasons.length) lines.push(`${reasonsHeading(alert)}:`, ...reasons.map((r) => `- ${r.label}: ${oneLine(r.summary)}`), '');
  lines.push(`Account: ${oneLine(alert.account.name)}`);
  for (const { label, value } of details(alert)) lines.push(`${oneLine(label)}: ${oneLine(value)}`);
  if (alert.pages.length > 0) {
    lines.push('', `${pagesHeading(alert)}:`);
    alert.pages.slice(0, MAX_PAGES).forEach((page, i) => lines.push(`${i + 1}. ${oneLine(page.title ?? page.url)} ${oneLine(page.url)}`));
    if (alert.pages.length > MAX_PAGES) lines.push(`and ${alert.pages.length - MAX_PAGES} more`);
  }
  lines.push('', oneLine(labelsLine(alert)), `Open account: ${oneLine(alert.url)}`);
  return lines.join('\n');
}

const TD = 'style="padding:2px 12px 2px 0;color:#6b7280;vertical-align:top"';

function alertHtml(alert: Alert): string {
  const rows = details(alert).map(({ label, value }) => `<tr><td ${TD}>${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`);
  const pages = alert.pages.slice(0, MAX_PAGES).map((page) => `<li>${htmlLink(page.url, page.title?.trim() || page.url)}</li>`);
  const more = alert.pages.length > MAX_PAGES ? `<p style="color:#6b7280">and ${alert.pages.length - MAX_PAGES} more</p>` : '';
  const reasons = listedReasons(alert).map((r) => `<li><strong>${escapeHtml(r.label)}</strong>: ${escapeHtml(r.summary)}</li>`);
  return [
    `<h2 style="margin:0 0 4px">${escapeHtml(alert.account.name)}</h2>`,
    `<p style="margin:0 0 12px">${escapeHtml(alert.summary)}</p>`,
    reasons.length ? `<p style="margin:0"><strong>${escapeHtml(reasonsHeading(alert))}</strong></p><ul style="margin:4px 0 12px">${reasons.join('')}</ul>` : '',
    `<table style="border-collapse:collapse;margin:0 0 12px">${rows.join('')}</table>`,
    pages.length > 0 ? `<p style="margin:0"><strong>${escapeHtml(pagesHeading(alert))}</strong></p><ol style="margin:4px 0 12px">${pages.join('')}</ol>${more}` : '',
    `<p style="color:#6b7280;margin:0 0 12px">${escapeHtml(labelsLine(alert))}</p>`,
    isHttpUrl(alert.url) ? `<p>${htmlLink(alert.url, 'Open account')}</p>` : '',
  ].join('\n');
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body style="font-family:system-ui,sans-serif;font-size:14px;color:#111827">\n${body}\n</body></html>\n`;
}

export function emailAlertContent(alert: Alert): EmailContent {
  const subject = headerText(`[Open ABM] ${alert.summary}`);
  return { subject, text: `${alertText(alert)}\n`, html: page(subject, alertHtml(alert)) };
}

export function emailDigestContent(digest: Digest): EmailContent {
  const count = digest.alerts.length;
  const title = `Open ABM digest, ${digest.day}: ${count} alert${count === 1 ? '' : 's'}`;
  const subject = headerText(`[Open ABM] ${title}`);
  const text = [title, ''];
  const items: string[] = [];
  for (const alert of digest.alerts) {
    text.push(`- ${oneLine(alert.account.name)}: ${oneLine(alert.summary)}`, `  ${oneLine(labelsLine(alert))} · ${oneLine(alert.url)}`);
    items.push(
      `<li style="margin:0 0 8px"><strong>${htmlLink(alert.url, alert.account.name)}</strong>: ${escapeHtml(alert.summary)}` +
        `<br><span style="color:#6b7280">${escapeHtml(labelsLine(alert))}</span></li>`,
    );
  }
  text.push('', `Dashboard: ${oneLine(digest.url)}`);
  const html = [`<h2 style="margin:0 0 12px">${escapeHtml(title)}</h2>`, `<ul style="padding-left:20px">${items.join('\n')}</ul>`];
  if (isHttpUrl(digest.url)) html.push(`<p>${htmlLink(digest.url, 'Open dashboard')}</p>`);
  return { subject, text: `${text.join('\n')}\n`, html: page(subject, html.join('\n')) };
}

export function emailContent(message: { alert: Alert } | { digest: Digest }): EmailContent {
  return 'alert' in message ? emailAlertContent(message.alert) : emailDigestContent(message.digest);
}

/** One SMTP transporter per URL, created on first use; `close()` ends them all. */
export interface Mailer {
  transporter(smtpUrl: string): Transporter;
  close(): void;
}

export function createMailer({ timeoutMs = DEFAULT_TIMEOUT_MS }: { timeoutMs?: number } = {}): Mailer {
  const transporters = new Map<string, Transporter>();
  return {
    transporter(smtpUrl) {
      let transporter = transporters.get(smtpUrl);
      if (!transporter) {
        transporter = nodemailer.createTransport({
          url: smtpUrl,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
          // The content is ours; nothing in a message may make nodemailer read a file or fetch a URL.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        transporters.set(smtpUrl, transporter);
      }
      return transporter;
    },
    close() {
      for (const transporter of transporters.values()) transporter.close();
      transporters.clear();
    },
  };
}

export interface EmailOptions {
  /** Missing: every e-mail delivery fails, not retryable, with "SMTP_URL is not set". */
  smtpUrl?: string | undefined;
  from?: string | undefined;
  mailer: Mailer;
  timeoutMs?: number;
}

/** Plain addresses only: a target like "a@x.com, b@y.com" must not become two recipients. */
const ADDRESS = /^[^\s@,;:<>()"\\[\]]+@[^\s@,;:<>()"\\[\]]+\.[^\s@,;:<>()"\\[\]]+$/;

/** A stable Message-ID per alert: mail systems that dedupe by it drop a resend after a lost reply. */
function messageId(key: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'open-abm.invalid';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

function failure(error: NodemailerError, host: string, timeoutMs: number): Delivery {
  if (error.code === 'ETIMEDOUT') return { ok: false, error: `timeout after ${seconds(timeoutMs)} (${host})`, retry: true };
  if (error.responseCode) {
    const reply = headerText(error.response ?? '', 100);
    return { ok: false, error: `SMTP ${error.responseCode} from ${host}${reply ? `: ${reply}` : ''}`, retry: error.permanent !== true };
  }
  if (error.code === 'EENVELOPE' || error.code === 'ECONFIG') return { ok: false, error: `${headerText(error.message, 100)} (${host})`, retry: false };
  const code = error.originalCode ?? error.code;
  const cause = code ? describeNetworkError(Object.assign(new Error(error.message), { code })) : describeNetworkError(error);
  return { ok: false, error: `${cause} (${host})`, retry: true };
}

/** Sends one alert or digest to the destination's address. Errors name the SMTP host only, never its credentials. */
export async function deliverEmail(destination: Destination, message: { alert: Alert } | { digest: Digest }, options: EmailOptions): Promise<Delivery> {
  if (!options.smtpUrl) return { ok: false, error: 'SMTP_URL is not set', retry: false };
  if (!options.from) return { ok: false, error: 'the e-mail sender (from) is not set', retry: false };
  const to = destination.target.trim();
  if (!ADDRESS.test(to)) return { ok: false, error: 'not a plain e-mail address', retry: false };
  const content = emailContent(message);
  const key = 'alert' in message ? message.alert.key : message.digest.key;
  const mail: SendMailOptions = {
    from: options.from,
    to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: messageId(key, options.from),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  };
  try {
    await options.mailer.transporter(options.smtpUrl).sendMail(mail);
    return { ok: true };
  } catch (error) {
    return failure(error as NodemailerError, hostOf(options.smtpUrl), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }
}
