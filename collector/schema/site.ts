import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Origin } from './text.js';

export const NewSiteRequest = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  origins: z.array(Origin).max(50).default([]),
  /** Accept senders that send no Origin header: servers posting events, not browsers. */
  server_side: z.boolean().default(false),
});
export type NewSiteRequest = z.infer<typeof NewSiteRequest>;

/** The tag a web team pastes; `publicUrl` is where browsers reach this collector. */
export const snippet = (publicUrl: string, key: string) => `<script async src="${publicUrl}/s.js" data-site="${key}"></script>`;

/** Site keys are public (they sit in every page), but unguessable so strangers cannot pollute data. */
export const newSiteKey = () => randomBytes(12).toString('base64url');
