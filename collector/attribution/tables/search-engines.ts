/**
 * Web search engines. A referral from one gets source = its first name and medium "organic".
 *
 * Decisions:
 * - Google products that are not a results page (News, Gemini, Docs…) are carved out and count as
 *   plain referrals; Gmail is carved out by the webmail list (the most specific host wins), as is
 *   Google Shopping by the shopping list.
 * - AI assistants (chatgpt.com, perplexity.ai, claude.ai, copilot.microsoft.com, gemini.google.com)
 *   are not search engines here: GA4's default group has no list for them, so they are Referral,
 *   each with its own host as source.
 */
import type { Site } from './channel-rules.js';

export interface SearchEngine extends Site {
  readonly names: readonly [string, ...string[]];
}

export const SEARCH_ENGINES: readonly SearchEngine[] = [
  {
    names: ['google'],
    hosts: ['google.*'],
    except: [
      'news.google.*', 'gemini.google.com', 'bard.google.com', 'docs.google.com', 'drive.google.com',
      'sites.google.com', 'groups.google.com', 'accounts.google.com', 'play.google.com',
      'support.google.com', 'cloud.google.com', 'developers.google.com', 'ads.google.com',
      'calendar.google.com', 'meet.google.com', 'classroom.google.com', 'chat.google.com',
    ],
  },
  { names: ['bing'], hosts: ['bing.com'] },
  { names: ['yahoo'], hosts: ['yahoo.*'], except: ['news.yahoo.*', 'finance.yahoo.*', 'sports.yahoo.*'] },
  { names: ['duckduckgo', 'ddg'], hosts: ['duckduckgo.com'] },
  { names: ['baidu'], hosts: ['baidu.com'] },
  { names: ['yandex'], hosts: ['yandex.*', 'ya.ru'] },
  { names: ['ecosia'], hosts: ['ecosia.org'] },
  { names: ['qwant'], hosts: ['qwant.com'] },
  { names: ['startpage'], hosts: ['startpage.com'] },
  { names: ['brave'], hosts: ['search.brave.com'] },
  { names: ['naver'], hosts: ['naver.com'], except: ['blog.naver.com', 'cafe.naver.com'] },
  { names: ['seznam'], hosts: ['seznam.cz'] },
  { names: ['sogou'], hosts: ['sogou.com'] },
  { names: ['so.com', '360'], hosts: ['so.com'] },
  { names: ['ask'], hosts: ['ask.com'] },
  { names: ['aol'], hosts: ['aol.com'] },
  { names: ['daum'], hosts: ['daum.net'] },
  { names: ['kagi'], hosts: ['kagi.com'] },
  { names: ['mojeek'], hosts: ['mojeek.com'] },
  { names: ['petal'], hosts: ['petalsearch.com'] },
  { names: ['coccoc'], hosts: ['coccoc.com'] },
];
