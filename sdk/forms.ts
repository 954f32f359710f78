import { safe, type Ctx } from './context.js';
import type { Loaders } from './wire.js';

/**
 * Form fills, on submit — also when the page's own handler calls preventDefault and posts by
 * fetch (this listener runs first, in the capture phase). The reading is done by the forms
 * chunk, fetched as soon as a visitor focuses a field, so it is there by the time they submit.
 */
export function captureForms(ctx: Ctx, load: NonNullable<Loaders['forms']>): void {
  const preload = safe((e: Event) => (e.target as HTMLInputElement).form && load());
  addEventListener('focusin', preload, true);
  addEventListener(
    'submit',
    safe((e: Event) => load().then((m) => m.captureForm(ctx, e.target as HTMLFormElement))),
    true,
  );
}
