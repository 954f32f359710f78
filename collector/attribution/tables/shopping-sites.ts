/**
 * Marketplaces and shopping search. Shop-builder hosts (myshopify.com…) are single shops, not
 * marketplaces: not listed. AWS is carved out of Amazon.
 */
import type { Site } from './channel-rules.js';

export const SHOPPING_SITES: readonly Site[] = [
  { names: ['amazon'], hosts: ['amazon.*', 'amzn.to'], except: ['aws.amazon.com'] },
  { names: ['ebay'], hosts: ['ebay.*'] },
  { names: ['etsy'], hosts: ['etsy.com'] },
  { names: ['walmart'], hosts: ['walmart.com', 'walmart.ca'] },
  { names: ['aliexpress'], hosts: ['aliexpress.com', 'aliexpress.us', 'aliexpress.ru'] },
  { names: ['alibaba'], hosts: ['alibaba.com'] },
  { names: ['mercadolibre', 'mercado libre'], hosts: ['mercadolibre.*', 'mercadolivre.com.br'] },
  { names: ['rakuten'], hosts: ['rakuten.*'] },
  { names: ['google shopping', 'google-shopping'], hosts: ['shopping.google.*'] },
  { names: ['yahoo shopping'], hosts: ['shopping.yahoo.*'] },
  { names: ['igshopping'], hosts: [] },
];
