import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where fetched tarballs are kept between bench runs. */
export const tarballCacheDir = path.join(os.tmpdir(), 'open-abm-bench', 'npm');

export interface PinnedTarball {
  name: string;
  version: string;
  /** The registry's dist.integrity (sha512-…) for name@version. */
  integrity: string;
}

export interface CachedTarball {
  file: string;
  /** True when it was fetched by this call, false when it came from the cache. */
  fetched: boolean;
}

function integrityOf(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

async function matches(file: string, integrity: string): Promise<boolean> {
  return existsSync(file) && integrityOf(await readFile(file)) === integrity;
}

/**
 * Returns the path of name@version's tarball under os.tmpdir(), running `npm pack` on the first
 * call. The bytes are checked against the pinned integrity, from the cache and after a fetch.
 */
export async function cachedTarball(pin: PinnedTarball): Promise<CachedTarball> {
  const base = `${pin.name.replace(/^@/, '').replace('/', '-')}-${pin.version}.tgz`;
  const file = path.join(tarballCacheDir, base);
  if (await matches(file, pin.integrity)) return { file, fetched: false };

  const scratch = path.join(tarballCacheDir, `.pack-${process.pid}`);
  await mkdir(scratch, { recursive: true });
  try {
    const spec = `${pin.name}@${pin.version}`;
    try {
      await run('npm', ['pack', spec, '--pack-destination', scratch], { cwd: scratch });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '');
      const reason = stderr.split('\n').find((line) => line.startsWith('npm error')) ?? (error as Error).message;
      throw new Error(`npm pack ${spec} failed and ${tarballCacheDir} has no copy: ${reason}`);
    }
    await rename(path.join(scratch, base), file);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (!(await matches(file, pin.integrity))) {
    throw new Error(`${pin.name}@${pin.version}: tarball does not match integrity ${pin.integrity}`);
  }
  return { file, fetched: true };
}

/** Reads one file (path inside the tarball, e.g. "package/package.json") from a .tgz. */
export async function readFromTarball(tarball: string, entry: string): Promise<string> {
  const { stdout } = await run('tar', ['-xzOf', tarball, entry], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
