import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Origin } from './text.js';

const SiteName = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
const SiteOrigins = z.array(Origin).max(50, 'at most 50 origins');
/** Accept senders that send no Origin header: servers posting events, not browsers. */
const ServerSide = z.boolean();

export const NewSiteRequest = z.object({
  name: SiteName,
  origins: SiteOrigins.default([]),
  server_side: ServerSide.default(false),
});
export type NewSiteRequest = z.infer<typeof NewSiteRequest>;

/** `PATCH /api/sites/:id`: any of the fields `POST /api/sites` takes, checked the same way; a misspelt field is refused, not ignored. */
export const SiteUpdate = z
  .object({ name: SiteName, origins: SiteOrigins, server_side: ServerSide })
  .partial()
  .strict()
  .refine((u) => Object.keys(u).length > 0, 'send at least one of name, origins, server_side');
export type SiteUpdate = z.infer<typeof SiteUpdate>;

/** How long a rotated key keeps working, in hours: 24 unless said, at most 30 days. */
export const KEY_GRACE_HOURS = { default: 24, max: 720 } as const;

/** `POST /api/sites/:id/rotate-key`: how long the old key keeps working (0: refused at once). */
export const KeyRotation = z
  .object({
    grace_hours: z
      .number()
      .min(0, 'must be 0 (the old key stops at once) or more')
      .max(KEY_GRACE_HOURS.max, `must be at most ${KEY_GRACE_HOURS.max} (30 days)`)
      .default(KEY_GRACE_HOURS.default),
  })
  .strict();
export type KeyRotation = z.infer<typeof KeyRotation>;

/** The tag a web team pastes; `publicUrl` is where browsers reach this collector. */
export const snippet = (publicUrl: string, key: string) => `<script async src="${publicUrl}/s.js" data-site="${key}"></script>`;

/** Site keys are public (they sit in every page), but unguessable so strangers cannot pollute data. */
export const newSiteKey = () => randomBytes(12).toString('base64url');
