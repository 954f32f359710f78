import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Reader, type AsnResponse } from 'maxmind';
import { compileOpenAsn, openAsnSource } from '../collector/ipdb/open-asn.js';

export interface OpenAsnMeasurement {
  ms: number;
  bytes: number;
  ranges: number;
  peakRssMb: number;
}

/** Addresses with a known owner in the open ASN data, checked after the compile. */
export const knownAddresses: Array<{ ip: string; asn: number; organization: RegExp }> = [
  { ip: '1.0.0.1', asn: 13335, organization: /cloudflare/i },
  { ip: '::ffff:1.1.1.1', asn: 13335, organization: /cloudflare/i },
  { ip: '1.44.96.10', asn: 16509, organization: /amazon/i },
  { ip: '2001:4f8:2::1', asn: 16509, organization: /amazon/i },
  { ip: '2001:200:1ba::1', asn: 24047, organization: /internet systems consortium/i },
];

/** Compiles the installed @ip-location-db/asn into a temporary directory; checks known lookups; reports time, size and peak RSS. */
export async function measureOpenAsnCompile(): Promise<OpenAsnMeasurement> {
  const dir = await mkdtemp(join(tmpdir(), 'open-asn-bench-'));
  try {
    const out = join(dir, 'open-asn.mmdb');
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
    const report = await compileOpenAsn(openAsnSource(), out).finally(() => clearInterval(sampler));
    peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
    const reader = new Reader<AsnResponse>(await readFile(out));
    for (const known of knownAddresses) {
      const found = reader.get(known.ip);
      if (found?.autonomous_system_number !== known.asn || !known.organization.test(found.autonomous_system_organization ?? '')) {
        throw new Error(`${known.ip}: expected AS${known.asn}, got ${JSON.stringify(found)}`);
      }
    }
    return { ms: Math.round(report.ms), bytes: report.bytes, ranges: report.ranges, peakRssMb: Math.round(peak / 1048576) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measureOpenAsnCompile();
  console.log(JSON.stringify(result));
  console.log(
    `compiled ${result.ranges.toLocaleString('en-US')} ranges in ${(result.ms / 1000).toFixed(1)} s: ` +
      `${(result.bytes / 1048576).toFixed(1)} MB, peak RSS ${result.peakRssMb} MB; ${knownAddresses.length} known lookups right`,
  );
}
