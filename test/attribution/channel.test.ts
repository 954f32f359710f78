import { describe, expect, it } from 'vitest';
import { CHANNELS, channelOf, type Channel, type Touch, type TouchInput } from '../../collector/attribution/channel.js';
import { CLICK_IDS } from '../../collector/attribution/click-ids.js';
import { CLICK_ID_SOURCES } from '../../collector/attribution/tables/click-id-sources.js';
import { CHANNEL_RULES } from '../../collector/attribution/tables/channel-rules.js';

const SITE = ['vendor.com'];

function touch(over: Partial<TouchInput> = {}): Touch {
  return channelOf({
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    clickId: null,
    referrer: null,
    siteHosts: SITE,
    ...over,
  });
}

const utm = (utmSource: string | null, utmMedium: string | null, utmCampaign: string | null = null) =>
  touch({ utmSource, utmMedium, utmCampaign });
const ref = (referrer: string | null, siteHosts: readonly string[] = SITE) => touch({ referrer, siteHosts });

describe('every channel is reachable', () => {
  const cases: [Channel, Touch][] = [
    ['Direct', touch()],
    ['Organic Search', ref('https://www.google.co.uk/')],
    ['Paid Search', touch({ clickId: 'gclid' })],
    ['Organic Social', ref('https://www.linkedin.com/feed/')],
    ['Paid Social', utm('linkedin', 'paid_social')],
    ['Email', utm('newsletter', 'email')],
    ['Display', utm('adroll', 'display')],
    ['Affiliates', utm('partnerstack', 'affiliate')],
    ['Referral', ref('https://news.example.org/article/42')],
    ['Organic Video', ref('https://www.youtube.com/watch?v=abc')],
    ['Paid Video', utm('youtube', 'cpv')],
    ['Paid Other', utm('capterra', 'cpc')],
    ['Organic Shopping', ref('https://www.amazon.co.uk/dp/B000')],
    ['Paid Shopping', utm('google', 'cpc', 'Shopping - EU feed')],
    ['Cross-network', utm('google', 'cpc', 'pmax-cross-network-q3')],
    ['SMS', utm('sms', 'text')],
    ['Audio', utm('spotify', 'audio')],
    ['Mobile Push Notifications', utm('onesignal', 'web-push')],
    ['Unassigned', utm('partner-x', 'qr-code')],
  ];
  it.each(cases)('%s', (channel, t) => expect(t.channel).toBe(channel));
  it('covers the whole list, and the rules name every channel but the fallback', () => {
    expect(new Set(cases.map(([c]) => c))).toEqual(new Set(CHANNELS));
    expect(CHANNEL_RULES.map((r) => r.channel).sort()).toEqual(CHANNELS.filter((c) => c !== 'Unassigned').sort());
  });
});

describe('UTM parameters, in GA4 order', () => {
  it.each([
    ['google', 'cpc', null, 'Paid Search'],
    ['bing', 'ppc', null, 'Paid Search'],
    ['google', 'cpm', null, 'Paid Search'], // paid search before Display
    ['adnetwork', 'cpm', null, 'Display'], // Display before Paid Other
    ['adnetwork', 'banner', null, 'Display'],
    ['linkedin', 'paid_social', null, 'Paid Social'],
    ['facebook', 'paid', null, 'Paid Social'],
    ['fb', 'retargeting', null, 'Paid Social'],
    ['linkedin', 'social', null, 'Organic Social'],
    ['newsletter', 'social-media', null, 'Organic Social'],
    ['unknown', 'cpc', null, 'Paid Other'],
    ['unknown', 'display', null, 'Display'],
    ['google', 'cpc', 'brand-cross-network', 'Cross-network'],
    ['newsletter', 'email', 'spring-shop', 'Organic Shopping'], // shopping campaign beats Email
    ['newsletter', 'email', 'eshop-launch', 'Organic Shopping'],
    ['newsletter', 'email', 'workshop-invite', 'Email'], // "workshop" is no shopping campaign
    ['newsletter', 'email', null, 'Email'],
    ['hubspot', 'e-mail', null, 'Email'],
    ['email', 'blast', null, 'Email'],
    ['amazon', 'ppc', null, 'Paid Shopping'],
    ['vimeo', 'paid-video', null, 'Paid Video'],
    ['webinar', 'video', null, 'Organic Video'],
    ['google', 'organic', null, 'Organic Search'],
    ['somewhere', 'organic', null, 'Organic Search'],
    ['partner', 'referral', null, 'Referral'],
    ['partner', 'link', null, 'Referral'],
    ['twilio', 'sms', null, 'SMS'],
    ['firebase', 'inapp', null, 'Mobile Push Notifications'],
    ['app', 'mobile-banner', null, 'Mobile Push Notifications'],
    ['app', 'notification', null, 'Mobile Push Notifications'],
    ['(direct)', '(none)', null, 'Direct'],
  ] as const)('%s / %s / %s → %s', (s, m, c, channel) => expect(utm(s, m, c).channel).toBe(channel));

  it('lower-cases and trims source and medium, keeps the campaign as written', () => {
    expect(utm(' Google ', 'CPC', ' Brand EU ')).toEqual({
      channel: 'Paid Search',
      source: 'google',
      medium: 'cpc',
      campaign: 'Brand EU',
    });
    expect(utm('LinkedIn', 'Paid_Social').channel).toBe('Paid Social');
    expect(utm('Google', 'CPC', 'Cross-Network').channel).toBe('Cross-network');
  });

  it('UTM wins over referrer and click id', () => {
    expect(touch({ utmSource: 'newsletter', utmMedium: 'email', referrer: 'https://www.google.com/' })).toMatchObject({
      channel: 'Email',
      source: 'newsletter',
      medium: 'email',
    });
    expect(touch({ utmSource: 'linkedin', utmMedium: 'paid_social', clickId: 'gclid' }).channel).toBe('Paid Social');
  });

  it('fills a missing UTM half from the click id, then the referrer, else (not set)', () => {
    expect(touch({ utmMedium: 'paid', clickId: 'fbclid' })).toMatchObject({ channel: 'Paid Social', source: 'facebook', medium: 'paid' });
    expect(touch({ utmSource: 'google', clickId: 'gclid' })).toMatchObject({ source: 'google', medium: 'cpc' });
    expect(touch({ utmSource: 'linkedin', referrer: 'https://www.linkedin.com/' })).toMatchObject({
      channel: 'Organic Social',
      medium: 'referral',
    });
    expect(utm('newsletter', null)).toMatchObject({ channel: 'Unassigned', source: 'newsletter', medium: '(not set)' });
    expect(utm(null, 'email')).toMatchObject({ channel: 'Email', source: '(not set)', medium: 'email' });
  });

  it('treats blank UTM values as absent', () => {
    expect(touch({ utmSource: '  ', utmMedium: '', utmCampaign: ' ' })).toEqual({
      channel: 'Direct',
      source: '(direct)',
      medium: '(none)',
      campaign: null,
    });
  });
});

describe('click ids without UTM', () => {
  it.each([
    ['gclid', 'Paid Search', 'google', 'cpc'],
    ['gbraid', 'Paid Search', 'google', 'cpc'],
    ['wbraid', 'Paid Search', 'google', 'cpc'],
    ['dclid', 'Display', 'google', 'display'],
    ['msclkid', 'Paid Search', 'bing', 'cpc'],
    ['li_fat_id', 'Paid Social', 'linkedin', 'cpc'],
    ['ttclid', 'Paid Social', 'tiktok', 'cpc'],
    ['twclid', 'Paid Social', 'x', 'cpc'],
    ['fbclid', 'Organic Social', 'facebook', 'referral'],
    ['mc_cid', 'Email', 'mailchimp', 'email'],
    ['irclickid', 'Affiliates', 'impact', 'affiliate'],
    ['MSCLKID', 'Paid Search', 'bing', 'cpc'],
  ] as const)('%s → %s (%s / %s)', (clickId, channel, source, medium) => {
    expect(touch({ clickId })).toEqual({ channel, source, medium, campaign: null });
  });

  it('a click id wins over the referrer; fbclid with a facebook referrer is organic social', () => {
    expect(touch({ clickId: 'gclid', referrer: 'https://www.google.com/' }).channel).toBe('Paid Search');
    expect(touch({ clickId: 'fbclid', referrer: 'https://l.facebook.com/' })).toMatchObject({
      channel: 'Organic Social',
      source: 'facebook',
    });
    expect(touch({ clickId: 'fbclid', utmSource: 'facebook', utmMedium: 'paid' }).channel).toBe('Paid Social');
  });

  it('an unknown click id falls through to the referrer', () => {
    expect(touch({ clickId: 'constructor', referrer: 'https://www.bing.com/' })).toMatchObject({ source: 'bing', medium: 'organic' });
    expect(touch({ clickId: 'nope' }).channel).toBe('Direct');
  });

  it('every click id the campaign parser knows has a source and medium', () => {
    expect(Object.keys(CLICK_ID_SOURCES).sort()).toEqual(Object.keys(CLICK_IDS).sort());
  });
});

describe('referrers without UTM or click id', () => {
  it.each([
    ['https://www.google.co.uk/', 'google'],
    ['https://www.google.com/search?q=abm', 'google'],
    ['https://google.de/', 'google'],
    ['https://www.google.com.au/', 'google'],
    ['https://www.bing.com/search?q=x', 'bing'],
    ['https://duckduckgo.com/', 'duckduckgo'],
    ['https://search.yahoo.com/', 'yahoo'],
    ['https://search.yahoo.co.jp/', 'yahoo'],
    ['https://www.baidu.com/', 'baidu'],
    ['https://yandex.ru/', 'yandex'],
    ['https://www.ecosia.org/', 'ecosia'],
    ['https://search.brave.com/', 'brave'],
    ['https://www.so.com/', 'so.com'],
  ])('%s → Organic Search, source %s / organic', (referrer, source) => {
    expect(ref(referrer)).toEqual({ channel: 'Organic Search', source, medium: 'organic', campaign: null });
  });

  it.each([
    ['https://www.linkedin.com/feed/', 'Organic Social', 'linkedin.com'],
    ['https://lnkd.in/abc', 'Organic Social', 'lnkd.in'],
    ['https://l.facebook.com/l.php', 'Organic Social', 'l.facebook.com'],
    ['https://t.co/xyz', 'Organic Social', 't.co'],
    ['https://old.reddit.com/r/x', 'Organic Social', 'old.reddit.com'],
    ['https://news.ycombinator.com/item?id=1', 'Organic Social', 'news.ycombinator.com'],
    ['https://www.youtube.com/', 'Organic Video', 'youtube.com'],
    ['https://m.youtube.com/watch', 'Organic Video', 'm.youtube.com'],
    ['https://youtu.be/abc', 'Organic Video', 'youtu.be'],
    ['https://www.amazon.de/', 'Organic Shopping', 'amazon.de'],
    ['https://shopping.google.com/', 'Organic Shopping', 'shopping.google.com'], // more specific than google.*
    ['https://aws.amazon.com/marketplace', 'Referral', 'aws.amazon.com'],
    ['https://app.slack.com/', 'Referral', 'app.slack.com'],
    ['https://www.g2.com/products/x', 'Referral', 'g2.com'],
    ['https://news.google.com/', 'Referral', 'news.google.com'],
    ['https://docs.google.com/document/d/1', 'Referral', 'docs.google.com'],
    ['https://notgoogle.com/', 'Referral', 'notgoogle.com'],
    ['https://google.example.com/', 'Referral', 'google.example.com'],
    // AI assistants: Referral, each under its own host.
    ['https://chatgpt.com/', 'Referral', 'chatgpt.com'],
    ['https://www.perplexity.ai/', 'Referral', 'perplexity.ai'],
    ['https://gemini.google.com/app', 'Referral', 'gemini.google.com'],
    ['https://copilot.microsoft.com/', 'Referral', 'copilot.microsoft.com'],
  ])('%s → %s (%s)', (referrer, channel, source) => {
    expect(ref(referrer)).toMatchObject({ channel, source, medium: 'referral' });
  });

  it.each([
    ['https://mail.google.com/mail/u/0/', 'mail.google.com'],
    ['https://outlook.live.com/', 'outlook.live.com'],
    ['https://outlook.office.com/mail/', 'outlook.office.com'],
    ['https://mail.yahoo.com/', 'mail.yahoo.com'],
  ])('webmail %s → Email (%s / email), not search', (referrer, source) => {
    expect(ref(referrer)).toEqual({ channel: 'Email', source, medium: 'email', campaign: null });
  });

  it('case does not matter', () => {
    expect(ref('HTTPS://WWW.GOOGLE.CO.UK/')).toMatchObject({ channel: 'Organic Search', source: 'google' });
    expect(ref('https://www.LinkedIn.com/')).toMatchObject({ channel: 'Organic Social', source: 'linkedin.com' });
  });

  it('the site itself and its subdomains are Direct; look-alike hosts are not', () => {
    const direct = { channel: 'Direct', source: '(direct)', medium: '(none)' };
    expect(ref('https://vendor.com/pricing')).toMatchObject(direct);
    expect(ref('https://www.vendor.com/')).toMatchObject(direct);
    expect(ref('https://blog.vendor.com/post', ['www.vendor.com'])).toMatchObject(direct);
    expect(ref('https://app.vendor.com/', ['vendor.com', 'docs.vendor.io'])).toMatchObject(direct);
    expect(ref('http://VENDOR.com:8080/', ['https://vendor.com'])).toMatchObject(direct);
    expect(ref('https://notvendor.com/')).toMatchObject({ channel: 'Referral', source: 'notvendor.com' });
    expect(ref('https://vendor.com.evil.net/')).toMatchObject({ channel: 'Referral', source: 'vendor.com.evil.net' });
  });

  it.each([null, '', '   ', 'not a url', 'about:blank', 'android-app://com.google.android.gm/'])(
    'referrer %j is no referrer → Direct',
    (referrer) => {
      expect(ref(referrer)).toEqual({ channel: 'Direct', source: '(direct)', medium: '(none)', campaign: null });
    },
  );
});
