// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../sdk/wire.js';

// happy-dom has no IndexedDB: the queue falls back to memory, the path private modes take.
const envelope = (n: number, from = 0): Envelope => ({
  site: 'k',
  events: Array.from({ length: n }, (_, i) => ({ id: `event-${from + i}`, type: 'custom', ts: 1, url: 'https://a.example/' })),
});

let q: typeof import('../../sdk/queue-chunk.js');
beforeEach(async () => {
  vi.resetModules();
  q = await import('../../sdk/queue-chunk.js');
});
afterEach(() => vi.useRealTimers());

describe('retry queue', () => {
  it('replays oldest first and calls done once empty', async () => {
    await q.save('https://c.example/v1/events', envelope(2, 0));
    await q.save('https://c.example/v1/events', envelope(1, 2));
    const sent: string[] = [];
    const done = vi.fn();
    q.replay(async (endpoint, body) => (sent.push(`${endpoint} ${JSON.parse(body).events.map((e: any) => e.id).join(',')}`), true), done);
    await vi.waitFor(() => expect(done).toHaveBeenCalledTimes(1));
    expect(sent).toEqual(['https://c.example/v1/events event-0,event-1', 'https://c.example/v1/events event-2']);
  });

  it('stops at a failure and retries later with backoff, sending each batch once', async () => {
    vi.useFakeTimers();
    await q.save('e', envelope(1));
    let online = false;
    const attempts: number[] = [];
    const done = vi.fn();
    q.replay(async () => (attempts.push(Date.now()), online), done);
    await vi.advanceTimersByTimeAsync(10);
    expect(attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2600);
    expect(attempts).toHaveLength(2);
    online = true;
    await vi.advanceTimersByTimeAsync(6000);
    expect(attempts).toHaveLength(3);
    expect(done).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(attempts).toHaveLength(3);
  });

  it('is bounded: past the cap the oldest events go, and are counted in the next delivery', async () => {
    await q.save('e', envelope(q.CAP - 10, 0));
    await q.save('e', envelope(25, 10_000));
    const bodies: Envelope[] = [];
    const done = vi.fn();
    q.replay(async (_, body) => (bodies.push(JSON.parse(body)), true), done);
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
    const ids = bodies.flatMap((b) => b.events.map((e) => e.id));
    expect(ids).toHaveLength(q.CAP);
    expect(ids[0]).toBe('event-15');
    expect(ids.at(-1)).toBe('event-10024');
    expect(bodies[0]?.dropped).toBe(15);
    expect(bodies[1]?.dropped).toBeUndefined();
  });
});
