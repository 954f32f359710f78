import type { Context } from 'hono';
import { qs } from './format.js';

/** What a form's redirect says happened: shown once, escaped, and cut. */
export interface FlashMessage {
  ok?: string | undefined;
  error?: string | undefined;
}

/** The flash a redirect carried in the query string. */
export const flashOf = (c: Context): FlashMessage => ({ ok: c.req.query('ok')?.slice(0, 300), error: c.req.query('error')?.slice(0, 300) });

/** Back to a page after a form, saying what happened (303: the browser GETs it), at an anchor if given. */
export const back = (c: Context, path: string, flash: FlashMessage, anchor?: string) => c.redirect(`${path}${qs({ ok: flash.ok, error: flash.error })}${anchor ? `#${anchor}` : ''}`, 303);
