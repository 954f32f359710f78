import { z } from 'zod';
import { RULES } from './types.js';

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is a time of day like 20:00');
const TimeZone = z.string().max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'is not an IANA time zone such as Europe/Berlin');

/** Alert rules and noise control, as the admin API and the dashboard change them (kept in the store as JSON). */
export const AlertSettings = z.object({
  /** Which rules are on. */
  rules: z.object(Object.fromEntries(RULES.map((r) => [r, z.boolean()])) as Record<(typeof RULES)[number], z.ZodBoolean>),
  /** "Back after a while": days without a visit before a return counts. */
  returnDays: z.number().int().min(1).max(365),
  /** URL path fragments of high-intent pages, matched case-insensitively against the path. */
  intentPatterns: z.array(z.string().trim().min(1).max(200)).max(50),
  /** At most one alert per account per rule in this many hours (0: no limit). */
  windowHours: z.number().min(0).max(24 * 30),
  /**
   * One visit, one alert: its reasons are gathered until the visit has been quiet this many
   * minutes (at most five times as long after its first reason; a form sends at once). A reason
   * seen after that comes as a follow-up listing only itself. 0: every scan sends what it found.
   */
  holdMinutes: z.number().min(0).max(60),
  /** Alerts that fall in quiet hours wait for their end; null: none. */
  quietHours: z.object({ start: Clock, end: Clock }).nullable(),
  /** Local time for quiet hours and digests. */
  timeZone: TimeZone,
  /** The hour (0–23, local) at which daily digests go out. */
  digestHour: z.number().int().min(0).max(23),
  /** Score surge: this week's points at least `factor` times last week's, and at least `minPoints`. */
  surge: z.object({ factor: z.number().min(1).max(100), minPoints: z.number().min(0).max(100_000) }),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  rules: { first_visit: true, return: true, high_intent: true, form: true, mqa: true, score_surge: true },
  returnDays: 14,
  intentPatterns: ['/pricing', '/demo', '/contact', '/request-a-demo', '/quote'],
  windowHours: 24,
  holdMinutes: 2,
  quietHours: null,
  timeZone: 'UTC',
  digestHour: 8,
  surge: { factor: 2, minPoints: 10 },
};

/** A partial update over the current settings (what PUT /api/alerts/settings and the settings form send). */
export const AlertSettingsPatch = AlertSettings.partial().extend({ rules: AlertSettings.shape.rules.partial().optional() });
export type AlertSettingsPatch = z.infer<typeof AlertSettingsPatch>;

export const SETTINGS_NAME = 'alerts';

/** Stored settings over the defaults; anything unreadable falls back to the defaults. */
export function readAlertSettings(json: string | undefined): AlertSettings {
  if (!json) return DEFAULT_ALERT_SETTINGS;
  try {
    const parsed = AlertSettings.safeParse({ ...DEFAULT_ALERT_SETTINGS, ...JSON.parse(json) });
    return parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS;
  } catch {
    return DEFAULT_ALERT_SETTINGS;
  }
}

export function applyPatch(current: AlertSettings, patch: AlertSettingsPatch): AlertSettings {
  return AlertSettings.parse({ ...current, ...patch, rules: { ...current.rules, ...patch.rules } });
}

/** A destination as the admin API and the dashboard create it. */
export const NewDestination = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('slack'), target: z.string().url().max(500).refine((u) => u.startsWith('https://') || u.startsWith('http://'), 'is an http(s) URL'), owner: z.string().email().max(254).nullable().default(null), digest: z.boolean().default(false) }),
  z.object({ kind: z.literal('webhook'), target: z.string().url().max(500).refine((u) => u.startsWith('https://') || u.startsWith('http://'), 'is an http(s) URL'), secret: z.string().min(16).max(200).optional(), owner: z.string().email().max(254).nullable().default(null), digest: z.boolean().default(false) }),
  z.object({ kind: z.literal('email'), target: z.string().email().max(254), owner: z.string().email().max(254).nullable().default(null), digest: z.boolean().default(false) }),
]);
export type NewDestination = z.infer<typeof NewDestination>;
