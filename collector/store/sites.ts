import type { Kysely } from 'kysely';
import type { Database, SitesTable } from './types.js';
import type { NewSite, Site, StoredEvent } from '../schema/domain.js';
import type { WriteTx } from './write-tx.js';

/** What an edit changes; fields left out stay as they are. */
export interface SiteChange {
  name?: string;
  origins?: string[];
  serverSide?: boolean;
}

/** Sites as the store keeps them: created, listed, looked up by key (the current one or a rotated one still in its grace), edited, re-keyed. */
export interface SiteStore {
  createSite(site: NewSite): Promise<Site>;
  /** Sites, oldest first; with `deleting`, only those whose deletion has started and not finished. */
  listSites(options?: { deleting?: boolean }): Promise<Site[]>;
  /** A site by id; one being deleted only with `includeDeleting`. */
  siteById(id: string, options?: { includeDeleting?: boolean }): Promise<Site | undefined>;
  /** The site whose key this is, or whose previous key this is and still valid at `now`; never one being deleted. */
  siteByKey(key: string, now?: number): Promise<Site | undefined>;
  /** Changes a site (not one being deleted); undefined when there is no such site. */
  updateSite(id: string, change: SiteChange): Promise<Site | undefined>;
  /** Gives a site a new key; the old one is accepted until `previousValidUntil` (null: refused at once). */
  rotateSiteKey(id: string, rotation: { key: string; previousValidUntil: number | null }): Promise<Site | undefined>;
  /**
   * Changes whenever this store object changed a site, so caches in this process can drop what
   * they remember at once (other processes see a change within their cache's lifetime).
   */
  sitesVersion(): number;
}

export function toSite(row: SitesTable): Site {
  const site: Site = {
    id: row.id,
    key: row.key,
    name: row.name,
    origins: JSON.parse(row.origins) as string[],
    serverSide: Number(row.server_side) === 1,
    createdAt: Number(row.created_at),
  };
  if (row.previous_key) {
    site.previousKey = row.previous_key;
    site.previousKeyExpiresAt = Number(row.previous_key_expires_at);
  }
  if (row.deleted_at !== null && row.deleted_at !== undefined) site.deletedAt = Number(row.deleted_at);
  return site;
}

/** The site queries over a database; `changed` is called after every write (sitesVersion). */
export function siteStore(db: Kysely<Database>, guard: <T>(work: () => Promise<T>) => Promise<T>): SiteStore & { bump(): void } {
  let version = 0;
  const bump = () => void (version += 1);
  const byId = async (id: string, includeDeleting = false) => {
    let q = db.selectFrom('sites').selectAll().where('id', '=', id);
    if (!includeDeleting) q = q.where('deleted_at', 'is', null);
    const row = await q.executeTakeFirst();
    return row && toSite(row);
  };
  return {
    bump,
    sitesVersion: () => version,
    createSite: (site) =>
      guard(async () => {
        const row: SitesTable = {
          id: site.id,
          key: site.key,
          name: site.name,
          origins: JSON.stringify(site.origins),
          server_side: site.serverSide ? 1 : 0,
          created_at: site.createdAt ?? Date.now(),
        };
        await db.insertInto('sites').values(row).execute();
        bump();
        return toSite(row);
      }),

    listSites: (options = {}) =>
      guard(async () => {
        const q = db.selectFrom('sites').selectAll().where('deleted_at', options.deleting ? 'is not' : 'is', null);
        return (await q.orderBy('created_at').orderBy('id').execute()).map(toSite);
      }),

    siteById: (id, options = {}) => guard(() => byId(id, options.includeDeleting)),

    siteByKey: (key, now = Date.now()) =>
      guard(async () => {
        const row = await db
          .selectFrom('sites')
          .selectAll()
          .where('deleted_at', 'is', null)
          .where((w) => w.or([w('key', '=', key), w.and([w('previous_key', '=', key), w('previous_key_expires_at', '>', now)])]))
          .executeTakeFirst();
        return row && toSite(row);
      }),

    updateSite: (id, change) =>
      guard(async () => {
        const set: Partial<SitesTable> = {};
        if (change.name !== undefined) set.name = change.name;
        if (change.origins !== undefined) set.origins = JSON.stringify(change.origins);
        if (change.serverSide !== undefined) set.server_side = change.serverSide ? 1 : 0;
        if (Object.keys(set).length) await db.updateTable('sites').set(set).where('id', '=', id).where('deleted_at', 'is', null).execute();
        bump();
        return byId(id);
      }),

    rotateSiteKey: (id, { key, previousValidUntil }) =>
      guard(async () => {
        // Right-hand sides read the row as it was: the current key becomes the previous one.
        const r = await db
          .updateTable('sites')
          .set((e) => ({
            previous_key: previousValidUntil === null ? null : e.ref('key'),
            previous_key_expires_at: previousValidUntil,
            key,
          }))
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        bump();
        return Number(r.numUpdatedRows) ? byId(id) : undefined;
      }),
  };
}

/**
 * Inside the write transaction: the events of sites being deleted are dropped, so a deletion stops
 * a site's events at once in every process, whatever their caches still say.
 */
export async function dropDeletedSites(tx: WriteTx, events: StoredEvent[]): Promise<StoredEvent[]> {
  const ids = [...new Set(events.map((e) => e.siteId))];
  if (!ids.length) return events;
  const live = new Set(
    (await tx.all<{ id: string }>(`SELECT id FROM sites WHERE deleted_at IS NULL AND id IN (${ids.map(() => '?').join(', ')})`, ids)).map((r) => r.id),
  );
  return live.size === ids.length ? events : events.filter((e) => live.has(e.siteId));
}
