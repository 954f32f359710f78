import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../collector/store/index.js';
import {
  killCollector,
  postEvents,
  serverEvent,
  spawnCollector,
  stopCollector,
  waitHealthy,
  type CollectorProcess,
  type IngestReply,
} from '../process-helpers.js';

/**
 * A 202 means committed: the real collector (a child process on the embedded SQLite store) is
 * SIGKILLed while eight senders stream batches at it. After a restart on the same file, every
 * event whose batch was acknowledged is there exactly once, and resending it is a duplicate.
 */
const dir = mkdtempSync(join(tmpdir(), 'abm-crash-'));
const dbPath = join(dir, 'abm.db');
const databaseUrl = `sqlite:${dbPath}`;
const SENDERS = 8;
const BATCH = 10;
const STREAM_MS = 1500;

let first: CollectorProcess | undefined;
let second: CollectorProcess | undefined;

afterAll(async () => {
  await killCollector(first);
  await killCollector(second);
  rmSync(dir, { recursive: true, force: true });
});

const until = async (what: string, ok: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** The site's stored events, read straight from the file. */
function readEvents(siteId: string) {
  const db = new SQLite(dbPath, { readonly: true });
  try {
    const rows = db.prepare('select id, count(*) as n from events where site_id = ? group by id').all(siteId) as { id: string; n: number }[];
    const total = (q: string) => (db.prepare(q).get(siteId) as { n: number | null }).n ?? 0;
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      ids: new Set(rows.map((r) => r.id)),
      twice: rows.filter((r) => r.n !== 1),
      sessionEvents: total('select sum(events) as n from sessions where site_id = ?'),
      visitorEvents: total('select sum(events) as n from visitors where site_id = ?'),
    };
  } finally {
    db.close();
  }
}

describe('collector killed mid-stream (SQLite)', () => {
  it('keeps every acknowledged event exactly once and answers a resend with duplicates', async () => {
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    const site = await store.createSite({ id: randomUUID(), key: `crash${randomUUID().slice(0, 8)}`, name: 'Crash', origins: [], serverSide: true });
    await store.close();

    first = await spawnCollector(databaseUrl);
    await waitHealthy(first);
    const target = first.url;

    const sentIds = new Set<string>();
    const acked: { events: Record<string, unknown>[]; reply: IngestReply }[] = [];
    const unexpected: IngestReply[] = [];
    let failed = 0;
    let inFlight = 0;
    let stop = false;

    const sender = async (s: number) => {
      for (let n = 0; !stop; n += 1) {
        const ts = Date.now();
        const events = Array.from({ length: BATCH }, (_, i) => serverEvent(`crash-${s}-${n}-${i}`, `visitor-${s}`, `session-${s}`, ts + i));
        for (const e of events) sentIds.add(e.id as string);
        inFlight += 1;
        try {
          const reply = await postEvents(target, site.key, events);
          const b = reply.body;
          if (reply.status === 202 && (b?.accepted ?? 0) + (b?.duplicates ?? 0) === BATCH) acked.push({ events, reply });
          else unexpected.push(reply);
        } catch {
          // The connection died with the process: not acknowledged, may or may not be stored.
          failed += 1;
        } finally {
          inFlight -= 1;
        }
      }
    };

    const started = Date.now();
    const loops = Array.from({ length: SENDERS }, (_, s) => sender(s));
    // Stream for STREAM_MS (and at least a few acknowledged batches), then kill with requests in flight.
    // (A bad reply or a dropped connection before the kill ends the stream early, to be reported below.)
    const broken = () => unexpected.length > 0 || failed > 0;
    await until('the stream to run', () => (Date.now() - started >= STREAM_MS && acked.length >= SENDERS) || broken(), 10_000);
    await until('a request in flight', () => inFlight > 0 || broken(), 5000);
    const inFlightAtKill = inFlight;
    const failedBeforeKill = failed;
    stop = true;
    first.child.kill('SIGKILL');
    await Promise.all(loops);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    expect(unexpected, 'every reply is a 202 for the whole batch').toEqual([]);
    expect(failedBeforeKill, 'no connection failed before the kill').toBe(0);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThanOrEqual(SENDERS);
    const ackedIds = acked.flatMap((a) => a.events.map((e) => e.id as string));
    expect(new Set(ackedIds).size).toBe(ackedIds.length);

    second = await spawnCollector(databaseUrl);
    await waitHealthy(second);

    // What the restarted collector found, read beside it (WAL lets a reader in while it runs).
    const afterCrash = readEvents(site.id);
    expect(afterCrash.integrity).toBe('ok');
    expect(afterCrash.twice, 'no event is stored twice').toEqual([]);
    expect(ackedIds.filter((id) => !afterCrash.ids.has(id)), 'acknowledged events missing after the crash').toEqual([]);
    expect([...afterCrash.ids].filter((id) => !sentIds.has(id))).toEqual([]);
    expect(afterCrash.ids.size).toBeGreaterThanOrEqual(ackedIds.length);
    expect(afterCrash.ids.size).toBeLessThanOrEqual(sentIds.size);
    // The events, their sessions and their visitors were committed together or not at all.
    expect(afterCrash.sessionEvents).toBe(afterCrash.ids.size);
    expect(afterCrash.visitorEvents).toBe(afterCrash.ids.size);

    // Resends of acknowledged batches, the last ones (nearest the kill) among them, are duplicates.
    const resend = [...new Set([0, Math.floor(acked.length / 2), ...acked.slice(-4).map((_, i) => acked.length - 1 - i)])];
    for (const i of resend) {
      const reply = await postEvents(second.url, site.key, acked[i]!.events);
      expect(reply).toEqual({ status: 202, body: { accepted: 0, duplicates: BATCH, rejected: [] } });
    }
    // And the restarted collector takes new events.
    const fresh = Array.from({ length: BATCH }, (_, i) => serverEvent(`after-restart-${i}`, 'visitor-after', 'session-after', Date.now() + i));
    expect(await postEvents(second.url, site.key, fresh)).toEqual({ status: 202, body: { accepted: BATCH, duplicates: 0, rejected: [] } });

    await stopCollector(second);

    // After a clean stop: the same events plus the fresh batch, each once; the resends added nothing.
    const final = readEvents(site.id);
    expect(final.integrity).toBe('ok');
    expect(final.twice).toEqual([]);
    expect(final.ids).toEqual(new Set([...afterCrash.ids, ...fresh.map((e) => e.id as string)]));
    expect(final.sessionEvents).toBe(final.ids.size);
    expect(final.visitorEvents).toBe(final.ids.size);

    console.info(
      `crash test: ${sentIds.size} events sent in ${acked.length + failed + unexpected.length} batches, ${ackedIds.length} acknowledged, ` +
        `${failed} batches cut by the kill (${inFlightAtKill} in flight), ${afterCrash.ids.size - ackedIds.length} unacknowledged events stored anyway`,
    );
  }, 30_000);
});
