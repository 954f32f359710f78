import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The installed folder of an npm package, found from its resolved entry point. */
export function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      // no package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the installed folder of ${name}`);
    dir = parent;
  }
}

/** The version of an installed npm package. */
export function installedVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Reads a file of an installed npm package. */
export function readPackageFile(name: string, file: string): Promise<string> {
  return readFile(path.join(packageDir(name), file), 'utf8');
}
