export { EVENT_TYPES, EventType, IncomingEvent, Envelope, LIMITS } from './event.js';
export { NewSiteRequest } from './site.js';
export { cleanText, httpUrl, Origin } from './text.js';
