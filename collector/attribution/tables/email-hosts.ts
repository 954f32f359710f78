/**
 * Webmail hosts. A referral from one is an email click: source = the host, medium "email"
 * (channel Email). Listing them also keeps mail.google.com or mail.yahoo.com from counting as search.
 */
import type { Site } from './channel-rules.js';

export const EMAIL_HOSTS: readonly Site[] = [
  { names: ['gmail'], hosts: ['mail.google.com', 'inbox.google.com'] },
  {
    names: ['outlook', 'hotmail'],
    hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft'],
  },
  { names: ['yahoo mail'], hosts: ['mail.yahoo.*'] },
  { names: ['aol mail'], hosts: ['mail.aol.com'] },
  { names: ['proton mail', 'protonmail'], hosts: ['mail.proton.me', 'mail.protonmail.com'] },
  { names: ['zoho mail'], hosts: ['mail.zoho.*'] },
  { names: ['yandex mail'], hosts: ['mail.yandex.*'] },
  { names: ['mail.ru'], hosts: ['e.mail.ru'] },
  { names: ['fastmail'], hosts: ['fastmail.com'] },
  { names: ['gmx'], hosts: ['gmx.*'] },
  { names: ['tuta', 'tutanota'], hosts: ['app.tuta.com', 'mail.tutanota.com'] },
  { names: ['naver mail'], hosts: ['mail.naver.com'] },
  { names: ['daum mail'], hosts: ['mail.daum.net'] },
  { names: ['seznam email'], hosts: ['email.seznam.cz'] },
  { names: ['qq mail'], hosts: ['mail.qq.com'] },
  { names: ['163 mail'], hosts: ['mail.163.com'] },
];
