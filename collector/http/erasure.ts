import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { VisitorId } from '../schema/index.js';
import type { Store } from '../store/index.js';
import { HttpError } from './errors.js';
import { readJson } from './read-json.js';

export const ErasureSubject = z.union([
  // The collector's own rule for visitor ids: whatever it stores, it can erase.
  z.object({ visitor: VisitorId }).strict(),
  z.object({ email_hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the lower-cased address, in hex') }).strict(),
  z.object({ email: z.string().max(320).trim().toLowerCase().pipe(z.email()) }).strict(),
]);

/**
 * `POST /api/erasure` `{visitor}` | `{email_hash}` | `{email}`: a data subject's request. Deletes
 * everything stored for them and says what it removed. An email is hashed here the way the SDK
 * hashes it (trimmed, lower-cased, SHA-256) and never stored.
 */
export function erasureRoutes(store: Store): Hono {
  const app = new Hono();
  app.post('/api/erasure', async (c) => {
    const parsed = ErasureSubject.safeParse(await readJson(c));
    if (!parsed.success) {
      throw new HttpError(400, 'invalid_subject', 'send {"visitor": ID} (1 to 64 letters, digits, "-" or "_", as the Events API takes it), {"email_hash": SHA256_HEX} or {"email": ADDRESS}');
    }
    const s = parsed.data;
    const subject =
      'visitor' in s
        ? { visitor: s.visitor }
        : { emailHash: 'email_hash' in s ? s.email_hash : createHash('sha256').update(s.email).digest('hex') };
    const report = await store.erase(subject);
    return c.json({ erased: report });
  });
  return app;
}

