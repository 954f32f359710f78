/**
 * The demo traffic simulator: the target list imported, then days of visits to the demo site sent
 * through the real Events API, so the dashboard has accounts, stages, channels and content to show.
 * `npm run simulate` (demo-site/simulate.ts) runs it; `npm start` runs it once on an empty store.
 */
import { DEMO_TARGETS } from './companies.js';
import { batchesOf, importTargets, sendBatches, SendError, storedAddress } from './send.js';
import { DEFAULTS, generateTraffic } from './traffic.js';

export { DEMO_TARGETS, DEMO_OWNERS, OTHER_COMPANIES, ACCESS_NETWORKS, CRAWLERS, type DemoCompany, type DemoTarget, type AccessNetwork, type Crawler } from './companies.js';
export { generateTraffic, type SimEvent, type Traffic, type TrafficOptions, type Visit, type VisitKind } from './traffic.js';
export { listSites, SendError, type SiteView } from './send.js';

export interface SimulateOptions {
  /** e.g. http://127.0.0.1:8787 */
  collectorUrl: string;
  /** To import the target list (POST /api/target-accounts). */
  adminToken: string;
  /** The demo site's key. */
  siteKey: string;
  /** An allowed origin of the demo site, e.g. http://localhost:3000. */
  origin: string;
  /** Default 90. */
  days?: number;
  /** Default 42. */
  seed?: number;
  /** The end of the simulated period (default Date.now()). */
  now?: number;
  /** Multiplies the amount of traffic (default 1). */
  scale?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SimulateReport {
  /** Events sent. */
  events: number;
  /** Events the collector stored (a second run with the same seed sends the same event ids: duplicates are not stored again). */
  accepted: number;
  /** Visits (sessions) sent, bots' included. */
  visits: number;
  /** Target accounts imported. */
  targets: number;
  /** Companies (target or not) whose people visited. */
  companiesSeen: number;
  seconds: number;
}

const truncated = (ip: string) => `${ip.split('.').slice(0, 3).join('.')}.0`;

/**
 * Imports DEMO_TARGETS, generates the visits (deterministic for a seed, `now`, `days` and
 * `scale`) and sends them. Throws a SendError when the collector cannot be reached, refuses the
 * token, site or origin, or does not believe X-Forwarded-For from this process (set
 * TRUST_PROXY=loopback on the collector).
 */
export async function simulate(o: SimulateOptions): Promise<SimulateReport> {
  const started = performance.now();
  const imported = await importTargets(o.collectorUrl, o.adminToken, DEMO_TARGETS);
  const traffic = generateTraffic({ origin: o.origin, days: o.days ?? DEFAULTS.days, seed: o.seed ?? DEFAULTS.seed, now: o.now ?? Date.now(), scale: o.scale ?? DEFAULTS.scale });
  const batches = batchesOf(traffic.visits);
  let done = 0;
  o.onProgress?.(0, traffic.events);
  const send = { collectorUrl: o.collectorUrl, siteKey: o.siteKey, origin: o.origin, onBatch: (n: number) => o.onProgress?.((done += n), traffic.events) };

  // The first batch alone, then a look at how it was stored: every visitor must not appear to
  // come from this machine.
  const [first, ...rest] = batches;
  let accepted = 0;
  if (first) {
    const r = await sendBatches([first], send);
    accepted += r.accepted;
    const stored = await storedAddress(o.collectorUrl, o.adminToken, first.events[0]!.id);
    if (stored?.ip && stored.ip !== truncated(first.ip) && !stored.ip.startsWith('h:')) {
      throw new SendError(
        `the collector recorded ${stored.ip} instead of ${truncated(first.ip)}: it does not believe X-Forwarded-For from this process. ` +
          'Start it with TRUST_PROXY=loopback (demo mode does) so simulated visitors keep their addresses.',
      );
    }
  }
  const r = await sendBatches(rest, send);
  accepted += r.accepted;
  if (r.rejected) throw new SendError(`the collector rejected ${r.rejected} simulated events: ${r.problems.join('; ')}`);
  return {
    events: traffic.events,
    accepted,
    visits: traffic.visits.length,
    targets: imported.created + imported.updated,
    companiesSeen: traffic.companies,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
