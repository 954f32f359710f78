import { minify } from 'terser';
import { installedVersion } from './package-files.js';

/** The terser that minifies baselines shipped un-minified. */
export const terserVersion = installedVersion('terser');

/** Minifies with terser's defaults (compress + mangle); `module` for ES module input. */
export async function minifyDefault(code: string, module: boolean): Promise<string> {
  const result = await minify(code, { module });
  if (result.code === undefined) throw new Error('terser returned no code');
  return result.code;
}
