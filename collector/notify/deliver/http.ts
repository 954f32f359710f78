import type { Delivery } from '../types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface PostOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Stands in for the global fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** True for an absolute http(s) URL: the only kind that becomes a link or a request. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The host (and port) of a URL, never its path, query or credentials: Slack webhook paths are secrets. */
export function hostOf(value: string): string {
  try {
    return new URL(value).host || 'unknown host';
  } catch {
    return 'invalid URL';
  }
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Node's network error codes, as a few words. Unknown codes stay codes: short, and searchable. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body timed out',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

export function describeNetworkError(error: unknown): string {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause instanceof Error; depth++) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code) return NETWORK_ERRORS[code] ?? code;
    cause = cause.cause;
  }
  return error instanceof Error ? error.message : 'network error';
}

/** The first bytes of a reply, as one clean line: Slack answers "invalid_payload", "no_service" … */
async function snippet(response: Response): Promise<string> {
  try {
    const reader = response.body?.getReader();
    if (!reader) return '';
    const { value } = await reader.read();
    await reader.cancel().catch(() => {});
    const text = new TextDecoder().decode(value?.subarray(0, 200) ?? new Uint8Array());
    return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 100);
  } catch {
    return '';
  }
}

/**
 * POSTs a body and turns the outcome into a Delivery: 2xx ok; 408, 429, 5xx and network errors
 * retryable; redirects (never followed: they could lead anywhere) and other 4xx are not.
 * Errors name the host only.
 */
export async function post(url: string, body: string, options: PostOptions = {}): Promise<Delivery> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!isHttpUrl(url)) return { ok: false, error: 'not an http(s) URL', retry: false };
  const host = hostOf(url);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      body,
      headers: options.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, error: `timeout after ${seconds(timeoutMs)} (${host})`, retry: true };
    return { ok: false, error: `${describeNetworkError(error)} (${host})`, retry: true };
  }
  const { status } = response;
  if (status >= 200 && status < 300) {
    await response.body?.cancel().catch(() => {});
    return { ok: true };
  }
  const detail = await snippet(response);
  const error = `HTTP ${status} from ${host}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}${detail ? `: ${detail}` : ''}`;
  return { ok: false, error, retry: status === 408 || status === 429 || status >= 500 };
}
