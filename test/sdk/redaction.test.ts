// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { createTracker, type Options } from '../../sdk/tracker.js';
import type { WireEvent } from '../../sdk/wire.js';
import { freshPage, recorder, tick } from './setup.js';

/**
 * Every event type the tag sends goes through the tracker's one redaction (sdk/redact.ts, in
 * emit): a page opened with secrets in its query and fragment, and every capture module made to
 * fire, must send none of them — whatever URL each module hands over.
 */
const SECRETS = ['SECRET_A', 'SECRET_B', 'SECRET_C', 'SECRET_D', 'SECRET_E', 'SECRET_F', 'SECRET_G', 'SECRET_H', 'SECRET_I', 'ana%40corp', 'ana@corp', 'ana%2540corp'];
const LANDING =
  'https://ana:SECRET_I@www.vendor.example/welcome?token=SECRET_A&email=ana%40corp.example&utm_source=newsletter&utm_content=ana%40corp.example&plan=team#access_token=SECRET_B&state=s1';
const CLEAN = 'https://www.vendor.example/welcome?token=redacted&email=redacted&utm_source=newsletter&utm_content=redacted&plan=team';

let rec: ReturnType<typeof recorder>;
/** What the vitals chunk gets from the tracker at start: the raw URL of the page load, which it sends as the event's url. */
const vitalsLoader: NonNullable<Options['loaders']>['vitals'] = async () => ({
  start: (ctx, url, view) => void ctx.emit('vitals', { url, props: { view, lcp: 1234, cls: 0.01 } }),
});
const tracker = (o: Partial<Options> = {}) =>
  createTracker({
    site: 'k',
    endpoint: 'https://collector.example/v1/events',
    transport: rec.transport,
    batchMs: 0,
    loaders: { forms: () => import('../../sdk/forms-chunk.js'), vitals: vitalsLoader },
    ...o,
  });

beforeEach(() => {
  freshPage(LANDING);
  Object.defineProperty(document, 'referrer', { value: 'https://login.example/callback?code=SECRET_C&next=%2Fhome', configurable: true });
  rec = recorder();
});

/** Fires every kind of event the tag sends, each carrying secrets in its URLs. */
async function fireEverything(t: ReturnType<typeof createTracker>) {
  await tick(5);
  window.dispatchEvent(new Event('load'));
  document.body.innerHTML = `
    <a id="file" href="/files/guide.pdf?sig=SECRET_D&amp;v=2">Guide</a>
    <a id="away" href="https://partner.example/x?api_key=SECRET_E&amp;ref=ana%40corp.example">Partner</a>
    <form id="news" action="/subscribe?token=SECRET_F"><input name="job_title" value="CTO"></form>`;
  for (const id of ['file', 'away']) {
    const a = document.getElementById(id)!;
    a.addEventListener('click', (e) => e.preventDefault());
    a.click();
  }
  const form = document.querySelector('form')!;
  form.addEventListener('submit', (e) => e.preventDefault());
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  t.identify({ id: 'u-1', email: 'someone@customer.example' });
  t.track('shared_link', { href: 'https://www.vendor.example/doc?password=SECRET_G', target: { url: 'https://x.example/?jwt=SECRET_H' } });
  await tick(30); // the vitals chunk starts at idle after load
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  // A single-page-app navigation: the view left becomes the next view's referrer.
  history.pushState({}, '', '/next?email=ana%40corp.example&tab=2');
  await expect.poll(() => rec.events().filter((e) => e.type == 'page_view').length).toBe(2);
  await expect.poll(() => new Set(rec.events().map((e) => e.type)).size).toBe(8);
}

const ofType = (type: string): WireEvent => rec.events().find((e) => e.type == type)!;

describe('redaction of every event the tag sends', () => {
  it('sends no secret and no address, from any event type', async () => {
    await fireEverything(tracker());
    const types = rec.events().map((e) => e.type);
    expect(new Set(types)).toEqual(new Set(['page_view', 'engagement', 'vitals', 'download', 'outbound', 'form', 'identify', 'custom']));
    const wire = JSON.stringify(rec.calls);
    for (const secret of SECRETS) expect(wire).not.toContain(secret);
    expect(wire).not.toContain('#');

    // The event URL of every type is the redacted landing (the page view and vitals measured it
    // at load, the others read it when fired).
    for (const e of rec.events()) {
      if (e.type == 'page_view' && e.url.includes('/next')) continue;
      expect(e.url, e.type).toBe(CLEAN);
    }
    const [first, next] = rec.events().filter((e) => e.type == 'page_view');
    expect(first?.referrer).toBe('https://login.example/callback?code=redacted&next=%2Fhome');
    expect(first?.props?.campaign).toEqual({ utm_source: 'newsletter', utm_content: 'redacted' });
    expect(next).toMatchObject({ url: 'https://www.vendor.example/next?email=redacted&tab=2', referrer: CLEAN });
    expect(ofType('download').props?.href).toBe('https://www.vendor.example/files/guide.pdf?sig=redacted&v=2');
    expect(ofType('outbound').props?.href).toBe('https://partner.example/x?api_key=redacted&ref=redacted');
    expect(ofType('form').props).toMatchObject({ form_id: 'news', action: 'https://www.vendor.example/subscribe?token=redacted', job_title: 'CTO' });
    expect(ofType('identify').props).toMatchObject({ user_id: 'u-1', email_domain: 'customer.example' });
    expect(ofType('custom').props).toEqual({
      href: 'https://www.vendor.example/doc?password=redacted',
      target: { url: 'https://x.example/?jwt=redacted' },
    });
    expect(ofType('vitals').props).toMatchObject({ view: first?.id, lcp: 1234 });
    expect(ofType('engagement').props?.view).toBe(first?.id);
  });

  it('keeps the fragment in hash mode, its OAuth-style pairs redacted', async () => {
    await fireEverything(tracker({ hash: true }));
    const wire = JSON.stringify(rec.calls);
    for (const secret of SECRETS) expect(wire).not.toContain(secret);
    expect(ofType('page_view').url).toBe(`${CLEAN}#access_token=redacted&state=redacted`);
    expect(ofType('vitals').url).toBe(`${CLEAN}#access_token=redacted&state=redacted`);
  });

  it('keeps a GET form’s address out of the next page’s URL, and out of the stored session campaign', async () => {
    freshPage('https://www.vendor.example/thanks?work_email=ana.lopez%40corp.example&contact%5Bemail%5D=ana%40corp.example&utm_term=ana%40corp.example&user%5Bpassword%5D=SECRET_A');
    tracker();
    await tick(5);
    expect(ofType('page_view').url).toBe(
      'https://www.vendor.example/thanks?work_email=redacted&contact%5Bemail%5D=redacted&utm_term=redacted&user%5Bpassword%5D=redacted',
    );
    expect(localStorage.getItem('abm_s')).not.toContain('corp');
    expect(JSON.stringify(rec.calls)).not.toMatch(/corp|SECRET/);
  });

  it('does not change the objects the page passed to track', async () => {
    const t = tracker({ auto: false });
    const props = { href: 'https://www.vendor.example/?token=SECRET_A' };
    t.track('x', props);
    await tick(5);
    expect(props.href).toBe('https://www.vendor.example/?token=SECRET_A');
    expect(rec.events()[0]?.props).toEqual({ href: 'https://www.vendor.example/?token=redacted' });
  });
});
