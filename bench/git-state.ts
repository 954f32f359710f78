import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** "abc1234" or "abc1234 + uncommitted changes in sdk/" for the given paths; "unknown" outside git. */
export async function describeSource(paths: string[]): Promise<string> {
  try {
    const head = (await run('git', ['rev-parse', '--short', 'HEAD'])).stdout.trim();
    const dirty = (await run('git', ['status', '--porcelain', '--', ...paths])).stdout.trim();
    return dirty ? `${head} + uncommitted changes in ${paths.join(', ')}` : head;
  } catch {
    return 'unknown';
  }
}
