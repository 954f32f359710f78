import type { z } from 'zod';

/**
 * Why a command refused: an HTTP status and a stable code for the API, the field it is about (as
 * the API names it, for a form to point at), what is wrong with it, and the whole message
 * (`field: problem`). The admin API answers `{"error": {"code", "message"}}`; the dashboard
 * shows the problem beside its own name for the field.
 */
export class CommandError extends Error {
  readonly problem: string;
  constructor(
    readonly status: 400 | 404 | 409 | 413,
    readonly code: string,
    problem: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${problem}` : problem);
    this.name = 'CommandError';
    this.problem = problem;
  }
}

/** The first problem zod found, as a CommandError naming the field (its path, `origins.0`). */
export function invalid(code: string, error: z.ZodError): CommandError {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return new CommandError(400, code, `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`);
  }
  const path = issue?.path.map(String).join('.');
  return new CommandError(400, code, issue?.message ?? 'invalid', path || undefined);
}
