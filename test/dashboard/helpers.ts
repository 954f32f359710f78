
import { ADMIN_TOKEN, type TestApp } from '../helpers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/** A signed-in dashboard browser over app.request: its cookie, its CSRF token, and GET/POST helpers. */
export interface DashboardClient {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  /** A form post (application/x-www-form-urlencoded); the CSRF token is added unless `_csrf` is given. */
  post(path: string, fields: Record<string, string>): Promise<Response>;
  /** A multipart post (file uploads), with the CSRF token. */
  upload(path: string, form: FormData): Promise<Response>;
}

const cookieOf = (res: Response, name: string) => {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c.split(';')[0]!;
  return undefined;
};

/** Signs in through /app/login with the admin token, or with an e-mail and password. */
export async function signIn(t: TestApp, who: { token?: string; email?: string; password?: string } = { token: ADMIN_TOKEN }): Promise<DashboardClient> {
  const form = await t.request('/app/login');
  const loginCookie = cookieOf(form, 'abm_login')!;
  const field = /name="_login" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await t.request('/app/login', {
    method: 'POST',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _login: field, token: who.token ?? '', email: who.email ?? '', password: who.password ?? '' }).toString(),
  });
  if (res.status !== 302) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = cookieOf(res, 'abm_session')!;
  const page = await (await t.request('/app', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return {
    cookie,
    csrf,
    get: (path) => t.request(path, { headers: { cookie } }),
    post: (path, fields) =>
      t.request(path, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      }),
    upload: (path, body) => {
      if (!body.has('_csrf')) body.set('_csrf', csrf);
      return t.request(path, { method: 'POST', headers: { cookie }, body });
    },
  };
}

export const DAY = 86_400_000;

/**
 * A small believable history through the store's real write path: three target accounts (Acme,
 * Globex, Initech) and one other company, sessions over the ten days before `now` from several
 * channels, pages with time on page, a download, a demo-request form with a job title, and a
 * bot that must not count. Returns the target accounts' ids by name.
 */
export async function seedAccounts(t: TestApp, now: number, extra: { hostile?: string } = {}): Promise<Record<string, string>> {
  const targets = [
    { domain: 'acme.com', name: 'Acme', tier: '1', owner_email: 'ana@vendor.example' },
    { domain: 'globex.com', name: 'Globex', tier: '2', owner_email: 'bob@vendor.example' },
    { domain: 'initech.com', name: extra.hostile ?? 'Initech', tier: '1', owner_email: 'ana@vendor.example' },
  ];
  const res = await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(targets) });
  if (res.status !== 200) throw new Error(`target import failed: ${res.status} ${await res.text()}`);
  const ids = Object.fromEntries((await t.store.listTargets()).map((a) => [a.domain === 'initech.com' ? 'Initech' : a.name, a.id]));
  const ref = (name: string, domain: string, via: 'network' | 'email' = 'network') => ({ id: ids[name] ?? null, name, domain, nameKey: name.toLowerCase(), via });
  const network = (organization: string) => ({ class: 'business', organization, domain: null, source: 'account-ranges', confidence: 0.95 });
  const base = { siteId: t.site.id, name: null, title: null, receivedAt: 0, referrer: null, ip: '198.51.100.0', userAgent: null, bot: false, roleLevel: null, props: null, points: 1 };
  const title = (s: string) => extra.hostile ?? s;
  const url = (path: string) => (extra.hostile && path === '/pricing' ? `https://vendor.example/pricing?q=${encodeURIComponent(extra.hostile)}` : `https://vendor.example${path}`);
  const events: StoredEvent[] = [];
  let n = 0;
  const session = (account: ReturnType<typeof ref>, org: string, visitor: string, ts: number, channel: { channel: string; source: string; medium: string; campaign?: string }, pages: [string, string][], more: (sid: string, t0: number) => StoredEvent[] = () => []) => {
    const sid = `s${++n}`;
    pages.forEach(([path, pageTitle], i) => {
      const id = `${sid}-pv${i}`;
      events.push({ ...base, id, type: 'page_view', ts: ts + i * 60_000, visitor, session: sid, url: url(path), title: title(pageTitle), network: network(org), account, points: path === '/pricing' ? 2 : 1, ...(i === 0 && { touch: { channel: channel.channel, source: channel.source, medium: channel.medium }, campaign: channel.campaign ? { source: channel.source, medium: channel.medium, name: channel.campaign, term: null, content: null, clickId: null, network: null } : null, referrer: extra.hostile ? `https://news.example/?x=${encodeURIComponent(extra.hostile)}` : null }) });
      events.push({ ...base, id: `${id}-en`, type: 'engagement', ts: ts + i * 60_000 + 45_000, visitor, session: sid, url: url(path), props: { view: id, visible_ms: 40_000 + i * 5_000 }, network: network(org), account, points: 0 });
    });
    events.push(...more(sid, ts + pages.length * 60_000));
  };
  const search = { channel: 'Organic Search', source: 'google', medium: 'organic' };
  const paid = { channel: 'Paid Social', source: 'linkedin', medium: 'paid_social', campaign: extra.hostile ?? 'q4-abm' };
  const direct = { channel: 'Direct', source: '(direct)', medium: '(none)' };
  const email = { channel: 'Email', source: 'newsletter', medium: 'email', campaign: 'november-news' };
  const acme = ref('Acme', 'acme.com');
  session(acme, 'ACME Corporation', 'acme-v1', now - 9 * DAY, search, [['/', 'Home'], ['/product', 'Product tour'], ['/pricing', 'Pricing']]);
  session(acme, 'ACME Corporation', 'acme-v2', now - 4 * DAY, paid, [['/blog/abm-guide', 'The ABM guide'], ['/case-studies/initrode', 'Case study: Initrode']], (sid, t0) => [
    { ...base, id: `${sid}-dl`, type: 'download', ts: t0, visitor: 'acme-v2', session: sid, url: url('/case-studies/initrode'), props: { href: 'https://vendor.example/files/abm-whitepaper.pdf', text: extra.hostile ?? 'ABM whitepaper' }, network: network('ACME Corporation'), account: acme, points: 3 },
  ]);
  session(acme, 'ACME Corporation', 'acme-v1', now - 1 * DAY, direct, [['/pricing', 'Pricing'], ['/demo', 'Book a demo']], (sid, t0) => [
    { ...base, id: `${sid}-form`, type: 'form', ts: t0, visitor: 'acme-v1', session: sid, url: url('/demo'), props: { form_id: extra.hostile ?? 'demo-request', email_domain: 'acme.com', email_hash: 'a'.repeat(64), job_title: 'VP Marketing' }, roleLevel: 'vp', network: network('ACME Corporation'), account: ref('Acme', 'acme.com', 'email'), points: 8 },
  ]);
  const globex = ref('Globex', 'globex.com');
  session(globex, 'Globex Corp', 'globex-v1', now - 6 * DAY, email, [['/blog/intent-data', 'Intent data, explained']]);
  session(globex, 'Globex Corp', 'globex-v2', now - 2 * DAY, search, [['/', 'Home'], ['/pricing', 'Pricing']]);
  const initech = ref(extra.hostile ?? 'Initech', 'initech.com');
  session(initech, extra.hostile ?? 'Initech LLC', 'initech-v1', now - 3 * DAY, paid, [['/', 'Home']]);
  const hooli = ref('Hooli', 'hooli.com');
  session(hooli, 'Hooli Inc.', 'hooli-v1', now - 5 * DAY, direct, [['/', 'Home'], ['/product', 'Product tour']]);
  events.push({ ...base, id: 'bot-1', type: 'page_view', ts: now - DAY, visitor: 'bot', session: 'sbot', url: url('/'), title: 'Home', bot: true, network: network('ACME Corporation'), account: acme });
  await t.store.insertEvents(events);
  return ids;
}
