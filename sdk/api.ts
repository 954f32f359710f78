/**
 * The API both builds share. Calls made before `init` wait in a queue, like the tag's stub.
 * No call ever throws into the host page.
 */
import { createTracker, type Options, type Tracker } from './tracker.js';

type Call = [keyof Omit<Tracker, 'flush'>, ...unknown[]];

let tracker: Tracker | undefined;
let pending: Call[] = [];

/** Dispatches one API call by name; unknown names and failures are swallowed, never thrown. */
export function call(t: Tracker, [name, ...args]: Call | unknown[]): void {
  try {
    (t as unknown as Record<string, (...a: unknown[]) => void>)[name as string]!(...args);
  } catch {
    /* unknown names and failures alike: the host page must never see our errors */
  }
}

export function init(options: Options): Tracker | undefined {
  try {
    tracker = createTracker(options);
  } catch {
    return undefined;
  }
  const queued = pending;
  pending = [];
  for (const c of queued) call(tracker, c);
  return tracker;
}

const later =
  (name: Call[0]) =>
  (...args: unknown[]): void => {
    if (tracker) call(tracker, [name, ...args]);
    else pending.push([name, ...args]);
  };

export const page: () => void = later('page');
export const track: (name: string, props?: Record<string, unknown>) => void = later('track');
export const identify: (input: { email?: string; id?: string; traits?: Record<string, unknown> }) => void = later('identify');
export const consent: (granted: boolean) => void = later('consent');
export const optOut: () => void = later('optOut');
export const optIn: () => void = later('optIn');
