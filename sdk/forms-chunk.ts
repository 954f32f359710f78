/**
 * Loaded when a visitor first focuses a form field, submits a form or the page calls identify
 * (dist/sdk/s-forms.js). Reads a submitted form: field names only; of values, the email's
 * domain and a SHA-256 of the normalised address, job title and company. Password and card
 * fields are never read, not even by name; `data-abm-ignore` opts a form or a field out.
 */
import type { Ctx } from './context.js';

/** Never read, not even by name: passwords, cards, bank and social security numbers; and buttons. */
const SKIP = /pass|cc-|card|cvv|cvc|iban|ssn|secur|button|submit|reset/;

/** Hex SHA-256 of a string, where the browser offers it (secure contexts). */
const sha256 = (text: string): Promise<string | undefined> =>
  crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(text))
    .then((b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join(''))
    .catch(() => undefined);

/** Email → domain and SHA-256 of the normalised address, added to props; the address itself never. */
export async function addEmail(props: Record<string, unknown>, email: string | undefined): Promise<void> {
  const e = (email || '').trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(e)) return;
  props.email_domain = e.split('@')[1];
  const hash = await sha256(e);
  if (hash) props.email_hash = hash;
}

export async function captureForm(ctx: Ctx, form: HTMLFormElement): Promise<void> {
  if (form.closest('[data-abm-ignore]')) return;
  const fields: string[] = [];
  const props: Record<string, unknown> = {
    form_id: form.getAttribute('id') || form.getAttribute('name') || '',
    // Resolved here, redacted with every URL in the tracker's emit; read as an attribute, since a
    // field named "action" hides form.action.
    action: new URL(form.getAttribute('action') || '', location.href).href,
    fields,
  };
  let email: string | undefined;
  for (const el of Array.from(form.elements) as HTMLInputElement[]) {
    const name = el.name;
    const hint = `${name} ${el.id} ${el.autocomplete} ${el.type}`.toLowerCase();
    if (!name || el.hasAttribute('data-abm-ignore') || SKIP.test(hint)) continue;
    if (!fields.includes(name)) fields.push(name);
    const raw = (el.value || '').trim();
    const value = raw.slice(0, 100);
    if (!value || /checkbox|radio|file/.test(el.type)) continue;
    if (/e-?mail/.test(hint)) email ??= raw;
    else if (/job|title|role|position/.test(hint)) props.job_title = value;
    else if (/company|organi[sz]ation|employer/.test(hint)) props.company = value;
  }
  await addEmail(props, email);
  ctx.emit('form', { props });
  ctx.flush(true);
}

export async function identify(ctx: Ctx, input: { email?: string; id?: string; traits?: Record<string, unknown> }): Promise<void> {
  const props: Record<string, unknown> = {};
  if (input.id) props.user_id = String(input.id).slice(0, 128);
  if (input.traits) props.traits = input.traits;
  await addEmail(props, input.email);
  ctx.emit('identify', { props });
}
