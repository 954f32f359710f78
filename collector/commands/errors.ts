import type { z } from 'zod';

/**
 * Why a command refused: an HTTP status and a stable code for the API, the field it is about (for
 * a form to point at), and a message that says what to fix. The admin API answers it as
 * `{"error": {"code", "message"}}`; the dashboard shows the message.
 */
export class CommandError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** The first problem zod found, as `field: what is wrong` (the field as the API names it). */
export function invalid(code: string, error: z.ZodError): CommandError {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : path;
  const message = issue?.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : issue?.message ?? 'invalid';
  return new CommandError(400, code, `${path ? `${path}: ` : ''}${message}`, field || undefined);
}
