/**
 * The ESM build, for sites that bundle their own code:
 *   import { init, track } from 'open-abm/sdk';
 *   init({ site: 'KEY', endpoint: 'https://abm.example.com/v1/events' });
 * The vitals and retry-queue chunks are split out by the site's bundler and loaded on demand.
 */
import { init as initCore } from './api.js';
import type { Options, Tracker } from './tracker.js';

export { page, track, identify, consent, optOut, optIn } from './api.js';
export type { Options, Tracker } from './tracker.js';
export type { WireEvent, Envelope, EventType, Transport } from './wire.js';

export const init = (options: Options): Tracker | undefined =>
  initCore({
    loaders: { vitals: () => import('./vitals-chunk.js'), queue: () => import('./queue-chunk.js'), forms: () => import('./forms-chunk.js') },
    ...options,
  });
