import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORE_READING } from '../../collector/accounts/scoring.js';
import type { Store } from '../../collector/store/index.js';
import { Random } from '../../demo-site/simulator/random.js';
import { freshDatabases, visitEvent, withStore } from './scratch.js';
import type { AccountRef, NetworkInfo, StoredEvent } from '../../collector/schema/domain.js';

/**
 * Property: crediting one network's past events to an account (a scoped re-identification) leaves
 * the store exactly as if those events had been credited so when they arrived: the same accounts
 * with the same visits, visitors, page views and scores over any range, the same sessions and
 * channels; events of other networks, and events an e-mail credited, untouched.
 */

const { targets } = freshDatabases('reidentify_scope');
const DAY_MS = 86_400_000;
const D0 = Date.UTC(2026, 10, 2);
const NETS = ['198.51.100.0', '203.0.113.0', '192.0.2.0'] as const;
const isp: NetworkInfo = { class: 'isp', organization: 'Example Broadband', domain: null, source: 'test', confidence: 0.7 };
const office: NetworkInfo = { class: 'business', organization: 'Example Broadband', domain: null, source: 'test', confidence: 0.7 };
const acme: AccountRef = { id: null, name: 'Acme', domain: 'acme.example', nameKey: 'acme', via: 'network' };
const hooli: AccountRef = { id: null, name: 'Hooli', domain: 'hooli.example', nameKey: 'hooli', via: 'network' };
const initech: AccountRef = { id: null, name: 'Initech', domain: 'initech.example', nameKey: 'initech', via: 'email' };

function generate(seed: number, credit: AccountRef | null): StoredEvent[] {
  const rng = new Random(seed);
  return Array.from({ length: 400 }, (_, n) => {
    const ip = rng.pick(NETS);
    const visitor = `v${rng.int(0, 30)}`;
    const type = rng.pick(['page_view', 'page_view', 'download', 'form', 'engagement'] as const);
    const ts = D0 + rng.int(0, 9 * DAY_MS);
    // 198.51.100.0/24 is the network being credited; 203.0.113.0/24 already credits Acme; the third none.
    // A few visitors give a business e-mail: all they do is then theirs (stitching), whatever the network.
    const email = type === 'form' && ['v1', 'v2', 'v3'].includes(visitor);
    const account = email ? initech : ip === NETS[1] ? acme : ip === NETS[0] ? credit : null;
    return visitEvent({
      siteId: rng.pick(['s1', 's2']),
      id: `e${n}`,
      type,
      ts,
      visitor,
      dayZero: D0,
      props: type === 'engagement' ? { engaged_ms: rng.int(1000, 60_000) } : null,
      ip,
      bot: rng.chance(0.05),
      network: ip === NETS[1] ? office : isp,
      account: account && { ...account },
      touch: type === 'page_view' ? { channel: rng.pick(['Direct', 'Email']), source: 'x', medium: 'y' } : null,
    });
  });
}

async function snapshot(store: Store) {
  const ranges = [
    [D0, D0 + 9 * DAY_MS],
    [D0 + 2 * DAY_MS, D0 + 4 * DAY_MS],
  ] as const;
  const out: unknown[] = [];
  for (const [from, to] of ranges) {
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    const { rows } = await store.accountMetrics({
      fromDay: day(from),
      toDay: day(to),
      sort: 'name',
      descending: false,
      limit: 100,
      offset: 0,
      ...DEFAULT_SCORE_READING,
      all: true,
    });
    // An account left with no events at all is no difference a reader sees.
    out.push(rows.filter((r) => r.visits > 0 || r.pageViews > 0 || r.target).map(({ lastSeen: _l, ...r }) => ({ ...r, score: Math.round(r.score * 1000) })));
    out.push(await store.channelBreakdown({ from, to: to + DAY_MS }));
  }
  const sessions = await store.listSessions({ limit: 10_000 });
  out.push(sessions.map((s) => [s.siteId, s.id, s.accountId]).sort());
  return out;
}

describe.each(targets)('scoped re-identification (%s)', (_kind, target) => {
  it('credits one network\'s past events as if they had been credited on arrival', async () => {
    for (const seed of [1, 2]) {
      const target1 = target();
      const target2 = target();
      await withStore(() => target1, async (later) =>
        withStore(() => target2, async (reference) => {
          const globex = { domain: 'globex.example', name: 'Globex', nameKey: 'globex', tier: null, owner: null, aliases: [] };
          for (const store of [later, reference]) {
            await store.importTargets([globex]);
            for (const site of ['s1', 's2']) await store.createSite({ id: site, key: `key-${site}`, name: site, origins: [] });
          }
          const id = (await later.listTargets())[0]!.id;
          const credited: AccountRef = { id, name: 'Globex', domain: 'globex.example', nameKey: 'globex', via: 'network' };
          // Before: the network credited another company (a look-alike), or none.
          await later.insertEvents(generate(seed, seed === 1 ? hooli : null));
          await reference.insertEvents(generate(seed, credited));
          const report = await later.reidentify(
            (e) => ({ network: e.network ?? null, account: e.ip === NETS[0] ? credited : (e.account ?? null), bot: e.bot }),
            () => {},
            { network: `${NETS[0]}/24`, since: D0 },
          );
          expect(report.changed).toBeGreaterThan(50);
          // Only that network's events not credited by an e-mail were looked at.
          expect(report.events).toBeLessThan(200);
          expect(await snapshot(later)).toEqual(await snapshot(reference));
        }),
      );
    }
  });

  it('needs a network or an organization, and leaves events before `since` alone', async () => {
    await withStore(target, async (store) => {
      for (const site of ['s1', 's2']) await store.createSite({ id: site, key: `key-${site}`, name: site, origins: [] });
      await store.insertEvents(generate(3, null));
      await expect(store.reidentify(() => ({ network: null, account: null, bot: false }), () => {}, {})).rejects.toThrow(/network or an organization/);
      const report = await store.reidentify((e) => ({ network: e.network ?? null, account: acme, bot: e.bot }), () => {}, { organization: 'Example Broadband', since: D0 + 20 * DAY_MS });
      expect(report).toMatchObject({ events: 0, changed: 0 });
    });
  });
});
