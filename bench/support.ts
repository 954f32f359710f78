/** Small pieces several benchmarks share. */
import { createServer } from 'node:net';
import { mulberry32 as uniform } from '../demo-site/simulator/random.js';

export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

/** Where the PostgreSQL benchmarks run: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else this machine's server. */
export const postgresUrl = () => process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || defaultPostgresUrl;

/** Where PostgreSQL is, without the password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}

/** A driver error in one line: its code and message. */
export function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string } | null;
  return [e?.code, e?.message].filter(Boolean).join(': ') || String(error);
}

/** mulberry32 (the demo simulator's) as uniform 32-bit integers, so every run draws the same data. */
export function mulberry32(seed: number): () => number {
  const next = uniform(seed);
  return () => next() * 4294967296;
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
