import { describe, expect, it } from 'vitest';
import { CLICK_IDS } from '../../collector/attribution/click-ids.js';
import { defaultSteps, redactIncoming, redactProps, redactStep, redactText, redactUrlOnArrival } from '../../collector/enrich/index.js';
import type { Draft } from '../../collector/enrich/index.js';
import { ORIGIN, pageView, testApp } from '../helpers.js';

const json = async (res: Response) => (await res.json()) as any;
const page = `${ORIGIN}/pricing`;

describe('redactUrlOnArrival: the tag’s rules, and more', () => {
  it('applies the tag’s rules: secret names, addresses in values, user and password, fragment pairs', () => {
    expect(redactUrlOnArrival(`https://ana:pw@www.vendor.example/pricing?token=SECRET_A&utm_content=ana%40corp.example&plan=team#access_token=SECRET_B&state=s`)).toBe(
      `${page}?token=redacted&utm_content=redacted&plan=team#access_token=redacted&state=redacted`,
    );
  });

  it('keeps a fragment that is a page (a data-hash site)', () => {
    expect(redactUrlOnArrival(`${ORIGIN}/#/docs/setup`)).toBe(`${ORIGIN}/#/docs/setup`);
  });

  it.each(['SAMLResponse', 'oauth', 'assertion', 'code_verifier', 'oauth_verifier', 'nonce', 'ticket', 'card_number', 'cvv', 'iban', 'phone', 'hmac'])(
    'redacts %s, which the tag leaves to it',
    (name) => expect(redactUrlOnArrival(`${page}?${name}=s3cret&plan=team`)).toBe(`${page}?${name}=redacted&plan=team`),
  );

  it('keeps campaign parameters and click ids', () => {
    const names = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id', ...Object.keys(CLICK_IDS)];
    const url = `${page}?${names.map((n, i) => `${n}=v${i}`).join('&')}`;
    expect(redactUrlOnArrival(url)).toBe(url);
  });

  it('redacts e-mail addresses anywhere: a path segment, a parameter name, the fragment', () => {
    expect(redactUrlOnArrival(`${ORIGIN}/users/ana.lopez@corp.example/profile?tab=1`)).toBe(`${ORIGIN}/users/redacted/profile?tab=1`);
    expect(redactUrlOnArrival(`${ORIGIN}/u/ana%40corp.example`)).toBe(`${ORIGIN}/u/redacted`);
    expect(redactUrlOnArrival(`${page}?ana%40corp.example`)).toBe(`${page}?redacted`);
    expect(redactUrlOnArrival(`${ORIGIN}/#/invite/ana@corp.example`)).toBe(`${ORIGIN}/#/invite/redacted`);
  });

  it('leaves what only looks like an address alone', () => {
    for (const url of [`${ORIGIN}/npm/pkg@1.2.3/index.js`, `${ORIGIN}/@vendor/blog`, `${page}?handle=@ana`]) expect(redactUrlOnArrival(url)).toBe(url);
  });

  it('redacts JSON Web Tokens wherever they are (magic links and password resets put them in the path)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2lnbmF0dXJl';
    expect(redactUrlOnArrival(`${ORIGIN}/reset/${jwt}`)).toBe(`${ORIGIN}/reset/redacted`);
    expect(redactUrlOnArrival(`${ORIGIN}/cb#${jwt}`)).toBe(`${ORIGIN}/cb#redacted`);
  });

  it('redacts secrets in a URL nested percent-encoded in a parameter, keeping the rest of it', () => {
    const out = redactUrlOnArrival(`${ORIGIN}/login?next=%2Fapp%3Ftoken%3DSECRET_C%26tab%3D2&plan=team`);
    expect(out).not.toContain('SECRET_C');
    expect(decodeURIComponent(new URL(out).searchParams.get('next')!)).toBe('/app?token=redacted&tab=2');
    expect(new URL(out).searchParams.get('plan')).toBe('team');
    const plain = `${ORIGIN}/login?next=%2Fapp%3Ftab%3D2`;
    expect(redactUrlOnArrival(plain)).toBe(plain);
  });

  it('changes nothing more when run twice, and costs linear time on hostile input', () => {
    const url = `https://u:p@www.vendor.example/u/ana@corp.example?token=x&next=%2Fa%3Fsig%3Dy&utm_term=ana%2540corp.example#id_token=z`;
    expect(redactUrlOnArrival(redactUrlOnArrival(url))).toBe(redactUrlOnArrival(url));
    const started = performance.now();
    redactUrlOnArrival(`${ORIGIN}/${'a'.repeat(4000)}@`);
    redactUrlOnArrival(`${page}?x=${'%25'.repeat(1300)}40`);
    redactText(`${'a.'.repeat(4000)}@`);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('redactText and redactProps', () => {
  it('replaces e-mail addresses in text and leaves the rest', () => {
    expect(redactText('Welcome back, ana.lopez+news@corp.example! (ana%40corp.example)')).toBe('Welcome back, redacted! (redacted)');
    expect(redactText('Pricing — plans @ 20% off')).toBe('Pricing — plans @ 20% off');
  });

  it('redacts URLs as URLs and other strings for addresses, at any depth, keeping listed keys', () => {
    const props = {
      href: `${page}?api_key=SECRET_D`,
      campaign: { utm_content: 'ana@corp.example', utm_source: 'newsletter' },
      company: 'ana@corp.example',
      traits: { contacts: ['bo@corp.example', 'x'] },
      email_domain: 'corp.example',
      n: 3,
      owner: 'rep@vendor.example',
    };
    expect(redactProps(props, new Set(['owner']))).toEqual({
      href: `${page}?api_key=redacted`,
      campaign: { utm_content: 'redacted', utm_source: 'newsletter' },
      company: 'redacted',
      traits: { contacts: ['redacted', 'x'] },
      email_domain: 'corp.example',
      n: 3,
      owner: 'rep@vendor.example',
    });
    expect(props.href).toContain('SECRET_D');
  });
});

describe('the redaction step', () => {
  const draft = (event: Record<string, unknown>): Draft =>
    ({ siteId: 's', siteHosts: [], event, receivedAt: 0, userAgent: null, rawIp: null, ip: null, bot: false, warnings: [] }) as unknown as Draft;

  it('redacts url, referrer, title, name and props', () => {
    const e = redactIncoming({
      id: 'e1234567',
      type: 'custom',
      ts: 1,
      name: 'sent to ana@corp.example',
      url: `${page}?password=SECRET_E`,
      referrer: `https://mail.example/?email=ana%40corp.example`,
      title: 'Hello ana@corp.example',
      props: { action: `${page}?token=SECRET_F` },
    });
    expect(e).toMatchObject({
      name: 'sent to redacted',
      url: `${page}?password=redacted`,
      referrer: 'https://mail.example/?email=redacted',
      title: 'Hello redacted',
      props: { action: `${page}?token=redacted` },
    });
  });

  it('comes first, so the campaign and channel steps never see an address', () => {
    const steps = defaultSteps();
    expect(steps[0]).toBe(redactStep);
    let d = draft({ id: 'e1234567', type: 'page_view', ts: 1, url: `${page}?utm_source=newsletter&utm_medium=email&utm_content=ana%40corp.example` });
    for (const step of steps) {
      const r = step(d);
      if (!r.ok) throw new Error(r.reason);
      d = r.draft;
    }
    expect(d.campaign).toMatchObject({ source: 'newsletter', content: 'redacted' });
    expect(d.touch?.channel).toBe('Email');
  });
});

describe('POST /v1/events from a sender that does not redact', () => {
  it('stores no secret and no address, and shows none through /api/events (JSON and CSV) or the session', async () => {
    const t = await testApp();
    const secrets = ['SECRET_G', 'SECRET_H', 'SECRET_I', 'SECRET_J', 'ana%40corp', 'ana@corp'];
    const view = pageView({
      session: 'sdk-session-9',
      url: `${ORIGIN}/welcome?token=SECRET_G&utm_source=newsletter&utm_medium=email&utm_content=ana%40corp.example#access_token=SECRET_H`,
      referrer: 'https://login.example/cb?code=SECRET_I',
      title: 'Welcome ana@corp.example',
    });
    const download = pageView({ id: `${view.id}-d`, type: 'download', session: 'sdk-session-9', url: view.url, props: { href: `${ORIGIN}/a.pdf?X-Amz-Signature=SECRET_J`, text: 'A' } });
    const res = await t.send({ site: t.site.key, events: [view, download] });
    expect(await json(res)).toMatchObject({ accepted: 2 });

    const stored = await t.store.newestEvents({ limit: 10 });
    const sessions = await t.store.listSessions({ limit: 5 });
    const api = await (await t.admin('/api/events?limit=10')).text();
    const csv = await (await t.admin('/api/events?limit=10&format=csv')).text();
    for (const where of [JSON.stringify(stored), JSON.stringify(sessions), api, csv]) {
      for (const secret of secrets) expect(where).not.toContain(secret);
    }
    expect(stored.find((e) => e.type === 'page_view')).toMatchObject({
      url: `${ORIGIN}/welcome?token=redacted&utm_source=newsletter&utm_medium=email&utm_content=redacted#access_token=redacted`,
      title: 'Welcome redacted',
    });
    expect(sessions[0]?.campaign).toMatchObject({ source: 'newsletter', content: 'redacted' });
    expect(csv).toContain('token=redacted');
  });
});
