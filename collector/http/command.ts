import { CommandError } from '../commands/index.js';
import { HttpError } from './errors.js';

/** Runs a command (collector/commands); its refusal leaves as the API's error, with the command's status, code and message. */
export async function runCommand<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CommandError) throw new HttpError(err.status, err.code, err.message);
    throw err;
  }
}
