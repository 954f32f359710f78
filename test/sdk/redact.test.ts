import { describe, expect, it } from 'vitest';
import { redactEvent, redactUrl } from '../../sdk/redact.js';

const page = 'https://www.vendor.example/pricing';
/** The value of one query parameter after redaction. */
const after = (name: string, value = 's3cret-value') => new URL(redactUrl(`${page}?${name}=${value}&plan=team`)).searchParams.get(name);

describe('redactUrl: secret-named parameters', () => {
  it.each([
    'token', 'access_token', 'id_token', 'refresh_token', 'csrf_token', 'X-Amz-Security-Token',
    'secret', 'client_secret',
    'password', 'passwd', 'pass', 'pwd', 'user_password',
    'key', 'api_key', 'apikey', 'API_KEY',
    'sig', 'signature', 'X-Amz-Signature', 'X-Goog-Signature',
    'jwt', 'credential', 'credentials', 'X-Amz-Credential',
    'auth', 'code', 'state', 'otp',
    'session', 'session_id', 'PHPSESSID', 'jsessionid', 'sid',
    'email', 'work_email', 'e-mail', 'contact[email]', 'contact%5Bemail%5D', 'user%5Bpassword%5D',
  ])('%s has its value redacted', (name) => {
    const out = redactUrl(`${page}?${name}=s3cret-value&plan=team`);
    expect(out).not.toContain('s3cret-value');
    expect(out).toBe(`${page}?${name}=redacted&plan=team`);
  });

  it.each([
    'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id',
    'gclid', 'gbraid', 'wbraid', 'dclid', 'fbclid', 'msclkid', 'li_fat_id', 'ttclid', 'twclid', 'yclid', 'rdt_cid', 'mc_cid', 'sccid', 'epik', 'irclickid',
    'plan', 'q', 'page', 'lang', 'ref', 'author', 'keyword', 'tab', 'id',
  ])('%s is kept', (name) => {
    expect(after(name, 'kept-value')).toBe('kept-value');
  });
});

describe('redactUrl: e-mail addresses in values, whatever the name', () => {
  it.each([
    ['plain', 'utm_content', 'ana@corp.example'],
    ['percent-encoded', 'utm_term', 'ana%40corp.example'],
    ['encoded twice (a URL nested in another)', 'next', '%2Fwelcome%3Fuser%3Dana%2540corp.example'],
    ['inside a longer value', 'ref', 'newsletter-ana.lopez%2Bnews%40mail.corp.example-v2'],
    ['with a capital', 'who', 'Ana@Corp.Example'],
  ])('%s', (_, name, value) => {
    const out = redactUrl(`${page}?${name}=${value}&utm_source=newsletter`);
    expect(out).toBe(`${page}?${name}=redacted&utm_source=newsletter`);
  });

  it('leaves values with an @ but no address alone', () => {
    const url = `${page}?handle=@ana&v=pkg@1`;
    expect(redactUrl(url)).toBe(url);
  });
});

describe('redactUrl: fragment, user and password, nesting', () => {
  it('drops the fragment unless told to keep it', () => {
    expect(redactUrl(`${page}?plan=team#access_token=SECRET_B&state=xyz`)).toBe(`${page}?plan=team`);
    expect(redactUrl(`${page}#section`, true)).toBe(`${page}#section`);
  });

  it("keeps a kept fragment's pages, redacting its OAuth-style pairs", () => {
    expect(redactUrl(`${page}#access_token=SECRET_B&id_token=SECRET_C&token_type=bearer&expires_in=3600&state=s1`, true)).toBe(
      `${page}#access_token=redacted&id_token=redacted&token_type=redacted&expires_in=3600&state=redacted`,
    );
    expect(redactUrl('https://app.example/#/callback?code=SECRET_D&state=s1&tab=2', true)).toBe(
      'https://app.example/#/callback?code=redacted&state=redacted&tab=2',
    );
  });

  it('drops user and password', () => {
    expect(redactUrl('https://ana:hunter2@www.vendor.example/x?q=1')).toBe('https://www.vendor.example/x?q=1');
    expect(redactUrl('https://ana@www.vendor.example/')).toBe('https://www.vendor.example/');
  });

  it('redacts a secret in a URL nested unencoded in the query', () => {
    expect(redactUrl(`${page}?redirect=https://login.example/cb?token=SECRET_E&plan=team`)).toBe(
      `${page}?redirect=https://login.example/cb?token=redacted&plan=team`,
    );
  });

  it('keeps every parameter it does not redact, in its order and encoding', () => {
    const url = `${page}?q=a%20b&flag&plan=team+pro&utm_source=linkedin`;
    expect(redactUrl(url)).toBe(url);
  });

  it('changes nothing more when run twice', () => {
    const url = `https://u:p@www.vendor.example/a?token=x&email=ana%40corp.example&utm_term=ana@corp.example#access_token=y&state=z`;
    for (const keep of [false, true]) expect(redactUrl(redactUrl(url, keep), keep)).toBe(redactUrl(url, keep));
  });

  it('takes linear time: a long path segment or value is scanned once', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) redactUrl(`${page}/${'a'.repeat(4000)}?q=${'b'.repeat(4000)}`);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('applies the pair rules to text that is no absolute URL', () => {
    expect(redactUrl('/subscribe?token=x&list=weekly')).toBe('/subscribe?token=redacted&list=weekly');
    expect(redactUrl('signup')).toBe('signup');
  });
});

describe('redactEvent', () => {
  it('redacts every http(s) URL in an event, wherever it is, and leaves the caller’s objects alone', () => {
    const props = { href: `${page}?sig=SECRET_F`, action: `${page}?password=SECRET_G`, nested: { link: `${page}?api_key=SECRET_H` }, plan: 'team', n: 3 };
    const event = { id: 'e1', type: 'custom', url: `${page}?token=SECRET_A#x`, referrer: 'https://login.example/?code=SECRET_I', title: 'Pricing #1', props };
    const out = redactEvent(event);
    expect(out).toEqual({
      id: 'e1',
      type: 'custom',
      url: `${page}?token=redacted`,
      referrer: 'https://login.example/?code=redacted',
      title: 'Pricing #1',
      props: { href: `${page}?sig=redacted`, action: `${page}?password=redacted`, nested: { link: `${page}?api_key=redacted` }, plan: 'team', n: 3 },
    });
    expect(props.href).toBe(`${page}?sig=SECRET_F`);
    expect(event.url).toBe(`${page}?token=SECRET_A#x`);
  });

  it('keeps fragments when told to', () => {
    expect(redactEvent({ url: `${page}#/docs?token=t` }, true).url).toBe(`${page}#/docs?token=redacted`);
  });
});
