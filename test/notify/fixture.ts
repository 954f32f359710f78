import { DEFAULT_SCORE_READING } from '../../collector/accounts/index.js';
import { createDeliver, createNotifier, type Deliverer, type Notifier } from '../../collector/notify/index.js';
import { evaluateStages } from '../../collector/stage-evaluation.js';
import { openStore, type DatabaseTarget, type Store } from '../../collector/store/index.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './receivers.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * The notifier's world for a test: a real store (SQLite or PostgreSQL), two target accounts, a
 * real HTTP receiver playing Slack, another playing webhooks, a real SMTP server, and a clock the
 * test moves. Destinations: Slack and e-mail by default; Globex's owner (Bob) has a signed webhook.
 */
export const MIN = 60_000;
export const H = 60 * MIN;
export const T0 = Date.UTC(2026, 10, 23, 10);
export const BOB_SECRET = 'bob-secret-0123456789';

export interface VisitOptions {
  /** A form sent after the pages: its id, and what the person gave. */
  form?: { id: string; jobTitle?: string; company?: string; points?: number; roleLevel?: string };
  /** Minutes between pages (default 1). */
  gap?: number;
}

export interface NotifyFixture {
  store: Store;
  slack: HttpReceiver;
  hook: HttpReceiver;
  smtp: SmtpReceiver;
  ids: Record<'Acme' | 'Globex', string>;
  clock: { now: number };
  /** A notifier on `store` (another process's, when given its own store on the same database). */
  notifier(o?: { store?: Store; evaluate?: boolean }): Notifier;
  /** One visit of `paths` by one of the account's people, starting at `at`. */
  visit(account: 'Acme' | 'Globex', session: string, at: number, paths: string[], o?: VisitOptions): Promise<void>;
  /** Slack messages' fallback texts, in order. */
  slackTexts(): string[];
  close(): Promise<void>;
}

export async function notifyFixture(target: DatabaseTarget = { kind: 'sqlite', path: ':memory:' }): Promise<NotifyFixture> {
  const store = await openStore(target);
  await store.createSite({ id: 'site', key: 'key', name: 'Vendor', origins: [] });
  await store.importTargets([
    { domain: 'acme.com', name: 'Acme', nameKey: 'acme', tier: '1', owner: 'ana@vendor.example', aliases: [] },
    { domain: 'globex.com', name: 'Globex', nameKey: 'globex', tier: '2', owner: 'bob@vendor.example', aliases: [] },
  ]);
  const ids = Object.fromEntries((await store.listTargets()).map((a) => [a.name, a.id])) as NotifyFixture['ids'];
  const [slack, hook, smtp] = await Promise.all([startHttpReceiver(), startHttpReceiver(), startSmtpReceiver()]);
  await store.addAlertDestination({ id: 'slack', kind: 'slack', target: `${slack.url}/services/T0/B0/secret`, secret: null, owner: null, digest: false, createdAt: 1 });
  await store.addAlertDestination({ id: 'mail', kind: 'email', target: 'sales@vendor.example', secret: null, owner: null, digest: false, createdAt: 2 });
  await store.addAlertDestination({ id: 'bob', kind: 'webhook', target: `${hook.url}/abm`, secret: BOB_SECRET, owner: 'bob@vendor.example', digest: false, createdAt: 3 });
  const clock = { now: T0 };
  const deliverers: Deliverer[] = [];

  const notifier = (o: { store?: Store; evaluate?: boolean } = {}) => {
    const on = o.store ?? store;
    const deliverer = createDeliver({ smtpUrl: smtp.url, from: 'abm@vendor.example', timeoutMs: 2000, now: () => clock.now });
    deliverers.push(deliverer);
    return createNotifier({
      store: on, deliver: deliverer.deliver, now: () => clock.now, publicUrl: 'https://abm.vendor.example', reading: DEFAULT_SCORE_READING, random: () => 0.5,
      backoff: { baseMs: 10_000, maxMs: H, attempts: 4 },
      ...(o.evaluate !== false && { evaluateStages: (at: number) => evaluateStages(on, { now: () => at }) }),
    });
  };

  const visit: NotifyFixture['visit'] = async (account, session, at, paths, o = {}) => {
    const gap = (o.gap ?? 1) * MIN;
    const ref = { id: ids[account], name: account, domain: `${account.toLowerCase()}.com`, nameKey: account.toLowerCase(), via: 'network' as const };
    const base = { siteId: 'site', name: null, receivedAt: at, referrer: null, ip: '198.51.100.0', userAgent: null, bot: false, roleLevel: null, props: null, points: 1, visitor: `${session}-v`, session, account: ref };
    const events: StoredEvent[] = paths.map((p, i) => ({ ...base, id: `${session}-${p}-${at + i * gap}`, type: 'page_view', ts: at + i * gap, url: `https://vendor.example${p}`, title: p === '/pricing' ? 'Pricing' : `Page ${p}` }));
    if (o.form) {
      const { id, jobTitle, company, points = 1, roleLevel = null } = o.form;
      const props = { form_id: id, fields: ['email'], email_hash: 'f'.repeat(64), ...(jobTitle && { job_title: jobTitle }), ...(company && { company }) };
      events.push({ ...base, id: `${session}-form-${id}`, type: 'form', ts: at + paths.length * gap, url: 'https://vendor.example/demo', title: null, props, points, roleLevel });
    }
    await store.insertEvents(events);
  };

  return {
    store, slack, hook, smtp, ids, clock, notifier, visit,
    slackTexts: () => slack.requests.map((r) => (JSON.parse(r.body) as { text: string }).text),
    close: async () => {
      for (const d of deliverers) d.close();
      await Promise.all([slack.close(), hook.close(), smtp.close()]);
      await store.close();
    },
  };
}
