import { describe, expect, it } from 'vitest';
import { defaultSteps } from '../../collector/enrich/index.js';
import { openStore } from '../../collector/store/index.js';
import { freshDatabases } from '../store/scratch.js';
import { pageView, testApp } from '../helpers.js';
import { openAsnFixture } from '../ipdb/open-asn-fixture.js';

/**
 * A target's candidate networks through the collector: open ASN data compiled from CSVs of the
 * bundled package's shape (fictional organizations), events from their addresses, the candidates
 * read and decided on through the admin API, and past visits moving with each decision.
 */
const fixture = openAsnFixture('target-networks', [
  ['198.51.100.0', '198.51.100.255', 64500, 'Globodyne Stores, Inc.', 'US'],
  ['203.0.113.0', '203.0.113.255', 64501, 'Globo-Dyne (Canada) Investment Co., Ltd.', 'CA'],
  ['192.0.2.0', '192.0.2.255', 64502, 'Globodyne SRL', 'RO'],
  // A /11: a carrier's worth of addresses under a company's name.
  ['100.64.0.0', '100.95.255.255', 64503, 'Pemberly Motors Corporation', 'US'],
]);
const { targets } = freshDatabases('target_networks');

describe.each(targets)('target networks (%s)', (_kind, target) => {
  async function setup() {
    const store = await openStore(target());
    const ident = await fixture.start(store);
    const t = await testApp({ store, steps: defaultSteps('truncate', ident.options), identification: ident });
    const imported = await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'domain,name,country\nglobodyne.com,Globodyne,US\n' });
    expect(imported.status).toBe(200);
    // The import says at once what it found for each target: one network credited, two to confirm (the arm in Canada, the twin in Romania).
    expect(await imported.json()).toMatchObject({ rows: [{ status: 'created', networks: { credited: 1, candidates: 2 } }] });
    const { accounts } = (await (await t.admin('/api/target-accounts')).json()) as { accounts: { id: string; country: string }[] };
    expect(accounts[0]!.country).toBe('US');
    return { t, id: accounts[0]!.id };
  }
  const send = async (t: Awaited<ReturnType<typeof setup>>['t'], ip: string, visitor: string) => {
    const e = pageView({ visitor, session: `s-${visitor}` });
    expect((await (await t.send({ site: t.site.key, events: [e] }, { 'x-test-client-ip': ip })).json()).accepted).toBe(1);
    return e.id as string;
  };
  const accountOf = async (t: Awaited<ReturnType<typeof setup>>['t'], id: string) =>
    (((await (await t.admin('/api/events?limit=100')).json()) as { events: any[] }).events.find((e) => e.id === id)?.account ?? null) as { id: string; name: string } | null;

  it('lists the evidence, credits only the strong, and moves past visits with each decision', async () => {
    const { t, id } = await setup();
    const home = await send(t, '198.51.100.7', 'a');
    const arm = await send(t, '203.0.113.7', 'b');
    const twin = await send(t, '192.0.2.7', 'c');
    expect(await accountOf(t, home)).toMatchObject({ id });
    // The Canadian arm is a candidate: meanwhile it is the network's own account; the Romanian twin is nobody's target.
    expect(await accountOf(t, arm)).toMatchObject({ name: 'Globo-Dyne (Canada) Investment Co., Ltd.' });
    expect((await accountOf(t, twin))?.id).not.toBe(id);

    const res = await t.admin(`/api/target-accounts/${id}/candidates`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { networks: any[]; credited: number; candidates: number };
    expect(body.networks.map((n) => [n.asn, n.credits, n.verdict])).toEqual([
      [64500, true, 'credit'],
      [64501, false, 'candidate'],
      [64502, false, 'candidate'],
    ]);
    expect(body.networks[0]).toMatchObject({ organization: 'Globodyne Stores, Inc.', country: 'US', ipv4: 256, decision: null, decided_at: null, seen: { events: 1, sessions: 1, last_seen: expect.stringMatching(/^2025-11-2\dT/) } });
    expect(body.networks[1].evidence.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['name', 'country']));
    expect(body.networks[2].evidence.map((e: { text: string }) => e.text)).toContain('registered in RO, not US');
    expect(body).toMatchObject({ credited: 1, candidates: 2 });

    // Confirmed: the arm credits the target, its past visit too.
    const confirmed = await t.admin(`/api/target-accounts/${id}/candidates/64501`, { method: 'POST', body: JSON.stringify({ decision: 'confirm' }) });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ decided: [{ asn: 64501, decision: 'confirm' }], backfill: { events: 1, changed: 1 } });
    expect(await accountOf(t, arm)).toMatchObject({ id });
    expect(await accountOf(t, await send(t, '203.0.113.8', 'd'))).toMatchObject({ id });

    // Rejected: the home network never credits it again, past visits included.
    const rejected = await t.admin(`/api/target-accounts/${id}/candidates/64500`, { method: 'POST', body: JSON.stringify({ decision: 'reject' }) });
    expect(await rejected.json()).toMatchObject({ backfill: { changed: 1 } });
    expect((await accountOf(t, home))?.id).not.toBe(id);
    expect((await accountOf(t, await send(t, '198.51.100.9', 'e')))?.id).not.toBe(id);
    const after = (await (await t.admin(`/api/target-accounts/${id}/candidates`)).json()) as { networks: any[] };
    expect(after.networks.map((n) => [n.asn, n.credits, n.decision, n.decided_by])).toEqual([
      [64501, true, 'confirm', 'api'],
      [64502, false, null, null],
      [64500, false, 'reject', 'api'],
    ]);
    expect(after.networks[0].decided_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('confirms every strong candidate at once: a carrier-sized network named like the target', async () => {
    const { t } = await setup();
    await t.admin('/api/target-accounts', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'domain,name,country\npmc-group.com,Pemberly Motors,US\n' });
    const { accounts } = (await (await t.admin('/api/target-accounts')).json()) as { accounts: { id: string; name: string }[] };
    const id = accounts.find((a) => a.name === 'Pemberly Motors')!.id;
    const big = await send(t, '100.64.0.9', 'p');
    expect((await accountOf(t, big))?.id).not.toBe(id);
    const listed = (await (await t.admin(`/api/target-accounts/${id}/candidates`)).json()) as { networks: any[] };
    expect(listed.networks[0]).toMatchObject({ asn: 64503, credits: false, verdict: 'candidate', ipv4: 2_097_152 });
    expect(listed.networks[0].evidence.map((e: { kind: string }) => e.kind)).toContain('size');
    const strong = await t.admin(`/api/target-accounts/${id}/candidates/strong`, { method: 'POST', body: JSON.stringify({ decision: 'confirm' }) });
    expect(await strong.json()).toMatchObject({ decided: [{ asn: 64503, decision: 'confirm' }] });
    expect(await accountOf(t, big)).toMatchObject({ id });
    const bad = await t.admin(`/api/target-accounts/${id}/candidates/strong`, { method: 'POST', body: JSON.stringify({ decision: 'reject' }) });
    expect(bad.status).toBe(400);
  });

  it('gives accounts the country their network is registered in, and the list filters by it', async () => {
    const { t, id } = await setup();
    await send(t, '192.0.2.7', 'r');
    await send(t, '198.51.100.7', 'u');
    // The days the test events are on (pageView's timestamps).
    const list = async (q: string) => ((await (await t.admin(`/api/accounts?from=2025-11-20&to=2025-11-26&${q}`)).json()) as { accounts: { id: string; name: string; country: string | null }[] }).accounts;
    expect((await list('country=RO')).map((a) => [a.name, a.country])).toEqual([['Globodyne SRL', 'RO']]);
    expect((await list('country=Romania')).map((a) => a.name)).toEqual(['Globodyne SRL']);
    expect((await list('country=us')).map((a) => a.id)).toEqual([id]);
    const bad = await t.admin('/api/accounts?country=Atlantis');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('not an ISO-3166 country code');
    const csv = await (await t.admin('/api/accounts?from=2025-11-20&to=2025-11-26&format=csv&country=RO')).text();
    expect(csv.split('\n')[0]).toContain(',country,');
    expect(csv).toContain(',RO,');
  });

  it('a reload that finds the same list and decisions keeps the matcher (and what it has weighed)', async () => {
    const store = await openStore(target());
    const ident = await fixture.start(store);
    const first = ident.options.networks();
    await ident.refresh();
    expect(ident.options.networks()).toBe(first);
    await store.importTargets([{ domain: 'globodyne.com', name: 'Globodyne', nameKey: 'globodyne', tier: null, owner: null, aliases: [], country: 'US' }]);
    await ident.refresh();
    const second = ident.options.networks();
    expect(second).not.toBe(first);
    expect(second.size).toBe(1);
    const id = (await store.listTargets())[0]!.id;
    await store.decideNetworks([{ accountId: id, asn: 64502, organization: 'Globodyne SRL', decision: 'confirm', decidedBy: 'test', decidedAt: 1 }]);
    await ident.refresh();
    expect(ident.options.networks()).not.toBe(second);
    await store.close();
  });

  it('refuses what it cannot do, saying why', async () => {
    const { t, id } = await setup();
    const post = (path: string, body: string) => t.admin(path, { method: 'POST', body });
    const cases: [Response, number, string][] = [
      [await t.admin('/api/target-accounts/acc_nope/candidates'), 404, 'not_found'],
      [await post(`/api/target-accounts/${id}/candidates/64500`, '{"decision":"maybe"}'), 400, 'invalid_decision'],
      [await post(`/api/target-accounts/${id}/candidates/64500`, 'not json'), 400, 'invalid_json'],
      [await post(`/api/target-accounts/${id}/candidates/99999`, '{"decision":"confirm"}'), 404, 'unknown_network'],
      [await post(`/api/target-accounts/${id}/candidates/AS1`, '{"decision":"confirm"}'), 400, 'invalid_asn'],
      [await post('/api/target-accounts/acc_nope/candidates/64500', '{"decision":"confirm"}'), 404, 'not_found'],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });
});
