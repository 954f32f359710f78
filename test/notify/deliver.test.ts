import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliver, verifyWebhookSignature, type Deliverer } from '../../collector/notify/deliver/index.js';
import type { Alert, Destination, DestinationKind, Digest } from '../../collector/notify/types.js';
import { neverAnswer, startHttpReceiver, startSmtpReceiver, unusedPort, type HttpReceiver, type SmtpReceiver } from './receivers.js';

const NOW = Date.parse('2026-03-02T14:05:00Z');
const SECRET = 'whsec_test_0123456789';

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    key: 'high_intent:acc-1:2026-03-02',
    rule: 'high_intent',
    summary: 'Acme viewed the pricing page',
    account: { id: 'acc-1', name: 'Acme Corp', domain: 'acme.example', tier: 'Tier 1', owner: 'ana@vendor.example', stage: 'engaged' },
    occurredAt: NOW - 60_000,
    pages: [
      { url: 'https://www.vendor.example/', title: 'Home', at: NOW - 300_000 },
      { url: 'https://www.vendor.example/pricing', title: 'Pricing', at: NOW - 60_000 },
    ],
    url: 'https://abm.vendor.example/accounts/acc-1',
    facts: [{ label: 'Score', value: '72' }],
    ...overrides,
  };
}

const HOSTILE = 'Evil <script>alert(1)</script> *bold* <!channel> & Co';

function digest(count: number): Digest {
  const alerts = Array.from({ length: count }, (_, i) =>
    alert({ key: `k${i}`, summary: `Company ${i} came back`, account: { ...alert().account, id: `acc-${i}`, name: `Company ${i}` }, url: `https://abm.vendor.example/accounts/acc-${i}` }),
  );
  return { key: 'digest:2026-03-02', day: '2026-03-02', alerts, url: 'https://abm.vendor.example/' };
}

function destination(kind: DestinationKind, target: string, secret: string | null = null): Destination {
  return { id: `d-${kind}`, kind, target, secret, owner: null, digest: false, createdAt: NOW };
}

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function http(handler?: Parameters<typeof startHttpReceiver>[0]): Promise<HttpReceiver> {
  const receiver = await startHttpReceiver(handler);
  cleanups.push(() => receiver.close());
  return receiver;
}

async function smtp(): Promise<SmtpReceiver> {
  const receiver = await startSmtpReceiver();
  cleanups.push(() => receiver.close());
  return receiver;
}

function deliverer(options: Parameters<typeof createDeliver>[0] = {}): Deliverer {
  const created = createDeliver({ now: () => NOW, ...options });
  cleanups.push(() => created.close());
  return created;
}

type Block = { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { url?: string; text: unknown }[] };

describe('slack', () => {
  it('posts blocks: header with the account, fields, pages as links, time and a button', async () => {
    const slack = await http();
    const { deliver } = deliverer();
    const result = await deliver(destination('slack', `${slack.url}/services/T000/B000/XXXXSECRET`), { alert: alert() });
    expect(result).toEqual({ ok: true });
    const request = slack.requests[0]!;
    expect(request.path).toBe('/services/T000/B000/XXXXSECRET');
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body) as { text: string; blocks: Block[] };
    expect(body.text).toBe('Acme viewed the pricing page');
    const [header, summary, fields] = body.blocks;
    expect(header).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Acme Corp' } });
    expect(summary).toMatchObject({ type: 'section', text: { type: 'mrkdwn', text: 'Acme viewed the pricing page' } });
    expect(fields!.fields!.map((f) => f.text)).toEqual(['*Tier*\nTier 1', '*Owner*\nana@vendor.example', '*Stage*\nengaged', '*Domain*\nacme.example', '*Score*\n72']);
    const pages = body.blocks.find((b) => b.text?.text.startsWith('*Pages read'))!;
    expect(pages.text!.text).toContain('2. <https://www.vendor.example/pricing|Pricing>');
    expect(body.blocks.find((b) => b.type === 'context')!.elements![0]).toMatchObject({ text: expect.stringContaining(`<!date^${(NOW - 60_000) / 1000}^`) });
    const actions = body.blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements![0]).toMatchObject({ url: 'https://abm.vendor.example/accounts/acc-1', text: { text: 'Open account' } });
  });

  it('escapes hostile names and titles so they cannot ping, link or inject', async () => {
    const slack = await http();
    const { deliver } = deliverer();
    const hostile = alert({
      summary: `${HOSTILE} viewed <https://evil.example|your bank>`,
      account: { ...alert().account, name: HOSTILE, domain: '<@U123>' },
      pages: [
        { url: 'https://www.vendor.example/p?a=1&b=<2>|x', title: '<!here> *Pricing*', at: NOW },
        { url: 'javascript:alert(1)', title: 'Not a link', at: NOW },
      ],
      facts: [{ label: '<!everyone>', value: '<#C123>' }],
    });
    expect(await deliver(destination('slack', `${slack.url}/hook`), { alert: hostile })).toEqual({ ok: true });
    const raw = slack.requests[0]!.body;
    const body = JSON.parse(raw) as { text: string; blocks: Block[] };
    // Everything event-derived: no raw < or > left that Slack could read as a mention or link.
    const texts = [body.text, ...body.blocks.flatMap((b) => [b.text?.type === 'mrkdwn' ? b.text.text : '', ...(b.fields ?? []).map((f) => f.text)])].join('\n');
    for (const forbidden of ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<#C123>', '<script>', '<https://evil.example']) expect(texts).not.toContain(forbidden);
    expect(texts).toContain('&lt;!channel&gt;');
    expect(texts).toContain('&lt;script&gt;');
    expect(texts).toContain('&amp; Co');
    // The header is plain text: Slack shows it as is, never as markup.
    expect(body.blocks[0]!.text).toEqual({ type: 'plain_text', text: HOSTILE, emoji: false });
    const pages = body.blocks.find((b) => b.text?.text.startsWith('*Pages read'))!.text!.text;
    expect(pages).toContain('1. <https://www.vendor.example/p?a=1&amp;b=&lt;2&gt;%7Cx|&lt;!here&gt; *Pricing*>');
    expect(pages).toContain('2. Not a link');
    expect(pages).not.toContain('javascript:');
  });

  it('caps the header at 150 characters and lists at most 10 pages', async () => {
    const slack = await http();
    const { deliver } = deliverer();
    const pages = Array.from({ length: 14 }, (_, i) => ({ url: `https://www.vendor.example/p${i}`, title: `Page ${i}`, at: NOW }));
    await deliver(destination('slack', `${slack.url}/hook`), { alert: alert({ account: { ...alert().account, name: 'A'.repeat(400) }, pages }) });
    const body = JSON.parse(slack.requests[0]!.body) as { blocks: Block[] };
    expect(body.blocks[0]!.text!.text.length).toBe(150);
    const list = body.blocks.find((b) => b.text?.text.startsWith('*Pages read'))!.text!.text;
    expect(list).toContain('10. <https://www.vendor.example/p9|Page 9>');
    expect(list).not.toContain('p10');
    expect(list).toContain('and 4 more');
  });

  it('renders a digest and stays within 50 blocks', async () => {
    const slack = await http();
    const { deliver } = deliverer();
    await deliver(destination('slack', `${slack.url}/hook`), { digest: digest(3) });
    const small = JSON.parse(slack.requests[0]!.body) as { text: string; blocks: Block[] };
    expect(small.text).toBe('Open ABM digest, 2026-03-02: 3 alerts');
    const lines = small.blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('*<https://abm.vendor.example/accounts/acc-1|Company 1>* · Company 1 came back');

    await deliver(destination('slack', `${slack.url}/hook`), { digest: digest(120) });
    const big = JSON.parse(slack.requests[1]!.body) as { blocks: Block[] };
    expect(big.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(big.blocks)).toContain('and 73 more');
    expect(big.blocks.at(-1)!.type).toBe('actions');
  });

  it('names only the host of a failing Slack URL: the path is a secret', async () => {
    const slack = await http(() => ({ status: 404, body: 'no_service' }));
    const { deliver } = deliverer();
    const result = await deliver(destination('slack', `${slack.url}/services/T000/B000/XXXXSECRET`), { alert: alert() });
    expect(result).toEqual({ ok: false, error: `HTTP 404 from ${new URL(slack.url).host}: no_service`, retry: false });
    expect(JSON.stringify(result)).not.toContain('XXXXSECRET');
  });
});

describe('webhook', () => {
  it('posts the JSON payload with idempotency, timestamp and a verifiable signature', async () => {
    const hook = await http();
    const { deliver } = deliverer();
    expect(await deliver(destination('webhook', `${hook.url}/abm`, SECRET), { alert: alert() })).toEqual({ ok: true });
    const { headers, body } = hook.requests[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('open-abm-alerts');
    expect(headers['x-abm-idempotency-key']).toBe('high_intent:acc-1:2026-03-02');
    expect(headers['x-abm-timestamp']).toBe(String(NOW / 1000));
    expect(headers['x-abm-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(JSON.parse(body)).toEqual({
      id: 'high_intent:acc-1:2026-03-02',
      type: 'alert',
      rule: 'high_intent',
      summary: 'Acme viewed the pricing page',
      account: alert().account,
      occurred_at: '2026-03-02T14:04:00.000Z',
      pages: [
        { url: 'https://www.vendor.example/', title: 'Home', at: '2026-03-02T14:00:00.000Z' },
        { url: 'https://www.vendor.example/pricing', title: 'Pricing', at: '2026-03-02T14:04:00.000Z' },
      ],
      url: 'https://abm.vendor.example/accounts/acc-1',
      facts: [{ label: 'Score', value: '72' }],
      // Added with several reasons per alert; an alert of one reason lists that one.
      rules: ['high_intent'],
      reasons: [{ rule: 'high_intent', label: 'High-intent page', summary: 'Acme viewed the pricing page', at: '2026-03-02T14:04:00.000Z', facts: [{ label: 'Score', value: '72' }] }],
      follow_up: false,
      pages_from: 'visit',
    });

    const signed = { secret: SECRET, timestamp: headers['x-abm-timestamp'], signature: headers['x-abm-signature'], body, now: NOW + 10_000 };
    expect(verifyWebhookSignature(signed)).toBe(true);
    expect(verifyWebhookSignature({ ...signed, body: Buffer.from(body) })).toBe(true);
    expect(verifyWebhookSignature({ ...signed, body: body.replace('pricing page', 'careers page') })).toBe(false);
    expect(verifyWebhookSignature({ ...signed, secret: 'another secret' })).toBe(false);
    expect(verifyWebhookSignature({ ...signed, timestamp: String(NOW / 1000 + 1) })).toBe(false);
    // A replay: the right signature, too late.
    expect(verifyWebhookSignature({ ...signed, now: NOW + 301_000 })).toBe(false);
    expect(verifyWebhookSignature({ ...signed, now: NOW + 3_600_000, toleranceSeconds: 7200 })).toBe(true);
    expect(verifyWebhookSignature({ ...signed, signature: 'v1=zz' })).toBe(false);
    expect(verifyWebhookSignature({ ...signed, signature: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...signed, signature: `v1=${'0'.repeat(64)},${headers['x-abm-signature']}` })).toBe(true);
  });

  it('sends no signature without a secret', async () => {
    const hook = await http();
    const { deliver } = deliverer();
    await deliver(destination('webhook', `${hook.url}/abm`), { alert: alert() });
    expect(hook.requests[0]!.headers['x-abm-signature']).toBeUndefined();
    expect(hook.requests[0]!.headers['x-abm-idempotency-key']).toBe('high_intent:acc-1:2026-03-02');
  });

  it('sends a digest with every alert', async () => {
    const hook = await http();
    const { deliver } = deliverer();
    expect(await deliver(destination('webhook', `${hook.url}/abm`, SECRET), { digest: digest(3) })).toEqual({ ok: true });
    const body = JSON.parse(hook.requests[0]!.body) as { id: string; type: string; day: string; alerts: { id: string; type: string }[]; url: string };
    expect(body).toMatchObject({ id: 'digest:2026-03-02', type: 'digest', day: '2026-03-02', url: 'https://abm.vendor.example/' });
    expect(body.alerts.map((a) => [a.id, a.type])).toEqual([['k0', 'alert'], ['k1', 'alert'], ['k2', 'alert']]);
    expect(hook.requests[0]!.headers['x-abm-idempotency-key']).toBe('digest:2026-03-02');
  });

  it('classifies failures: 503 and 429 retry, 400 does not, redirects are not followed', async () => {
    let status = 503;
    const hook = await http(() => ({ status, body: 'nope', headers: status === 302 ? { location: 'https://elsewhere.example/' } : ({} as Record<string, string>) }));
    const { deliver } = deliverer();
    const host = new URL(hook.url).host;
    const send = () => deliver(destination('webhook', `${hook.url}/abm?token=SECRET`, SECRET), { alert: alert() });
    expect(await send()).toEqual({ ok: false, error: `HTTP 503 from ${host}: nope`, retry: true });
    status = 429;
    expect(await send()).toMatchObject({ ok: false, retry: true });
    status = 408;
    expect(await send()).toMatchObject({ ok: false, retry: true });
    status = 400;
    expect(await send()).toEqual({ ok: false, error: `HTTP 400 from ${host}: nope`, retry: false });
    status = 302;
    const redirected = await send();
    expect(redirected).toMatchObject({ ok: false, retry: false, error: expect.stringContaining('HTTP 302') });
    expect(hook.requests).toHaveLength(5);
    expect(JSON.stringify(redirected)).not.toContain('SECRET');
  });

  it('answers 503 while the receiver is down, ok once it is back', async () => {
    const hook = await http();
    const { deliver } = deliverer();
    hook.setDown(true);
    expect(await deliver(destination('webhook', `${hook.url}/abm`), { alert: alert() })).toMatchObject({ ok: false, retry: true });
    hook.setDown(false);
    expect(await deliver(destination('webhook', `${hook.url}/abm`), { alert: alert() })).toEqual({ ok: true });
  });

  it('times out on a receiver that never answers: retryable', async () => {
    const hook = await http(neverAnswer);
    const { deliver } = deliverer({ timeoutMs: 200 });
    const started = Date.now();
    const result = await deliver(destination('webhook', `${hook.url}/abm`), { alert: alert() });
    expect(result).toEqual({ ok: false, error: `timeout after 0.2 s (${new URL(hook.url).host})`, retry: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('connection refused: retryable', async () => {
    const port = await unusedPort();
    const { deliver } = deliverer();
    const result = await deliver(destination('webhook', `http://127.0.0.1:${port}/abm`), { alert: alert() });
    expect(result).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})`, retry: true });
  });

  it('refuses a target that is not http(s), without sending anything', async () => {
    const { deliver } = deliverer();
    expect(await deliver(destination('webhook', 'file:///etc/passwd'), { alert: alert() })).toEqual({ ok: false, error: 'not an http(s) URL', retry: false });
  });
});

describe('email', () => {
  it('sends a subject, a text part and an HTML part where event text is escaped', async () => {
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'Open ABM <alerts@vendor.example>' });
    const hostile = alert({ account: { ...alert().account, name: HOSTILE }, pages: [...alert().pages, { url: 'javascript:alert(1)', title: '<img src=x onerror=alert(1)>', at: NOW }] });
    expect(await deliver(destination('email', 'ana@vendor.example'), { alert: hostile })).toEqual({ ok: true });
    const [message] = mail.messages;
    expect(message!.from).toBe('alerts@vendor.example');
    expect(message!.to).toEqual(['ana@vendor.example']);
    expect(message!.subject).toBe('[Open ABM] Acme viewed the pricing page');
    expect(message!.headers['auto-submitted']).toBe('auto-generated');
    expect(message!.text).toContain('Acme viewed the pricing page');
    expect(message!.text).toContain('Tier: Tier 1');
    expect(message!.text).toContain('2. Pricing https://www.vendor.example/pricing');
    expect(message!.text).toContain('Open account: https://abm.vendor.example/accounts/acc-1');
    const { html } = message!;
    expect(html).toContain('<a href="https://www.vendor.example/pricing" style="color:#2563eb">Pricing</a>');
    expect(html).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; *bold* &lt;!channel&gt; &amp; Co');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps CR/LF in a summary out of the headers', async () => {
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    const summary = 'Acme viewed pricing\r\nBcc: victim@evil.example\r\nX-Injected: yes\n\nbody';
    expect(await deliver(destination('email', 'ana@vendor.example'), { alert: alert({ summary }) })).toEqual({ ok: true });
    const [message] = mail.messages;
    expect(message!.to).toEqual(['ana@vendor.example']);
    expect(message!.headers['x-injected']).toBeUndefined();
    expect(message!.headers.bcc).toBeUndefined();
    expect(message!.subject).toBe('[Open ABM] Acme viewed pricing Bcc: victim@evil.example X-Injected: yes body');
    const head = message!.raw.split(/\r?\n\r?\n/)[0]!;
    expect(head).not.toMatch(/^(X-Injected|Bcc)/im);
    // Folded header lines start with white space: the Subject may wrap, never start a header of its own.
    expect(head.split(/\r?\n/).filter((line) => /^[^\s]/.test(line)).map((line) => line.split(':')[0])).not.toContain('X-Injected');
  });

  it('sends one digest e-mail listing every alert', async () => {
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    expect(await deliver(destination('email', 'ana@vendor.example'), { digest: digest(3) })).toEqual({ ok: true });
    expect(mail.messages).toHaveLength(1);
    const [message] = mail.messages;
    expect(message!.subject).toBe('[Open ABM] Open ABM digest, 2026-03-02: 3 alerts');
    for (const i of [0, 1, 2]) {
      expect(message!.text).toContain(`- Company ${i}: Company ${i} came back`);
      expect(message!.html).toContain(`<a href="https://abm.vendor.example/accounts/acc-${i}" style="color:#2563eb">Company ${i}</a>`);
    }
  });

  it('fails clearly without SMTP_URL, and on a bad address, without retrying', async () => {
    const { deliver } = deliverer();
    expect(await deliver(destination('email', 'ana@vendor.example'), { alert: alert() })).toEqual({ ok: false, error: 'SMTP_URL is not set', retry: false });
    const mail = await smtp();
    const configured = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    expect(await configured.deliver(destination('email', 'a@x.example, b@y.example'), { alert: alert() })).toMatchObject({ ok: false, retry: false });
    expect(mail.messages).toHaveLength(0);
  });

  it('a permanent SMTP rejection does not retry, a temporary one does; a closed port retries', async () => {
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    mail.reject(550);
    const rejected = await deliver(destination('email', 'ana@vendor.example'), { alert: alert() });
    expect(rejected).toMatchObject({ ok: false, retry: false, error: expect.stringContaining(`SMTP 550 from 127.0.0.1:${mail.port}`) });
    mail.reject(451);
    expect(await deliver(destination('email', 'ana@vendor.example'), { alert: alert() })).toMatchObject({ ok: false, retry: true });
    mail.reject(null);
    expect(await deliver(destination('email', 'ana@vendor.example'), { alert: alert() })).toEqual({ ok: true });

    const port = await unusedPort();
    const closed = deliverer({ smtpUrl: `smtp://user:PASSWORD@127.0.0.1:${port}`, from: 'alerts@vendor.example' });
    const refused = await closed.deliver(destination('email', 'ana@vendor.example'), { alert: alert() });
    expect(refused).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})`, retry: true });
  });

  it('decodes to the same subject when it is not ASCII', async () => {
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    const summary = 'Müller & Söhne GmbH viewed „Preise“ — 3 times';
    expect(await deliver(destination('email', 'ana@vendor.example'), { alert: alert({ summary }) })).toEqual({ ok: true });
    expect(mail.messages[0]!.subject).toBe(`[Open ABM] ${summary}`);
    expect(mail.messages[0]!.html).toContain('Müller &amp; Söhne GmbH viewed „Preise“');
  });

  it('times out on a server that never greets: retryable', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as AddressInfo;
    const { deliver } = deliverer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'alerts@vendor.example', timeoutMs: 200 });
    const result = await deliver(destination('email', 'ana@vendor.example'), { alert: alert() });
    expect(result).toEqual({ ok: false, error: `timeout after 0.2 s (127.0.0.1:${port})`, retry: true });
  });
});

describe('an alert of several reasons', () => {
  const facts = [{ label: 'Page', value: '/pricing' }, { label: 'Form', value: 'demo-request' }, { label: 'Job title', value: 'Chief Financial Officer' }, { label: 'Company', value: 'Acme' }];
  const visit = (over: Partial<Alert> = {}): Alert =>
    alert({
      key: 'form:acc-1:site:f1',
      rule: 'form',
      summary: 'Acme Corp visited the site for the first time, viewed Pricing and filled in the form demo-request',
      reasons: [
        { rule: 'first_visit', summary: 'Acme Corp visited the site for the first time', at: NOW - 300_000, facts: [] },
        { rule: 'high_intent', summary: 'Acme Corp viewed Pricing', at: NOW - 60_000, facts: [facts[0]!] },
        { rule: 'form', summary: 'Acme Corp filled in the form demo-request', at: NOW, facts: facts.slice(1) },
      ],
      followUp: false,
      occurredAt: NOW,
      account: { ...alert().account, stage: 'mqa' },
      facts,
      ...over,
    });

  it('lists every reason in Slack, with the labels in the context line and what the person gave as fields', async () => {
    const slack = await http();
    const { deliver } = deliverer();
    expect(await deliver(destination('slack', `${slack.url}/hook`), { alert: visit() })).toEqual({ ok: true });
    expect(slack.requests).toHaveLength(1);
    const body = JSON.parse(slack.requests[0]!.body) as { text: string; blocks: Block[] };
    expect(body.text).toBe('Acme Corp visited the site for the first time, viewed Pricing and filled in the form demo-request');
    const why = body.blocks.find((b) => b.text?.text.startsWith('*Why*'))!.text!.text;
    expect(why).toBe(['*Why*', '• *First visit* · Acme Corp visited the site for the first time', '• *High-intent page* · Acme Corp viewed Pricing', '• *Form filled* · Acme Corp filled in the form demo-request'].join('\n'));
    const fields = body.blocks.flatMap((b) => b.fields ?? []).map((f) => f.text);
    expect(fields).toEqual(expect.arrayContaining(['*Stage*\nmqa', '*Job title*\nChief Financial Officer', '*Company*\nAcme', '*Form*\ndemo-request']));
    const context = body.blocks.find((b) => b.type === 'context')!.elements![0] as unknown as { text: string };
    expect(context.text.startsWith('First visit · High-intent page · Form filled · <!date^')).toBe(true);
  });

  it('sends the webhook with rule (the strongest), rules and reasons', async () => {
    const hook = await http();
    const { deliver } = deliverer();
    await deliver(destination('webhook', `${hook.url}/abm`, SECRET), { alert: visit() });
    const body = JSON.parse(hook.requests[0]!.body);
    expect(body).toMatchObject({ id: 'form:acc-1:site:f1', rule: 'form', rules: ['first_visit', 'high_intent', 'form'], follow_up: false, account: { stage: 'mqa' } });
    expect(body.reasons.map((r: { label: string; at: string }) => [r.label, r.at])).toEqual([
      ['First visit', '2026-03-02T14:00:00.000Z'],
      ['High-intent page', '2026-03-02T14:04:00.000Z'],
      ['Form filled', '2026-03-02T14:05:00.000Z'],
    ]);
    expect(body.reasons[2].facts).toEqual(facts.slice(1));
  });

  it('lists every reason in the e-mail, text and HTML', async () => {
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    await deliver(destination('email', 'ana@vendor.example'), { alert: visit() });
    expect(mail.messages).toHaveLength(1);
    const [m] = mail.messages;
    expect(m!.subject).toBe('[Open ABM] Acme Corp visited the site for the first time, viewed Pricing and filled in the form demo-request');
    expect(m!.text).toContain('Why:\n- First visit: Acme Corp visited the site for the first time\n- High-intent page: Acme Corp viewed Pricing\n- Form filled: Acme Corp filled in the form demo-request\n');
    expect(m!.text).toContain('Job title: Chief Financial Officer\nCompany: Acme');
    expect(m!.text).toContain('First visit · High-intent page · Form filled · 2026-03-02 14:05 UTC');
    expect(m!.html).toContain('<li><strong>Form filled</strong>: Acme Corp filled in the form demo-request</li>');
  });

  it('escapes hostile reasons and what a form gave, everywhere', async () => {
    const slack = await http();
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    const hostile = visit({
      reasons: [
        { rule: 'high_intent', summary: `${HOSTILE} viewed <https://evil.example|x>`, at: NOW - 60_000, facts: [] },
        { rule: 'form', summary: `${HOSTILE} filled in the form <b>x</b>`, at: NOW, facts: [{ label: 'Job title', value: '<!here> <script>alert(1)</script>' }] },
      ],
      facts: [{ label: 'Job title', value: '<!here> <script>alert(1)</script>' }, { label: 'Company', value: '<@U123> & <img src=x onerror=alert(1)>' }],
    });
    await deliver(destination('slack', `${slack.url}/hook`), { alert: hostile });
    await deliver(destination('email', 'ana@vendor.example'), { alert: hostile });
    const body = JSON.parse(slack.requests[0]!.body) as { blocks: Block[] };
    const texts = body.blocks.flatMap((b) => [b.text?.type === 'mrkdwn' ? b.text.text : '', ...(b.fields ?? []).map((f) => f.text)]).join('\n');
    for (const forbidden of ['<!channel>', '<!here>', '<@U123>', '<script>', '<https://evil.example', '<b>', '<img']) expect(texts).not.toContain(forbidden);
    expect(texts).toContain('• *Form filled* · Evil &lt;script&gt;alert(1)&lt;/script&gt; *bold* &lt;!channel&gt; &amp; Co filled in the form &lt;b&gt;x&lt;/b&gt;');
    expect(texts).toContain('*Company*\n&lt;@U123&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    const { html } = mail.messages[0]!;
    for (const forbidden of ['<script', '<img', '<b>x', '<!here>']) expect(html).not.toContain(forbidden);
    expect(html).toContain('<li><strong>Form filled</strong>: Evil &lt;script&gt;alert(1)&lt;/script&gt; *bold* &lt;!channel&gt; &amp; Co filled in the form &lt;b&gt;x&lt;/b&gt;</li>');
    expect(html).toContain('&lt;@U123&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
  });

  it('says when an alert follows an earlier one about the same visit, and where pages come from', async () => {
    const slack = await http();
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    const later = alert({ rule: 'form', summary: 'Acme filled in the form demo-request', reasons: [{ rule: 'form', summary: 'Acme filled in the form demo-request', at: NOW, facts: [] }], followUp: true, pagesFrom: 'recent' });
    await deliver(destination('slack', `${slack.url}/hook`), { alert: later });
    await deliver(destination('email', 'ana@vendor.example'), { alert: later });
    const body = JSON.parse(slack.requests[0]!.body) as { blocks: Block[] };
    expect(body.blocks.some((b) => b.text?.text === '*New in this visit (an earlier alert told the rest)*\n• *Form filled* · Acme filled in the form demo-request')).toBe(true);
    expect(body.blocks.some((b) => b.text?.text.startsWith('*Pages read recently*'))).toBe(true);
    expect(JSON.stringify(body.blocks.find((b) => b.type === 'context'))).toContain('Form filled · later in the same visit');
    expect(mail.messages[0]!.text).toContain('Pages read recently:');
    expect(mail.messages[0]!.text).toContain('New in this visit (an earlier alert told the rest):\n- Form filled: Acme filled in the form demo-request');
  });

  it('shows every reason of each alert in digests', async () => {
    const slack = await http();
    const mail = await smtp();
    const { deliver } = deliverer({ smtpUrl: mail.url, from: 'alerts@vendor.example' });
    const d: Digest = { key: 'digest:x', day: '2026-03-02', alerts: [visit(), alert()], url: 'https://abm.vendor.example/' };
    await deliver(destination('slack', `${slack.url}/hook`), { digest: d });
    await deliver(destination('email', 'ana@vendor.example'), { digest: d });
    const lines = (JSON.parse(slack.requests[0]!.body) as { blocks: Block[] }).blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(lines[0]).toContain('_First visit · High-intent page · Form filled · <!date^');
    expect(lines[1]).toContain('_High-intent page · <!date^');
    expect(mail.messages[0]!.text).toContain('  First visit · High-intent page · Form filled · 2026-03-02 14:05 UTC · https://abm.vendor.example/accounts/acc-1');
    expect(mail.messages[0]!.html).toContain('First visit · High-intent page · Form filled · 2026-03-02 14:05 UTC');
  });
});
