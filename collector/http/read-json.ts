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
