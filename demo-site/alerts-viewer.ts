import { Hono } from 'hono';
import { RULE_LABELS, verifyWebhookSignature } from '../collector/notify/index.js';

/**
 * The demo's webhook receiver: the collector's alert webhook posts to POST /hooks/alerts, and
 * GET /alerts shows what arrived, newest first, the way a salesperson would read it.
 *
 * Requests are checked as any receiver should (verifyWebhookSignature: HMAC over the raw body,
 * timestamps older than five minutes refused) and de-duplicated by X-ABM-Idempotency-Key and the
 * payload's id, so the outbox's retries show once. Everything in a payload is untrusted: it is
 * escaped on the page, and only http(s) URLs become links. Alerts live in memory only.
 */

export const ALERTS_HOOK_PATH = '/hooks/alerts';
export const ALERTS_PAGE_PATH = '/alerts';

export interface AlertsViewerOptions {
  /** The webhook destination's secret: requests not signed with it are refused. */
  secret: string;
  /** The clock in milliseconds (tests). */
  now?: () => number;
  /** How many alerts to keep, newest first (default 100). */
  keep?: number;
}

/** One received alert, as the page shows it: every string as received, escaped only when rendered. */
export interface ReceivedAlert {
  receivedAt: number;
  id: string;
  rule: string;
  summary: string;
  occurredAt: string;
  account: { name: string; domain: string; tier: string; owner: string; stage: string };
  /** Every reason the alert gives (a visit's first visit, pricing page and form …), in order. */
  reasons: { rule: string; label: string; summary: string }[];
  /** It follows an earlier alert about the same visit. */
  followUp: boolean;
  pages: { url: string; title: string; at: string }[];
  /** 'recent': the account's latest pages, not one visit's. */
  pagesFrom: string;
  facts: { label: string; value: string }[];
  /** The dashboard's account page. */
  url: string;
  /** The digest's day, when the alert came in a daily digest. */
  digest: string | null;
}

const MAX_BODY = 1_000_000;
const problem = (code: string, message: string) => ({ error: { code, message } });

export function alertsViewer(o: AlertsViewerOptions): Hono {
  const now = o.now ?? Date.now;
  const keep = Math.max(1, o.keep ?? 100);
  const alerts: ReceivedAlert[] = [];
  /** Idempotency keys and payload ids seen, oldest first; bounded well past `keep`. */
  const seen = new Set<string>();
  const remember = (key: string) => {
    seen.add(key);
    if (seen.size > Math.max(1000, keep * 10)) seen.delete(seen.values().next().value!);
  };

  const app = new Hono();
  app.post(ALERTS_HOOK_PATH, async (c) => {
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY) return c.json(problem('too_large', `bodies over ${MAX_BODY} bytes are refused`), 413);
    const body = Buffer.from(await c.req.arrayBuffer());
    if (body.length > MAX_BODY) return c.json(problem('too_large', `bodies over ${MAX_BODY} bytes are refused`), 413);
    const signed = verifyWebhookSignature({
      secret: o.secret,
      timestamp: c.req.header('x-abm-timestamp'),
      signature: c.req.header('x-abm-signature'),
      body,
      now: now(),
    });
    if (!signed) {
      return c.json(problem('bad_signature', 'X-ABM-Signature does not match the body and X-ABM-Timestamp with this secret, or the timestamp is more than 5 minutes off'), 401);
    }
    let payload: Record<string, unknown>;
    try {
      payload = record(JSON.parse(body.toString('utf8')));
    } catch {
      return c.json(problem('invalid_json', 'the body is not JSON'), 400);
    }
    const id = text(payload.id);
    const key = c.req.header('x-abm-idempotency-key') || id;
    if (!key) return c.json(problem('missing_id', 'neither X-ABM-Idempotency-Key nor an id in the body'), 400);
    if (seen.has(key) || (id && seen.has(id))) return c.json({ received: true, duplicate: true });

    let received: ReceivedAlert[];
    if (payload.type === 'alert') received = [readAlert(payload, now(), null)];
    else if (payload.type === 'digest') {
      const day = text(payload.day);
      received = (Array.isArray(payload.alerts) ? payload.alerts : []).slice(0, keep).map((a) => readAlert(record(a), now(), day));
    } else return c.json(problem('unknown_type', 'type is neither "alert" nor "digest"'), 400);

    remember(key);
    if (id) remember(id);
    // Newest first by when they happened (a replay of past days arrives in any order), then by arrival.
    alerts.unshift(...received.reverse());
    alerts.sort((a, b) => happened(b) - happened(a) || b.receivedAt - a.receivedAt);
    alerts.splice(keep);
    return c.json({ received: true });
  });

  app.get(ALERTS_PAGE_PATH, (c) => {
    secureHeaders(c.header.bind(c));
    return c.html(alertsPage(alerts, keep));
  });
  return app;
}

const happened = (a: ReceivedAlert) => {
  const t = Date.parse(a.occurredAt);
  return Number.isFinite(t) ? t : a.receivedAt;
};

/** A payload alert's fields as strings (absent or odd ones empty), lists and lengths bounded. */
function readAlert(a: Record<string, unknown>, receivedAt: number, digest: string | null): ReceivedAlert {
  const account = record(a.account);
  const list = (v: unknown, max: number) => (Array.isArray(v) ? v.slice(0, max).map(record) : []);
  return {
    receivedAt,
    id: text(a.id),
    rule: text(a.rule),
    summary: text(a.summary),
    occurredAt: text(a.occurred_at),
    account: { name: text(account.name), domain: text(account.domain), tier: text(account.tier), owner: text(account.owner), stage: text(account.stage) },
    reasons: list(a.reasons, 10).map((r) => ({ rule: text(r.rule), label: text(r.label), summary: text(r.summary) })),
    followUp: a.follow_up === true,
    pages: list(a.pages, 20).map((p) => ({ url: text(p.url, 2000), title: text(p.title), at: text(p.at) })),
    pagesFrom: text(a.pages_from),
    facts: list(a.facts, 20).map((f) => ({ label: text(f.label), value: text(f.value) })),
    url: text(a.url, 2000),
    digest,
  };
}

const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const text = (v: unknown, max = 500): string => (typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, max) : '');

/** Text for HTML, attribute values included: the five special characters as numeric references. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** An absolute http(s) URL, normalised; anything else (javascript:, data:, relative) is not a link. */
function httpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
const link = (url: string, label: string) => {
  const href = httpUrl(url);
  return href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label);
};

/** A timestamp as the reader's local time (this machine's: the demo runs where it is read). */
function when(iso: string | number): string {
  const d = new Date(iso);
  if (iso === '' || Number.isNaN(d.getTime())) return escapeHtml(String(iso));
  const local = d.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return `<time datetime="${escapeHtml(d.toISOString())}">${escapeHtml(local)}</time>`;
}

const ruleLabel = (rule: string) => (Object.hasOwn(RULE_LABELS, rule) ? RULE_LABELS[rule as keyof typeof RULE_LABELS] : rule || 'Alert');
/** The alert's rules as labels: every reason's, or its one rule for a sender that lists none. */
const labels = (a: ReceivedAlert) => (a.reasons.length ? a.reasons.map((r) => r.label || ruleLabel(r.rule)) : [ruleLabel(a.rule)]);

function alertItem(a: ReceivedAlert): string {
  const acc = a.account;
  const account = [
    `<strong>${escapeHtml(acc.name || 'Unknown account')}</strong>${acc.domain ? ` (${escapeHtml(acc.domain)})` : ''}`,
    `Tier ${escapeHtml(acc.tier || '—')}`,
    `Owner ${escapeHtml(acc.owner || 'none')}`,
    ...(acc.stage ? [`Stage ${escapeHtml(acc.stage)}`] : []),
  ].join(' · ');
  const pages = a.pages.length
    ? `<ol class="pages">${a.pages.map((p) => `<li>${link(p.url, p.title || p.url)} ${when(p.at)}</li>`).join('')}</ol>`
    : '<p class="fine">No pages in this alert.</p>';
  const reasons =
    a.reasons.length > 1 || a.followUp
      ? `<h3 class="fine">${a.followUp ? 'New in this visit (an earlier alert told the rest)' : 'Why'}</h3><ul class="reasons">${a.reasons.map((r) => `<li><strong>${escapeHtml(r.label || ruleLabel(r.rule))}</strong>: ${escapeHtml(r.summary)}</li>`).join('')}</ul>`
      : '';
  const facts = a.facts.length ? `<dl class="facts">${a.facts.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`).join('')}</dl>` : '';
  const href = httpUrl(a.url);
  const dashboard = href
    ? `<p><a href="${escapeHtml(href)}" rel="noopener noreferrer">Open the account in the dashboard →</a></p>`
    : a.url ? `<p class="fine">Dashboard link (not an http(s) URL, so not a link): ${escapeHtml(a.url)}</p>` : '';
  return `<li class="alert">
<p class="when">${labels(a).map((l) => `<span class="rule">${escapeHtml(l)}</span>`).join(' ')} ${when(a.occurredAt)} · received ${when(a.receivedAt)}${a.digest !== null ? ` <span class="digest">in the daily digest of ${escapeHtml(a.digest)}</span>` : ''}</p>
<h2>${escapeHtml(a.summary || '(no summary)')}</h2>
<p class="account">${account}</p>
${reasons}
<h3 class="fine">${a.pagesFrom === 'recent' ? 'Pages read recently' : 'Pages read this visit'}</h3>
${pages}
${facts}
${dashboard}
</li>`;
}

const EMPTY = `<div class="card empty">
<h2>No alerts yet</h2>
<p>The collector sends an alert when a target account does something sales should hear about: a first visit, a return after a while, a high-intent page such as pricing, a form fill, becoming a marketing-qualified account, or a surge in its score. Alerts wait for the account to be recognised and respect the quiet hours and limits set in the dashboard.</p>
<p>To see one here, <a href="/pricing.html">visit /pricing.html</a> from a target account's network, or watch the simulated traffic. A test send to this webhook destination from the dashboard shows here too.</p>
</div>`;

/** The viewer page: an HTML document that refreshes itself every 5 seconds (no script). */
export function alertsPage(alerts: readonly ReceivedAlert[], keep = 100): string {
  const count = alerts.length === 1 ? '1 alert' : `${alerts.length} alerts`;
  return shell(
    'Alerts (demo)',
    `<div class="alerts-head"><h1>Alerts (demo)</h1><p class="fine">${count} · the newest ${keep} are kept in memory · this page refreshes every 5 seconds</p></div>
<p>What Open ABM sends a sales team: every alert the collector delivers to this demo site's webhook, <code>POST ${ALERTS_HOOK_PATH}</code>, with its signature checked.</p>
${alerts.length ? `<ol class="alert-list">\n${alerts.map(alertItem).join('\n')}\n</ol>` : EMPTY}`,
    true,
  );
}

/** What /alerts says on a demo site started without the viewer. */
export function alertsOffPage(): string {
  return shell(
    'Alerts (demo)',
    `<h1>Alerts (demo)</h1>
<div class="card empty"><p>The alert viewer is not running on this server. <code>npm start</code> turns it on: the collector's alert webhook then posts to <code>${ALERTS_HOOK_PATH}</code> here, and this page lists what arrived.</p><p><a href="/">Back to the site</a></p></div>`,
    false,
  );
}

function shell(title: string, main: string, refresh: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? '<meta http-equiv="refresh" content="5">\n' : ''}<title>${escapeHtml(title)} — Ledgerline</title>
<link rel="icon" href="/favicon.svg">
<link rel="stylesheet" href="/styles.css">
</head>
<body>
<header><nav>
<a class="logo" href="/">Ledgerline</a>
<a href="/">Back to the site</a>
<a href="${ALERTS_PAGE_PATH}" aria-current="page">Alerts (demo)</a>
</nav></header>
<main>
${main}
</main>
<footer><div class="legal">The Open ABM demo: a stand-in for the webhook receiver a sales team would run (a CRM, a chat bot, a ticket queue). This page carries no tracking tag.</div></footer>
</body>
</html>
`;
}

/** The page shows untrusted text: no script may run on it, whatever slips through. */
function secureHeaders(set: (name: string, value: string) => void): void {
  set('Content-Security-Policy', "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  set('X-Content-Type-Options', 'nosniff');
  set('Referrer-Policy', 'no-referrer');
  set('Cache-Control', 'no-store');
}
