import { pageKey, type PageKey, type Store } from '../store/index.js';
import type { StoredEvent } from '../schema/domain.js';

/** How many of the newest arrivals the live view shows, and the most one poll returns. */
export const LIVE_LIMIT = 50;

/** Event types measured on every page (time on page, web vitals): hidden unless asked for, they would drown the rest. */
export const QUIET_TYPES = ['engagement', 'vitals'] as const;

/**
 * How far before the previous poll each poll looks again. An event is stamped with its receive
 * time before it is written, and a busy store can take a while to write it (group commit, a slow
 * disk): such an event turns up with a receive time before the previous poll. The browser drops
 * the ones it already shows, by id.
 */
export const LATE_WRITE_MS = 15_000;

export interface LiveQuery {
  siteId?: string | undefined;
  /** Show engagement and vitals too. */
  all: boolean;
  /** The `cursor` of the previous read: only what arrived since (and the late writes before it). */
  since?: number | undefined;
}

export interface LiveRead {
  /** Newest event time first (the event's `ts`), then id: the order the page keeps. */
  events: StoredEvent[];
  /** What the next poll passes as `since`: the moment this read began (the collector's clock). */
  cursor: number;
}

/** Newest event time first; equal times by id, so the page and the browser sort alike. */
export const byEventTime = (a: StoredEvent, b: StoredEvent) => b.ts - a.ts || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The live view's events: the newest arrivals (by receive time, which an index serves and a
 * visitor's wrong clock cannot pin to the top), shown in the order they happened. An event that
 * arrives late (a queue flushed on the next page, a slow network) is among the newest arrivals
 * and takes its place by its own time, not at the top.
 */
export async function liveEvents(store: Pick<Store, 'newestEvents' | 'pageTitles'>, now: () => number, q: LiveQuery): Promise<LiveRead> {
  const cursor = now();
  const events = await store.newestEvents({
    limit: LIVE_LIMIT,
    ...(q.siteId && { siteId: q.siteId }),
    ...(q.since !== undefined && { receivedSince: q.since - LATE_WRITE_MS }),
    ...(!q.all && { excludeTypes: QUIET_TYPES }),
  });
  return { events: (await withPageTitles(store, events)).sort(byEventTime), cursor };
}

/** Only page views carry a title: the others (a download, a form, time on page) take their page's from the visitor's own view of it. */
async function withPageTitles(store: Pick<Store, 'pageTitles'>, events: StoredEvent[]): Promise<StoredEvent[]> {
  const keyOf = (e: StoredEvent): PageKey | null => (e.title || !e.visitor ? null : { siteId: e.siteId, visitor: e.visitor, url: e.url });
  const keys = events.map(keyOf).filter((k): k is PageKey => k !== null);
  if (!keys.length) return events;
  const titles = await store.pageTitles(keys);
  return events.map((e) => {
    const k = keyOf(e);
    const title = k ? titles.get(pageKey(k)) : undefined;
    return title ? { ...e, title } : e;
  });
}
