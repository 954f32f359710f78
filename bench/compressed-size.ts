import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Sizes {
  /** Bytes as given (minified). */
  raw: number;
  /** Bytes after gzip, zlib level 9. */
  gzip: number;
  /** Bytes after brotli, quality 11. */
  brotli: number;
}

/** Measures a script the way a CDN would serve it: raw, gzip -9 and brotli -q 11. */
export function measureSizes(code: string | Uint8Array): Sizes {
  const bytes = typeof code === 'string' ? Buffer.from(code, 'utf8') : Buffer.from(code);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}
