import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backfill } from '../../collector/backfill.js';
import { defaultSteps } from '../../collector/enrich/index.js';
import { startIdentification, type Identification } from '../../collector/identification.js';
import { MmdbWriter } from '../../collector/ipdb/index.js';
import { openStore } from '../../collector/store/index.js';
import { pageView, testApp, type TestApp } from '../helpers.js';
import { freshDatabases } from '../store/scratch.js';

/**
 * One company, one account, through the collector: a page view from a company's own network (an
 * AS organization, no domain) and a form with a business e-mail of that company's domain, in
 * either order, make one account in GET /api/accounts.
 */
const { targets } = freshDatabases('one_account');
const dir = mkdtempSync(join(tmpdir(), 'abm-one-account-'));
const ispDb = join(dir, 'isp.mmdb');
{
  const w = new MmdbWriter({ databaseType: 'GeoIP2-ISP' });
  w.insert('198.51.100.0/24', { isp: 'Initrode Inc.', organization: 'Initrode Inc.', autonomous_system_number: 64500 });
  w.insert('100.64.1.0/24', { isp: 'Hooli Holdings', organization: 'Hooli Holdings', autonomous_system_number: 64501 });
  w.insert('100.64.2.0/24', { isp: 'Abc Ltd', organization: 'Abc Ltd', autonomous_system_number: 64502 });
  w.insert('203.0.113.0/24', { isp: 'Comcast Cable', organization: 'Comcast Cable', autonomous_system_number: 7922 });
  writeFileSync(ispDb, w.toBuffer());
}

const config = { ipdb: [ispDb], accountRanges: undefined, openAsn: false, dataDir: dir, minConfidence: 0.5, learnMinPeople: 2 };
const open: Identification[] = [];
afterEach(() => open.splice(0).forEach((i) => i.close()));

const DAY = Date.UTC(2026, 10, 20, 10);
const from = (ip: string) => ({ 'x-test-client-ip': ip });
const HOME = '203.0.113.9';

describe.each(targets)('one company, one account through the collector (%s)', (_kind, target) => {
  async function setup(): Promise<TestApp> {
    const store = await openStore(target());
    const ident = await startIdentification(store, config, { refreshMs: 3_600_000 });
    open.push(ident);
    return testApp({ store, steps: defaultSteps('truncate', ident.options), identification: ident });
  }

  const send = async (t: TestApp, ip: string, over: Record<string, unknown>) =>
    expect((await (await t.send({ site: t.site.key, events: [pageView({ ts: DAY, ...over })] }, from(ip))).json()).accepted).toBe(1);
  const form = (visitor: string, emailDomain: string, company?: string) => ({
    type: 'form',
    visitor,
    session: `${visitor}-form`,
    ts: DAY + 60_000,
    props: { email_domain: emailDomain, email_hash: visitor.padEnd(64, '0'), ...(company ? { company } : {}) },
  });
  const listed = async (t: TestApp) => {
    const res = await t.admin('/api/accounts?from=2026-11-20&to=2026-11-20&sort=name');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accounts: { id: string; name: string; domain: string | null; visits: number; visitors: number }[]; total: number };
    return body.accounts.map((a) => [a.name, a.domain, a.visits, a.visitors]);
  };

  it('network first, then a form from home: the network\'s account takes the domain', async () => {
    const t = await setup();
    try {
      await send(t, '198.51.100.7', { visitor: 'ana', session: 'a1' });
      expect(await listed(t)).toEqual([['Initrode Inc.', null, 1, 1]]);
      // Another person of the company fills a form from home: no company field, the domain's label names it.
      await send(t, HOME, form('bo', 'initrode.com'));
      expect(await listed(t)).toEqual([['Initrode Inc.', 'initrode.com', 2, 2]]);
      // And the company's network after that: still the one account.
      await send(t, '198.51.100.8', { visitor: 'cy', session: 'c1', ts: DAY + 120_000 });
      expect(await listed(t)).toEqual([['Initrode Inc.', 'initrode.com', 3, 3]]);
    } finally {
      await t.store.close();
    }
  });

  it('a form first, then the network: the network credits the form\'s account; a short label stays apart', async () => {
    const t = await setup();
    try {
      await send(t, HOME, form('dee', 'hooli.com', 'Hooli'));
      await send(t, '100.64.1.5', { visitor: 'eve', session: 'e1', ts: DAY + 120_000 });
      await send(t, HOME, form('fay', 'abc.com'));
      await send(t, '100.64.2.5', { visitor: 'gus', session: 'g1', ts: DAY + 120_000 });
      expect(await listed(t)).toEqual([
        ['Abc Ltd', null, 1, 1],
        ['abc.com', 'abc.com', 1, 1],
        ['Hooli', 'hooli.com', 2, 2],
      ]);
    } finally {
      await t.store.close();
    }
  });

  it('npm run backfill merges two accounts made apart before, and the list shows one', async () => {
    const t = await setup();
    try {
      await send(t, '198.51.100.7', { visitor: 'ana', session: 'a1' });
      // What the code before made of a form naming its company otherwise: an account apart (made here as a target taken off the list).
      const [apart] = await t.store.importTargets([{ domain: 'initrode.com', name: 'Initrode Systems', nameKey: 'initrode systems', tier: null, owner: null, aliases: [] }]);
      await t.store.removeTarget(apart!.id);
      await send(t, HOME, form('bo', 'initrode.com', 'Initrode Systems'));
      expect(await listed(t)).toEqual([['Initrode Inc.', null, 1, 1], ['Initrode Systems', 'initrode.com', 1, 1]]);
      const report = await backfill(t.store, config, true);
      // Identification run again credits the network's event by today's rules already; the empty account is merged away.
      expect(report).toMatchObject({ events: 2, changed: 1 });
      expect(report.merged.map((m) => [m.from.name, m.into.name])).toEqual([['Initrode Inc.', 'Initrode Systems']]);
      expect(await listed(t)).toEqual([['Initrode Systems', 'initrode.com', 2, 2]]);
      expect((await backfill(t.store, config, true)).merged).toEqual([]);
    } finally {
      await t.store.close();
    }
  });
});
