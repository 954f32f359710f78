/**
 * The frame of a one-off command over the store (`npm run backfill`, `npm run redact`): the
 * collector's own configuration from the environment, the store opened (and migrated) and always
 * closed, one line saying what was done, and an exit code a script can test (2: the
 * configuration is wrong; 1: the work failed).
 */
import { ConfigError, parseConfig, type Config } from './config.js';
import { describeStartError } from './main.js';
import { openStore, type Store } from './store/index.js';

export async function runStoreCommand(name: string, work: (store: Store, config: Config) => Promise<string>): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    console.error(`${name}: ${(err as Error).message}`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  try {
    const store = await openStore(config.database);
    console.log(`${name}: ${await work(store, config).finally(() => store.close())}`);
  } catch (err) {
    console.error(`${name}: ${describeStartError(err)}`);
    process.exit(1);
  }
}
