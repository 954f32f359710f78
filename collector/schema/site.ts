import { z } from 'zod';
import { Origin } from './text.js';

export const NewSiteRequest = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  origins: z.array(Origin).max(50).default([]),
  /** Accept senders that send no Origin header: servers posting events, not browsers. */
  server_side: z.boolean().default(false),
});
export type NewSiteRequest = z.infer<typeof NewSiteRequest>;
