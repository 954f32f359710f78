import { Hono, type Context } from 'hono';
import { defaultSteps, type Step } from '../enrich/index.js';
import type { ScoreReading, ScoringRules, StageRules } from '../accounts/index.js';
import type { Store } from '../store/index.js';
import type { AlertsFace } from '../notify/index.js';
import { adminAuth } from './auth.js';
import { adminEventsRoutes } from './admin-events.js';
import { erasureRoutes } from './erasure.js';
import { channelsRoutes } from './channels.js';
import { accountsRoutes } from './accounts.js';
import { accountDetailRoutes } from './account-detail.js';
import { stagesRoutes } from './stages.js';
import { contentRoutes } from './content.js';
import { identificationReportRoutes } from './identification-report.js';
import { kpiRoutes } from './kpis.js';
import { attributionRoutes } from './attribution.js';
import { alertsAdminRoutes } from './alerts.js';
import { openApiRoutes } from './openapi.js';
import { accountsAdminRoutes, type IdentificationFace } from './accounts-admin.js';
import { errorHandler, notFound, type ErrorLogger } from './errors.js';
import { eventsRoutes } from './events.js';
import { healthRoutes } from './health.js';
import { rateLimitChecks, type RateLimits } from './rate-limit.js';
import { sdkScriptRoutes, type SdkFiles } from './sdk-script.js';
import { sitesRoutes } from './sites.js';
import { dashboardRoutes } from '../dashboard/index.js';
import { DEFAULT_SCORE_READING, DEFAULT_SCORING, DEFAULT_STAGE_RULES } from '../accounts/index.js';

export { HttpError, errorBody } from './errors.js';
export { snippet, newSiteKey } from './sites.js';
export type { SdkFiles } from './sdk-script.js';
export { dailyIpSalt } from './ip-salt.js';
export { clientIpResolver, parseTrustedProxy, type ClientIp, type TrustedNet } from './client-ip.js';
export { MemoryRateLimiter, memoryRateLimits, type RateLimiter, type RateLimits } from './rate-limit.js';

export interface AppDeps {
  store: Store;
  /** The built SDK (dist/sdk/s.js and its chunks s-*.js) by file name, served at /s.js, /s-vitals.js, … */
  sdk: SdkFiles;
  /** Where browsers reach this collector, for the snippets the admin API hands out. */
  publicUrl: string;
  adminToken?: string | undefined;
  /** The client's address; on Node, the socket's or, behind TRUST_PROXY, the forwarded one (see main.ts). */
  clientIp?: (c: Context) => string | undefined;
  /** Events per minute per client IP and per site; a limiter left out is no limit (none by default). */
  rateLimit?: RateLimits;
  steps?: readonly Step[];
  /** Today's salt for hashed IP storage (IP_STORAGE=hash); absent when addresses are truncated. */
  ipSalt?: (now: number) => Promise<string>;
  now?: () => number;
  maxBodyBytes?: number;
  maxEvents?: number;
  logError?: ErrorLogger;
  /** How scores are read (role weights, half-life) and stage thresholds, and points per action; the defaults otherwise. */
  scoring?: { reading: ScoreReading; stages: StageRules; rules?: ScoringRules };
  /** When the ABM programme started (epoch ms), for uplift. */
  programmeStart?: number | undefined;
  /** Identification's reload and what it loaded, for the target-list and ranges admin API. */
  identification?: IdentificationFace;
  /** The running notifier, for test alerts from the admin API and the dashboard. */
  alerts?: AlertsFace;
}

/** The collector's HTTP face. Everything it needs comes in as an argument; nothing is opened here. */
export function createApp(deps: AppDeps): Hono {
  const d = {
    ...deps,
    steps: deps.steps ?? defaultSteps(),
    clientIp: deps.clientIp ?? (() => undefined),
    now: deps.now ?? Date.now,
    maxBodyBytes: deps.maxBodyBytes ?? 64 * 1024,
    maxEvents: deps.maxEvents ?? 100,
    admit: rateLimitChecks(deps.rateLimit),
    logError: deps.logError ?? ((err: unknown) => console.error(err)),
  };
  const app = new Hono();
  app.onError(errorHandler(d.logError));
  app.notFound(notFound);

  app.route('/', healthRoutes(d.store));
  app.route('/', sdkScriptRoutes(d.sdk));
  app.route('/', eventsRoutes(d));

  // Before the admin guard: the document describes the API and reveals no data.
  app.route('/', openApiRoutes());
  app.get('/', (c) => c.redirect('/app', 302));
  app.route(
    '/',
    dashboardRoutes({
      store: d.store, now: d.now, publicUrl: d.publicUrl, adminToken: d.adminToken, clientIp: d.clientIp,
      reading: d.scoring?.reading ?? DEFAULT_SCORE_READING, stages: d.scoring?.stages ?? DEFAULT_STAGE_RULES, rules: d.scoring?.rules ?? DEFAULT_SCORING,
      programmeStart: d.programmeStart, identification: d.identification, alerts: d.alerts,
    }),
  );
  app.use('/api/*', adminAuth(d.adminToken, d.store, d.now));
  app.route('/', sitesRoutes(d.store, d.publicUrl, d.now));
  app.route('/', adminEventsRoutes(d.store));
  app.route('/', erasureRoutes(d.store));
  app.route('/', accountsAdminRoutes(d.store, d.identification));
  app.route('/', channelsRoutes(d.store, d.now));
  app.route('/', accountsRoutes(d.store, d.now, d.scoring?.reading));
  app.route('/', accountDetailRoutes(d.store, d.now, d.scoring?.reading));
  app.route('/', stagesRoutes(d.store, d.now));
  app.route('/', contentRoutes(d.store, d.now));
  app.route('/', identificationReportRoutes(d.store, d.now));
  app.route('/', kpiRoutes(d.store, d.now, { programmeStart: d.programmeStart, rules: d.scoring?.stages, reading: d.scoring?.reading }));
  app.route('/', attributionRoutes(d.store, d.now));
  app.route('/', alertsAdminRoutes(d.store, d.alerts, d.now));
  return app;
}
