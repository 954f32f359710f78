// @vitest-environment happy-dom
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTracker } from '../../sdk/tracker.js';
import { freshPage, recorder } from './setup.js';

const forms = () => import('../../sdk/forms-chunk.js');
let rec: ReturnType<typeof recorder>;

beforeEach(() => {
  freshPage('https://www.vendor.example/contact');
  rec = recorder();
  createTracker({ site: 'k', endpoint: 'https://c.example/v1/events', transport: rec.transport, batchMs: 0, loaders: { forms } });
});

const submit = (html: string) => {
  document.body.innerHTML = html;
  const form = document.querySelector('form')!;
  // The page's own handler stops the navigation and would post by fetch.
  form.addEventListener('submit', (e) => e.preventDefault());
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
};
const formEvent = async () => {
  await expect.poll(() => rec.events().find((e) => e.type == 'form')).toBeTruthy();
  return rec.events().find((e) => e.type == 'form')!;
};

describe('form fills', () => {
  it('send field names, the email domain and hash, job title and company — no other value', async () => {
    submit(`<form id="demo-request" action="/api/demo?token=t">
      <input name="email" type="email" value="  Ana.Lopez@Pfizer.com ">
      <input name="password" type="password" value="Hunter2-secret">
      <input name="phone" type="tel" value="+1 555 0100">
      <textarea name="message">please call me</textarea>
      <input name="job_title" value="VP Finance">
      <input name="company" value="Pfizer">
      <input name="card" autocomplete="cc-number" value="4111111111111111">
      <input name="note" data-abm-ignore value="ignored">
      <button type="submit" name="go">Send</button>
    </form>`);
    const event = await formEvent();
    expect(event.props).toEqual({
      form_id: 'demo-request',
      action: 'https://www.vendor.example/api/demo?token=redacted',
      fields: ['email', 'phone', 'message', 'job_title', 'company'],
      email_domain: 'pfizer.com',
      email_hash: createHash('sha256').update('ana.lopez@pfizer.com').digest('hex'),
      job_title: 'VP Finance',
      company: 'Pfizer',
    });
    // The card number in full: a random id may hold four of its digits, never ten.
    const wire = JSON.stringify(rec.calls);
    for (const secret of ['Ana.Lopez', 'ana.lopez', 'Hunter2', '555 0100', 'please call me', '4111111111', 'ignored']) {
      expect(wire).not.toContain(secret);
    }
    expect(rec.calls.at(-1)?.beacon).toBe(true);
  });

  it('recognise fields by autocomplete hints and email-like names', async () => {
    submit(`<form name="newsletter">
      <input name="f1" autocomplete="organization-title" value="Chief Financial Officer">
      <input name="f2" autocomplete="organization" value="Acme GmbH">
      <input name="work_e-mail" value="cfo@acme.de">
    </form>`);
    expect((await formEvent()).props).toMatchObject({ form_id: 'newsletter', job_title: 'Chief Financial Officer', company: 'Acme GmbH', email_domain: 'acme.de' });
  });

  it('skip forms marked data-abm-ignore', async () => {
    submit('<div data-abm-ignore><form id="login"><input name="user" value="x"></form></div>');
    await new Promise((r) => setTimeout(r, 30));
    expect(rec.events().filter((e) => e.type == 'form')).toHaveLength(0);
  });
});

describe('identify', () => {
  it('sends the id, traits and the email only as domain and hash', async () => {
    const t = createTracker({ site: 'k', endpoint: 'https://c.example/v1/events', transport: rec.transport, batchMs: 0, auto: false, loaders: { forms } });
    t.identify({ email: 'Sam@Example.org', id: 'crm-42', traits: { plan: 'trial' } });
    await expect.poll(() => rec.events().find((e) => e.type == 'identify')).toBeTruthy();
    expect(rec.events().find((e) => e.type == 'identify')?.props).toEqual({
      user_id: 'crm-42',
      traits: { plan: 'trial' },
      email_domain: 'example.org',
      email_hash: createHash('sha256').update('sam@example.org').digest('hex'),
    });
    expect(JSON.stringify(rec.calls)).not.toContain('Sam@');
  });
});
