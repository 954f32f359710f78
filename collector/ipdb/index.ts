/**
 * The ipdb room: MMDB files read through `maxmind`, the bundled open ASN data compiled by the
 * project's own writer, account ranges, and what kind of network an address is in. Nothing is
 * opened at import time; main.ts opens the files and hands the sources over.
 */
export { BoundedCache } from './bounded-cache.js';
export { openIpdb, ipdbFromBuffer, detectKind, factsOf, type IpdbSource, type IpdbKind, type IpFacts } from './source.js';
export { createResolver, creditsAccount, mayCreditTarget, type Resolution, type Resolver, type ResolverSources } from './resolve.js';
export { rangeTable, checkRange, type RangeEntry, type RangeTable } from './ranges.js';
export { ensureOpenAsn, openAsnSource, compileOpenAsn } from './open-asn.js';
export { MmdbWriter, type MmdbValue } from './mmdb-writer.js';
export type { NetworkClass } from './classify.js';
export { confirmedName, embedsAddress, genericReason, reverseNetwork, systemDns, type ConfirmedName, type DnsClient } from './reverse-dns.js';
export { reverseDnsQueue, type OfferOutcome, type ReverseDnsFound, type ReverseDnsOffer, type ReverseDnsQueue, type ReverseDnsQueueOptions } from './reverse-dns-queue.js';
