import type { Context } from 'hono';
import type { NetworkDirectory, ScoreReading, ScoringRules, StageRules } from '../accounts/index.js';
import type { IdentifyOptions } from '../enrich/index.js';
import type { AlertsFace } from '../notify/index.js';
import type { Store } from '../store/index.js';

/** What an IP database face tells the settings page. */
export interface LoadedDatabase {
  type: string;
  kind: string;
  path: string | null;
  builtAt: Date;
  loadedAt: Date;
}

/** Everything the dashboard needs, passed in by createApp; it opens nothing itself. */
export interface DashboardDeps {
  store: Store;
  now: () => number;
  /** Where browsers reach the collector: snippets, and whether cookies are Secure. */
  publicUrl: string;
  adminToken?: string | undefined;
  clientIp: (c: Context) => string | undefined;
  reading: ScoreReading;
  /** Points per action and the high-intent patterns (pricing pages, demo and contact forms). */
  rules: ScoringRules;
  stages: StageRules;
  programmeStart?: number | undefined;
  /** IP databases loaded for identification, and a way to reload after the target list changes. */
  identification?:
    | { refresh(): Promise<void>; databases: readonly LoadedDatabase[]; directory?: (() => Promise<NetworkDirectory>) | undefined; options?: IdentifyOptions | undefined }
    | undefined;
  /** The running notifier (test alerts); absent when alerts are off. */
  alerts?: AlertsFace | undefined;
  /** Failed sign-ins allowed per address and per e-mail in 15 minutes (10). */
  loginAttempts?: number;
}
