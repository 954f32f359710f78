/** Video sites and players. TikTok is a social network, as in GA4. */
import type { Site } from './channel-rules.js';

export const VIDEO_SITES: readonly Site[] = [
  { names: ['youtube', 'yt'], hosts: ['youtube.com', 'youtu.be', 'youtube-nocookie.com'] },
  { names: ['vimeo'], hosts: ['vimeo.com'] },
  { names: ['wistia'], hosts: ['wistia.com', 'wistia.net'] },
  { names: ['vidyard'], hosts: ['vidyard.com'] },
  { names: ['loom'], hosts: ['loom.com'] },
  { names: ['twitch'], hosts: ['twitch.tv'] },
  { names: ['dailymotion'], hosts: ['dailymotion.com', 'dai.ly'] },
  { names: ['bilibili'], hosts: ['bilibili.com'] },
  { names: ['youku'], hosts: ['youku.com'] },
  { names: ['rumble'], hosts: ['rumble.com'] },
];
