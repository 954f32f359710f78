import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import { StoreUnavailableError } from '../store/index.js';

/** The one error of the HTTP room: a status, a stable machine code and a message saying what to fix. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

export type ErrorLogger = (err: unknown, c: Context) => void;

/** `app.onError`: every failure leaves as `{"error":{"code","message"}}`; only our own bugs are 500s. */
export const errorHandler =
  (log: ErrorLogger) =>
  (err: Error, c: Context): Response => {
    if (err instanceof HttpError) return c.json(errorBody(err.code, err.message), err.status);
    if (err instanceof StoreUnavailableError) {
      c.header('Retry-After', '5');
      return c.json(errorBody('store_unavailable', 'the store is unreachable; retry later'), 503);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(errorBody('bad_request', err.message || 'bad request'), err.status);
    }
    log(err, c);
    return c.json(errorBody('internal', 'internal error; it has been logged'), 500);
  };

export const notFound = (c: Context): Response =>
  c.json(errorBody('not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
