export { EVENT_TYPES, EventType, IncomingEvent, Envelope, LIMITS, VisitorId } from './event.js';
export { Timestamp, TS_FORMS, parseIsoTimestamp } from './timestamp.js';
export { KEY_GRACE_HOURS, KeyRotation, NewSiteRequest, SiteUpdate, newSiteKey, snippet } from './site.js';
export { Props, PROPS_LIMITS } from './props.js';
export { cleanText, httpUrl, Origin } from './text.js';
