import type { Context } from 'hono';
import { HttpError } from './errors.js';

/** Parses a request body as JSON, or throws the 400 that says it was not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
}

export const readJson = async (c: Context): Promise<unknown> => parseJson(await c.req.text());

const tooLarge = (max: number) => new HttpError(413, 'payload_too_large', `the body must be at most ${max} bytes`);

/**
 * The body as text, refused with a 413 past `max` bytes. A declared Content-Length (what
 * browsers send) is checked before anything is read, and the body is then read in one piece,
 * which on Node skips building a web stream for it; a chunked body is counted as it streams
 * and dropped as soon as it passes the limit.
 */
export async function readLimitedText(c: Context, max: number): Promise<string> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (!/^\d+$/.test(declared) || Number(declared) > max) throw tooLarge(max);
    const text = await c.req.text();
    if (Buffer.byteLength(text) > max) throw tooLarge(max);
    return text;
  }
  const body = c.req.raw.body;
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      void reader.cancel().catch(() => {});
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
