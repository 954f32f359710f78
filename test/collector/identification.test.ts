import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSteps } from '../../collector/enrich/index.js';
import { ConfigError } from '../../collector/config.js';
import { parseAccountRanges, startIdentification, type Identification } from '../../collector/identification.js';
import { MmdbWriter } from '../../collector/ipdb/index.js';
import { openStore } from '../../collector/store/index.js';
import { pageView, testApp, type TestApp } from '../helpers.js';

/**
 * Identification through the collector's real pipeline: MMDB files written by the project's own
 * writer, opened from disk by main's wiring, events posted to /v1/events, read back from
 * /api/events and the store's rollups.
 */
const dir = mkdtempSync(join(tmpdir(), 'abm-ident-'));
const ispDb = join(dir, 'isp.mmdb');
{
  const w = new MmdbWriter({ databaseType: 'GeoIP2-ISP' });
  w.insert('198.51.100.0/24', { isp: 'Pfizer Inc.', organization: 'Pfizer Inc.', autonomous_system_number: 64500 });
  w.insert('203.0.113.0/24', { isp: 'Comcast Cable', organization: 'Comcast Cable', autonomous_system_number: 7922 });
  w.insert('192.0.2.0/24', { isp: 'Amazon.com', organization: 'Amazon.com, Inc.', autonomous_system_number: 16509 });
  w.insert('100.64.1.0/24', { isp: 'Towerstream', organization: 'Karlin Peebles LLP', autonomous_system_number: 33224 });
  // A legacy /8 holder: a carrier's size, under a company's name.
  w.insert('100.80.0.0/24', { isp: 'Apple Inc.', organization: 'Apple Inc.', autonomous_system_number: 714, abm_asn_ipv4_addresses: 16_920_064 });
  writeFileSync(ispDb, w.toBuffer());
}
const ranges = join(dir, 'ranges.csv');
writeFileSync(ranges, 'cidr,domain,name\n10.20.0.0/16,siemens.com,Siemens\n');

const open: Identification[] = [];
afterEach(() => open.splice(0).forEach((i) => i.close()));

async function setup(): Promise<{ t: TestApp; ident: Identification }> {
  const store = await openStore({ kind: 'sqlite', path: ':memory:' });
  const ident = await startIdentification(
    store,
    { ipdb: [ispDb], accountRanges: ranges, openAsn: false, dataDir: dir, minConfidence: 0.5, learnMinPeople: 2 },
    { refreshMs: 3_600_000 },
  );
  open.push(ident);
  const t = await testApp({ store, steps: defaultSteps('truncate', ident.options), identification: ident });
  return { t, ident };
}

const from = (ip: string) => ({ 'x-test-client-ip': ip });
const events = async (t: TestApp) => ((await (await t.admin('/api/events?limit=100')).json()) as { events: any[] }).events;
const byId = async (t: TestApp) => new Map((await events(t)).map((e) => [e.id, e]));

describe('identification in the pipeline', () => {
  it('credits company networks to accounts, target or not, and never ISPs or clouds', async () => {
    const { t } = await setup();
    const imported = await t.admin('/api/target-accounts', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'domain,name,tier,owner_email,aliases\npfizer.com,Pfizer,1,ana@vendor.example,Pfizer Pharma\nnot a domain,Broken,2,,\n',
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ created: 1, errors: 1, rows: [{ row: 1, status: 'created', domain: 'pfizer.com' }, { row: 2, status: 'error' }] });

    const pfizer = pageView({ visitor: 'p1', session: 'sp1' });
    const home = pageView({ visitor: 'h1', session: 'sh1' });
    const aws = pageView({ visitor: 'b1', session: 'sb1' });
    const firm = pageView({ visitor: 'k1', session: 'sk1' });
    const listed = pageView({ visitor: 's1', session: 'ss1' });
    for (const [e, ip] of [[pfizer, '198.51.100.7'], [home, '203.0.113.9'], [aws, '192.0.2.10'], [firm, '100.64.1.20'], [listed, '10.20.3.4']] as const) {
      expect((await (await t.send({ site: t.site.key, events: [e] }, from(ip))).json()).accepted).toBe(1);
    }
    const seen = await byId(t);
    const got = seen.get(pfizer.id as string)!;
    expect(got.network).toMatchObject({ class: 'business', organization: 'Pfizer Inc.', source: 'GeoIP2-ISP' });
    expect(got.account).toMatchObject({ name: 'Pfizer', domain: 'pfizer.com', via: 'network' });
    expect(seen.get(home.id as string)).toMatchObject({ network: { class: 'isp', organization: 'Comcast Cable' }, account: null, bot: false });
    expect(seen.get(aws.id as string)).toMatchObject({ network: { class: 'hosting' }, account: null, bot: true });
    expect(seen.get(firm.id as string)).toMatchObject({ network: { class: 'business', organization: 'Karlin Peebles LLP' }, account: { name: 'Karlin Peebles LLP', domain: null } });
    expect(seen.get(listed.id as string)).toMatchObject({ network: { source: 'account-ranges', confidence: 1 }, account: { domain: 'siemens.com', name: 'Siemens' } });
    // The stored address is the network, never the raw one.
    expect(got.ip).toBe('198.51.100.0');

    const accounts = await t.store.listAccounts({ limit: 10 });
    expect(accounts.map((a) => [a.name, a.target]).sort()).toEqual([['Karlin Peebles LLP', false], ['Pfizer', true], ['Siemens', false]]);
  });

  it('stitches a visitor to their business e-mail: earlier events and rollups move, later ones follow', async () => {
    const { t } = await setup();
    const day = Date.UTC(2026, 10, 20, 10);
    // At home first (credits nobody), then at the office of a company on its own network.
    await t.send({ site: t.site.key, events: [pageView({ visitor: 'ana', session: 'a1', ts: day })] }, from('203.0.113.9'));
    await t.send({ site: t.site.key, events: [pageView({ visitor: 'ana', session: 'a2', ts: day + 3_600_000 })] }, from('100.64.1.20'));
    const before = await t.store.accountDays({ from: '2026-11-20', to: '2026-11-20' });
    expect(before).toHaveLength(1);
    // A form with her work e-mail, sent from home.
    const form = pageView({ type: 'form', visitor: 'ana', session: 'a3', ts: day + 7_200_000, props: { email_domain: 'acme-corp.com', email_hash: 'c'.repeat(64), company: 'Acme' } });
    await t.send({ site: t.site.key, events: [form] }, from('203.0.113.9'));
    const later = pageView({ visitor: 'ana', session: 'a4', ts: day + 9_000_000 });
    await t.send({ site: t.site.key, events: [later] }, from('203.0.113.9'));

    const all = await events(t);
    expect(all.every((e) => e.account?.name === 'Acme' && e.account?.domain === 'acme-corp.com')).toBe(true);
    expect(all.find((e) => e.id === form.id)?.account.via).toBe('email');
    expect(all.find((e) => e.id === later.id)?.account.via).toBe('visitor');
    const days = await t.store.accountDays({ from: '2026-11-20', to: '2026-11-20' });
    const acme = (await t.store.listAccounts({ limit: 10 })).find((a) => a.name === 'Acme')!;
    // The company network's day lost her page view; Acme's day has all four events, one visitor, four sessions.
    expect(days.map((d) => [d.accountId === acme.id, d.events, d.pageViews, d.forms, d.visitors, d.sessions])).toEqual([[true, 4, 3, 1, 1, 4]]);
  });

  it("credits a network of a carrier's size only to a target account named after it", async () => {
    const { t, ident } = await setup();
    const before = pageView();
    await t.send({ site: t.site.key, events: [before] }, from('100.80.0.5'));
    expect((await byId(t)).get(before.id as string)).toMatchObject({ network: { class: 'business', organization: 'Apple Inc.', confidence: 0.45 }, account: null });
    await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ domain: 'apple.com', name: 'Apple' }]) });
    await ident.refresh();
    const after = pageView();
    await t.send({ site: t.site.key, events: [after] }, from('100.80.0.6'));
    expect((await byId(t)).get(after.id as string)).toMatchObject({ account: { name: 'Apple', domain: 'apple.com', via: 'network' } });
  });

  it('ignores personal e-mail for stitching', async () => {
    const { t } = await setup();
    await t.send({ site: t.site.key, events: [pageView({ type: 'form', visitor: 'joe', props: { email_domain: 'gmail.com', email_hash: 'd'.repeat(64) } })] }, from('203.0.113.9'));
    expect((await events(t))[0]).toMatchObject({ account: null, network: { class: 'isp' } });
  });

  it('learns a network from two people of one domain, with the evidence shown, and credits the next visitor', async () => {
    const { t, ident } = await setup();
    const fill = (visitor: string, hash: string) =>
      t.send({ site: t.site.key, events: [pageView({ type: 'form', visitor, props: { email_domain: 'globex.com', email_hash: hash.repeat(64) } })] }, from(`100.70.0.${visitor.length + 10}`));
    await fill('v1', 'a');
    await ident.refresh();
    expect(((await (await t.admin('/api/account-ranges')).json()) as any).ranges.filter((r: any) => r.source === 'learned')).toEqual([]);
    await fill('v22', 'b');
    await ident.refresh();
    const listed = ((await (await t.admin('/api/account-ranges')).json()) as any).ranges;
    expect(listed).toContainEqual(expect.objectContaining({ cidr: '100.70.0.0/24', domain: 'globex.com', source: 'learned', evidence: expect.objectContaining({ people: 2 }) }));
    const next = pageView({ visitor: 'v333' });
    await t.send({ site: t.site.key, events: [next] }, from('100.70.0.99'));
    expect((await byId(t)).get(next.id as string)).toMatchObject({ network: { source: 'learned' }, account: { domain: 'globex.com' } });
  });

  it('adds account ranges through the admin API, with a per-row report', async () => {
    const { t } = await setup();
    const res = await t.admin('/api/account-ranges', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ cidr: '2001:db8::/32', domain: 'https://www.initech.com', name: 'Initech' }, { cidr: '10.0.0.0/33', domain: 'x.com' }]) });
    expect(await res.json()).toMatchObject({ added: 1, errors: 1, rows: [{ row: 1, status: 'added', domain: 'initech.com' }, { row: 2, status: 'error' }] });
    const e = pageView();
    await t.send({ site: t.site.key, events: [e] }, from('2001:db8:1::5'));
    expect((await byId(t)).get(e.id as string)).toMatchObject({ account: { name: 'Initech', domain: 'initech.com' } });
  });

  it('refuses a bad ACCOUNT_RANGES file by line, and an unreadable IPDB file by name', async () => {
    expect(parseAccountRanges('# listed by sales\n10.0.0.0/8,acme.com\nnope,acme.com\n10.1.0.0/16,\n').problems).toEqual([
      expect.stringMatching(/^line 3: /),
      expect.stringMatching(/^line 4: "" is not a domain name/),
    ]);
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    const bad = join(dir, 'not-an.mmdb');
    writeFileSync(bad, 'hello');
    await expect(
      startIdentification(store, { ipdb: [bad], accountRanges: undefined, openAsn: false, dataDir: dir, minConfidence: 0.5, learnMinPeople: 2 }),
    ).rejects.toThrow(ConfigError);
  });
});

describe('backfill', () => {
  it('re-runs identification over stored events after the target list and databases change, and rebuilds rollups; a second run changes nothing', async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    const config = { ipdb: [], accountRanges: undefined, openAsn: false, dataDir: dir, minConfidence: 0.5, learnMinPeople: 2 };
    // Collected before any database was configured: nothing identified.
    const bare = await startIdentification(store, config, { refreshMs: 3_600_000 });
    open.push(bare);
    const t = await testApp({ store, steps: defaultSteps('truncate', bare.options) });
    const d = Date.UTC(2026, 10, 18, 12);
    await t.send({ site: t.site.key, events: [pageView({ visitor: 'p1', session: 's1', ts: d }), pageView({ visitor: 'p2', session: 's2', ts: d + 1 })] }, from('198.51.100.7'));
    await t.send({ site: t.site.key, events: [pageView({ visitor: 'h1', session: 's3', ts: d + 2 })] }, from('203.0.113.9'));
    expect((await events(t)).every((e) => e.account === null)).toBe(true);
    expect(await store.accountDays({ from: '2026-11-18', to: '2026-11-18' })).toEqual([]);

    await store.importTargets([{ domain: 'pfizer.com', name: 'Pfizer', nameKey: 'pfizer', tier: '1', owner: null, aliases: [] }]);
    const { backfill } = await import('../../collector/backfill.js');
    const report = await backfill(store, { ...config, ipdb: [ispDb] }, true);
    expect(report).toMatchObject({ events: 3, changed: 3 });
    const after = await byId(t);
    expect([...after.values()].filter((e) => e.account?.name === 'Pfizer')).toHaveLength(2);
    expect([...after.values()].find((e) => e.visitor === 'h1')).toMatchObject({ account: null, network: { class: 'isp' } });
    const days = await store.accountDays({ from: '2026-11-18', to: '2026-11-18' });
    expect(days.map((r) => [r.events, r.visitors, r.sessions])).toEqual([[2, 2, 2]]);

    expect(await backfill(store, { ...config, ipdb: [ispDb] }, true)).toMatchObject({ events: 3, changed: 0 });
    expect((await store.accountDays({ from: '2026-11-18', to: '2026-11-18' })).map((r) => [r.events, r.visitors, r.sessions])).toEqual([[2, 2, 2]]);
  });
});
