/**
 * Social networks and messengers people share links in. Work tools (Slack, Teams) are not here:
 * a referral from them is Referral. Mastodon's many instances are not listed.
 */
import type { Site } from './channel-rules.js';

export const SOCIAL_NETWORKS: readonly Site[] = [
  { names: ['linkedin'], hosts: ['linkedin.com', 'lnkd.in'] },
  { names: ['facebook', 'fb', 'meta'], hosts: ['facebook.com', 'fb.com', 'fb.me', 'messenger.com'] },
  { names: ['instagram', 'ig'], hosts: ['instagram.com'] },
  { names: ['x', 'twitter'], hosts: ['x.com', 'twitter.com', 't.co'] },
  { names: ['reddit'], hosts: ['reddit.com', 'redd.it'] },
  { names: ['pinterest'], hosts: ['pinterest.*', 'pin.it'] },
  { names: ['tiktok'], hosts: ['tiktok.com'] },
  { names: ['threads'], hosts: ['threads.net', 'threads.com'] },
  { names: ['bluesky', 'bsky'], hosts: ['bsky.app'] },
  { names: ['xing'], hosts: ['xing.com'] },
  { names: ['vk', 'vkontakte'], hosts: ['vk.com'] },
  { names: ['weibo'], hosts: ['weibo.com', 'weibo.cn'] },
  { names: ['quora'], hosts: ['quora.com'] },
  { names: ['tumblr'], hosts: ['tumblr.com'] },
  { names: ['snapchat'], hosts: ['snapchat.com'] },
  { names: ['whatsapp'], hosts: ['whatsapp.com', 'wa.me'] },
  { names: ['telegram'], hosts: ['telegram.org', 't.me'] },
  { names: ['discord'], hosts: ['discord.com', 'discord.gg'] },
  { names: ['line'], hosts: ['line.me'] },
  { names: ['hacker news', 'hackernews'], hosts: ['news.ycombinator.com'] },
];
