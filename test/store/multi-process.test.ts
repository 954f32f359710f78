import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgresStore } from '../../collector/store/index.js';
import {
  CHILD_ADMIN_TOKEN,
  postEvents,
  serverEvent,
  spawnCollector,
  stopCollector,
  waitHealthy,
  type CollectorProcess,
  type IngestReply,
} from '../process-helpers.js';

/**
 * Two collector processes on one PostgreSQL database, as behind a load balancer: they migrate
 * it at the same moment, then take the same batches at the same time (a client's resend reaching
 * the other node). Every event is stored once, and exactly one reply counts it as accepted.
 * Runs when TEST_DATABASE_URL is set (`.ci/run` sets it); each run gets a database of its own.
 */
const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.warn('multi-process test: TEST_DATABASE_URL is not set; skipped (two collectors on one PostgreSQL database are not tested in this run)');
if (!pgUrl && process.env.CI === 'true') throw new Error('TEST_DATABASE_URL must be set under CI=true');

const dbName = `abm_mp_${process.pid}_${Date.now()}`;
const BATCH = 10;
const SHARED = 60; // batches sent to both processes at once
const SOLO = SHARED / 3; // batches sent to one process
const OVERLAP = SHARED / 3; // half an earlier shared batch (a resend) plus half new events, to one process
const WORKERS = 6;

const dbUrl = () => {
  const u = new URL(pgUrl!);
  u.pathname = `/${dbName}`;
  return u.toString();
};

const admin = async <T>(work: (client: pg.Client) => Promise<T>, url = pgUrl!): Promise<T> => {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

describe.skipIf(!pgUrl)('two collector processes on one PostgreSQL database', () => {
  let created = false;
  let a: CollectorProcess | undefined;
  let b: CollectorProcess | undefined;

  beforeAll(async () => {
    await admin((c) => c.query(`create database ${dbName}`));
    created = true;
  });

  afterAll(async () => {
    await Promise.all([stopCollector(a), stopCollector(b)]);
    if (created) await admin((c) => c.query(`drop database if exists ${dbName} with (force)`));
  });

  it('migrate together, and store each event once when both take the same batch at once', async () => {
    // Started in the same tick: both run the migrations against an empty database.
    const [pa, pb] = await Promise.all([
      spawnCollector(dbUrl()).then((p) => {
        a = p;
        return p;
      }),
      spawnCollector(dbUrl()).then((p) => {
        b = p;
        return p;
      }),
    ]);
    await Promise.all([waitHealthy(pa), waitHealthy(pb)]);

    // Nothing left to migrate: the two processes between them applied every migration.
    const check = openPostgresStore(dbUrl(), { max: 1 });
    try {
      expect(await check.migrate()).toEqual([]);
    } finally {
      await check.close();
    }

    // A server-side site, created through one process, seen by the other.
    const res = await fetch(`${pa.url}/api/sites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CHILD_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Multi', origins: [], server_side: true }),
    });
    expect(res.status).toBe(201);
    const site = (await res.json()) as { id: string; key: string };
    const listed = await fetch(`${pb.url}/api/sites`, { headers: { authorization: `Bearer ${CHILD_ADMIN_TOKEN}` } });
    expect(((await listed.json()) as { sites: { key: string }[] }).sites.map((s) => s.key)).toContain(site.key);

    // Browser-like batches: one visitor and session each, five visitors shared by all batches.
    const t0 = Date.now();
    const batch = (ids: string[], k: number) => ids.map((id, i) => serverEvent(id, `visitor-${k % 5}`, `session-${k % 5}`, t0 + k * 100 + i));
    const newIds = (prefix: string) => Array.from({ length: BATCH }, (_, i) => `${prefix}-${i}`);
    const shared = Array.from({ length: SHARED }, (_, k) => batch(newIds(`shared-${k}`), k));
    type Job = { kind: 'shared' | 'solo' | 'overlap'; events: Record<string, unknown>[]; to: CollectorProcess[]; resent?: boolean };
    const jobs: Job[] = [];
    const sharedJobs: Job[] = [];
    for (let k = 0; k < SHARED; k += 1) {
      const job: Job = { kind: 'shared', events: shared[k]!, to: [pa, pb] };
      jobs.push(job);
      sharedJobs.push(job);
      if (k % 3 === 0) {
        const j = SHARED + k;
        jobs.push({ kind: 'solo', events: batch(newIds(`solo-${k}`), j), to: [k % 2 ? pa : pb] });
      }
      if (k % 3 === 2) {
        // The second half of the previous shared batch (a resend, maybe in flight with it) and five new events.
        const old = shared[k - 1]!.slice(BATCH / 2);
        const last = old.at(-1)!.ts as number;
        const fresh = newIds(`overlap-${k}`).slice(0, BATCH / 2).map((id, i) => serverEvent(id, `visitor-${(k - 1) % 5}`, `session-${(k - 1) % 5}`, last + 1 + i));
        sharedJobs[k - 1]!.resent = true;
        jobs.push({ kind: 'overlap', events: [...old, ...fresh], to: [k % 2 ? pb : pa] });
      }
    }
    expect(jobs.map((j) => j.kind).sort()).toEqual([
      ...Array<string>(OVERLAP).fill('overlap'),
      ...Array<string>(SHARED).fill('shared'),
      ...Array<string>(SOLO).fill('solo'),
    ]);
    const distinct = new Set(jobs.flatMap((j) => j.events.map((e) => e.id as string)));

    const replies: { job: Job; to: CollectorProcess; reply: IngestReply }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const got = await Promise.all(job.to.map(async (to) => ({ job, to, reply: await postEvents(to.url, site.key, job.events) })));
        replies.push(...got);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const elapsed = Date.now() - started;

    const bad = replies.filter(({ reply }) => reply.status !== 202 || (reply.body?.rejected?.length ?? 0) > 0);
    expect(bad.map(({ to, reply }) => ({ port: to.port, ...reply })), 'every request answered 202 with nothing rejected').toEqual([]);
    for (const { reply } of replies) expect((reply.body?.accepted ?? 0) + (reply.body?.duplicates ?? 0)).toBe(BATCH);
    const accepted = replies.reduce((n, { reply }) => n + (reply.body?.accepted ?? 0), 0);
    expect(accepted, 'each distinct event accepted by exactly one reply').toBe(distinct.size);
    // Each shared batch: the two nodes' replies split its events, never both counting one
    // (a batch half resent by an overlapping job may have lost those events to that job).
    const pairs = sharedJobs.map((job) => replies.filter((r) => r.job === job));
    for (const [i, pair] of pairs.entries()) {
      expect(pair).toHaveLength(2);
      const sum = pair.reduce((n, r) => n + (r.reply.body?.accepted ?? 0), 0);
      if (sharedJobs[i]!.resent) expect(sum).toBeGreaterThanOrEqual(BATCH / 2);
      else expect(sum).toBe(BATCH);
    }
    // Both processes took part, and both saw the other's writes as duplicates.
    for (const p of [pa, pb]) {
      const mine = replies.filter((r) => r.to === p);
      expect(mine.some((r) => (r.reply.body?.accepted ?? 0) > 0)).toBe(true);
      expect(mine.some((r) => (r.reply.body?.duplicates ?? 0) > 0)).toBe(true);
    }

    // The database: each id once, exactly the ids sent; sessions and visitors count each event once.
    const db = await admin(async (c) => {
      const rows = (await c.query<{ id: string; n: string }>('select id, count(*) as n from events where site_id = $1 group by id', [site.id])).rows;
      const sum = async (table: string) =>
        Number((await c.query<{ n: string | null }>(`select sum(events) as n from ${table} where site_id = $1`, [site.id])).rows[0]?.n ?? 0);
      return { rows, sessionEvents: await sum('sessions'), visitorEvents: await sum('visitors') };
    }, dbUrl());
    expect(db.rows.filter((r) => Number(r.n) !== 1), 'no event stored twice').toEqual([]);
    expect(new Set(db.rows.map((r) => r.id))).toEqual(distinct);
    expect(db.sessionEvents).toBe(distinct.size);
    expect(db.visitorEvents).toBe(distinct.size);

    const split = pairs.filter((p) => p.every((r) => (r.reply.body?.accepted ?? 0) > 0)).length;
    console.info(
      `multi-process test: ${replies.length} requests, ${distinct.size} distinct events in ${elapsed} ms; ` +
        `${pairs.length} batches sent to both nodes at once (${split} split between them)`,
    );

    await Promise.all([stopCollector(pa), stopCollector(pb)]);
    expect([(await pa.exited).code, (await pb.exited).code]).toEqual([0, 0]);
  }, 30_000);
});
