import type { NetworkClass } from '../classify.js';

/** MaxMind GeoIP2 `traits.user_type` values (Enterprise and Insights) and the class each means. */
export const USER_TYPES: ReadonlyMap<string, NetworkClass> = new Map<string, NetworkClass>([
  ['business', 'business'],
  ['cafe', 'isp'],
  ['cellular', 'mobile'],
  ['college', 'education'],
  ['school', 'education'],
  ['library', 'education'],
  ['consumer_privacy_network', 'anonymiser'],
  ['content_delivery_network', 'hosting'],
  ['hosting', 'hosting'],
  ['dialup', 'isp'],
  ['residential', 'isp'],
  ['government', 'government'],
  ['military', 'government'],
  ['router', 'isp'],
  ['search_engine_spider', 'hosting'],
  ['traveler', 'isp'],
]);

/** MaxMind GeoIP2 `connection_type` values (Connection-Type database) and the class each means. */
export const CONNECTION_TYPES: ReadonlyMap<string, NetworkClass> = new Map<string, NetworkClass>([
  ['Cellular', 'mobile'],
  ['Cable/DSL', 'isp'],
  ['Satellite', 'isp'],
  ['Corporate', 'business'],
  ['Dialup', 'isp'],
]);
