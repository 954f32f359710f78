export { EVENT_TYPES, EventType, IncomingEvent, Envelope, LIMITS } from './event.js';
export { NewSiteRequest, newSiteKey, snippet } from './site.js';
export { Props, PROPS_LIMITS } from './props.js';
export { cleanText, httpUrl, Origin } from './text.js';
