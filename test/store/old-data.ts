import { randomUUID } from 'node:crypto';
import type { Store } from '../../collector/store/index.js';
import type { StoredEvent } from '../../collector/schema/domain.js';

/**
 * What a store held before URLs were redacted: an old tag's events (the vitals bug's raw URL,
 * a GET form's address in the next page's URL), their session and visitor, a stage reason and
 * an alert naming the pages. For the sweep's tests (store and command).
 */
export const SECRETS = ['SECRET_A', 'SECRET_B', 'SECRET_C', 'SECRET_D', 'SECRET_E', 'ana@corp', 'ana%40corp', 'bo@corp'];
export const SITE = 'https://www.vendor.example';
const LANDING = `${SITE}/welcome?token=SECRET_A&utm_source=newsletter&utm_content=ana%40corp.example#access_token=SECRET_B`;
export const OWNER = 'rep@vendor.example';

const event = (over: Partial<StoredEvent>): StoredEvent => ({
  siteId: 'site-1',
  id: randomUUID(),
  type: 'page_view',
  name: null,
  ts: 1_763_900_000_000,
  receivedAt: 1_763_900_000_500,
  visitor: 'v1',
  session: 's1',
  url: LANDING,
  title: 'Welcome ana@corp.example',
  referrer: 'https://login.example/cb?code=SECRET_C',
  props: null,
  ip: '203.0.113.0',
  userAgent: 'UA',
  bot: false,
  ...over,
});

/** What the store held before redaction: an old tag's events, their session and visitor, a stage reason, an alert. */
export async function seedOldData(store: Store, extraEvents = 0): Promise<string> {
  await store.createSite({ id: 'site-1', key: 'key-1', name: 'Vendor', origins: [SITE] });
  const accountId = (await store.importTargets([{ domain: 'corp.example', name: 'Corp', nameKey: 'corp', tier: '1', owner: OWNER, aliases: [] }]))[0]!.id;
  const account = { id: accountId, name: 'Corp', domain: 'corp.example', nameKey: 'corp', via: 'network' as const };
  await store.insertEvents([
    event({ props: { lang: 'en', campaign: { utm_source: 'newsletter', utm_content: 'ana@corp.example' } }, account, campaign: { source: 'newsletter', medium: 'email', name: null, term: null, content: 'ana@corp.example', clickId: null, network: null } }),
    event({ type: 'vitals', ts: 1_763_900_001_000, title: null, referrer: null, props: { lcp: 1200 }, account }),
    event({ type: 'download', ts: 1_763_900_002_000, title: null, referrer: null, props: { href: `${SITE}/a.pdf?X-Amz-Signature=SECRET_D`, text: 'A' }, account }),
    event({ type: 'form', ts: 1_763_900_003_000, url: `${SITE}/thanks?email=bo%40corp.example`, title: 'Thanks', referrer: LANDING, props: { action: `${SITE}/subscribe?token=SECRET_E`, company: 'bo@corp.example', job_title: 'CTO' }, account }),
    ...Array.from({ length: extraEvents }, (_, i) => event({ type: 'engagement', ts: 1_763_900_004_000 + i, title: null, referrer: null, props: { visible_ms: i }, account })),
  ]);
  await store.changeStages([{ accountId, from: 'unaware', to: 'aware', at: 1_763_900_005_000, source: 'auto', reason: 'score 3, visits on 1 of the last 30 days; read Welcome ana@corp.example' }]);
  const payload = { key: 'k1', rule: 'form', summary: 'Corp filled in a form', account: { id: accountId, name: 'Corp', owner: OWNER }, pages: [{ url: LANDING, title: 'Welcome ana@corp.example', at: 1 }], url: `${SITE}/app/accounts/${accountId}` };
  await store.recordAlertTrigger({ key: 'k1', rule: 'form', at: 1_763_900_006_000, accountId, windowMs: 0, outbox: [{ id: 'o1', destinationId: 'd1', payload: JSON.stringify(payload), nextAttemptAt: 0, status: 'pending' }] });
  return accountId;
}

/** Everything a reader of the store sees, as one string. */
export async function everything(store: Store, accountId: string): Promise<string> {
  return JSON.stringify([
    await store.newestEvents({ limit: 1000 }),
    await store.listSessions({ limit: 100 }),
    await store.listVisitors({ limit: 100 }),
    await store.stageChanges({ accountId, limit: 100 }),
    await store.listAlerts({ limit: 100 }),
  ]);
}

