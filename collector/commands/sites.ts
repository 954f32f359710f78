import { randomUUID } from 'node:crypto';
import { KeyRotation, NewSiteRequest, SiteUpdate, newSiteKey, snippet } from '../schema/index.js';
import type { SiteDeletionOptions, SiteDeletionReport, Store } from '../store/index.js';
import { CommandError, invalid } from './errors.js';
import type { Site } from '../schema/domain.js';

/**
 * Sites: created, edited, re-keyed and deleted by these functions only, which the admin API
 * (`/api/sites`) and the dashboard's Settings call alike. Input arrives as the API takes it
 * (`{name, origins, server_side}`, `{grace_hours}`) and is checked here, once.
 */

type SiteStore = Pick<Store, 'createSite' | 'siteById' | 'updateSite' | 'rotateSiteKey' | 'deleteSite'>;

const HOUR = 3_600_000;

/** A site as the API shows it, with the tag to paste. */
export interface SiteView {
  id: string;
  key: string;
  name: string;
  origins: string[];
  server_side: boolean;
  created_at: string;
  snippet: string;
  /** After a rotation: the old key, accepted until previous_key_expires_at. */
  previous_key?: string;
  previous_key_expires_at?: string;
}

export function siteView(s: Site, publicUrl: string, now = Date.now()): SiteView {
  const view: SiteView = {
    id: s.id,
    key: s.key,
    name: s.name,
    origins: s.origins,
    server_side: s.serverSide,
    created_at: new Date(s.createdAt).toISOString(),
    snippet: snippet(publicUrl, s.key),
  };
  if (s.previousKey && s.previousKeyExpiresAt !== undefined && s.previousKeyExpiresAt > now) {
    view.previous_key = s.previousKey;
    view.previous_key_expires_at = new Date(s.previousKeyExpiresAt).toISOString();
  }
  return view;
}

const unknownSite = (id: string) => new CommandError(404, 'unknown_site', `no site has the id ${JSON.stringify(id.slice(0, 64))}`);

/** `{name, origins, server_side}` → a new site with a fresh key. */
export async function createSite(store: SiteStore, input: unknown, now: number): Promise<Site> {
  const parsed = NewSiteRequest.safeParse(input);
  if (!parsed.success) throw invalid('invalid_site', parsed.error);
  const { name, origins, server_side } = parsed.data;
  return store.createSite({ id: randomUUID(), key: newSiteKey(), name, origins, serverSide: server_side, createdAt: now });
}

/** Any of `{name, origins, server_side}`; what is left out stays. */
export async function updateSite(store: SiteStore, id: string, input: unknown): Promise<Site> {
  const parsed = SiteUpdate.safeParse(input);
  if (!parsed.success) throw invalid('invalid_site', parsed.error);
  const { name, origins, server_side } = parsed.data;
  const site = await store.updateSite(id, { ...(name !== undefined && { name }), ...(origins && { origins }), ...(server_side !== undefined && { serverSide: server_side }) });
  if (!site) throw unknownSite(id);
  return site;
}

/**
 * A new key for a site, `{grace_hours}` (24 unless said): the old key keeps working until then and
 * is refused after. Rotating again ends the grace of the key before at once.
 */
export async function rotateSiteKey(store: SiteStore, id: string, input: unknown, now: number): Promise<Site> {
  const parsed = KeyRotation.safeParse(input ?? {});
  if (!parsed.success) throw invalid('invalid_rotation', parsed.error);
  const hours = parsed.data.grace_hours;
  const site = await store.rotateSiteKey(id, { key: newSiteKey(), previousValidUntil: hours > 0 ? now + Math.round(hours * HOUR) : null });
  if (!site) throw unknownSite(id);
  return site;
}

/**
 * Deletes a site with its events and everything derived from them (store's deleteSite: page by
 * page, and a second call finishes one that was interrupted). `confirmName`, when given (the
 * dashboard asks for it), must be the site's name.
 */
export async function deleteSite(store: SiteStore, id: string, o: SiteDeletionOptions & { confirmName?: string | undefined } = {}): Promise<SiteDeletionReport> {
  const { confirmName, ...options } = o;
  if (confirmName !== undefined) {
    const site = await store.siteById(id, { includeDeleting: true });
    if (!site) throw unknownSite(id);
    if (confirmName.trim() !== site.name) throw new CommandError(400, 'confirmation_mismatch', `type the site's name, ${site.name}, to delete it`, 'confirm');
  }
  const report = await store.deleteSite(id, options);
  if (!report) throw unknownSite(id);
  return report;
}
