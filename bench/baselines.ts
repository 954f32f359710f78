import path from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { minifyDefault, terserVersion } from './minify.js';
import { cachedTarball, readFromTarball } from './npm-tarball.js';
import { installedVersion, packageDir, readPackageFile } from './package-files.js';

/** A competitor's browser script, as it would be served to a site. */
export interface BaselineScript {
  /** Product and role, e.g. "Plausible". */
  product: string;
  /** npm package and version measured, e.g. "@plausible-analytics/tracker@0.4.6". */
  source: string;
  /** File inside the package. */
  file: string;
  /** How the measured bytes were obtained. */
  how: string;
  code: string;
}

/** Plausible's official tracker bundle, published minified (the npm build of its browser script). */
export async function plausible(): Promise<BaselineScript> {
  const name = '@plausible-analytics/tracker';
  return {
    product: 'Plausible',
    source: `${name}@${installedVersion(name)}`,
    file: 'plausible.js',
    how: 'as published',
    code: await readPackageFile(name, 'plausible.js'),
  };
}

/** Plausible's older npm tracker: tsc output only, so bundled with rollup and minified here. */
export async function plausibleLegacy(): Promise<BaselineScript> {
  const name = 'plausible-tracker';
  const file = 'build/module/index.js';
  const bundle = await rollup({
    input: path.join(packageDir(name), file),
    plugins: [nodeResolve()],
    onwarn: () => {},
  });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    const code = output[0].code;
    return {
      product: 'Plausible (legacy npm tracker)',
      source: `${name}@${installedVersion(name)}`,
      file: `${file} + lib/*.js`,
      how: `rollup + terser ${terserVersion} defaults`,
      code: await minifyDefault(code, true),
    };
  } finally {
    await bundle.close();
  }
}

/** The umami package is the whole app; it is fetched at bench time, not installed. */
export const umamiPin = {
  name: 'umami',
  version: '2.10.0',
  integrity:
    'sha512-+lmrnV0751R6U2rkIgVAlE1nWI7yZawlMlJDguW9tlFacCKhnGeCyc7tCMIhNNYIiGIQy4DEX5IzJhm4b3+dPA==',
} as const;

/** Umami's tracker source (built into its served script.js), minified here. */
export async function umami(): Promise<BaselineScript> {
  const { file: tarball } = await cachedTarball(umamiPin);
  const pkg = JSON.parse(await readFromTarball(tarball, 'package/package.json')) as { version: string };
  const file = 'src/tracker/index.js';
  const source = await readFromTarball(tarball, `package/${file}`);
  return {
    product: 'Umami',
    source: `${umamiPin.name}@${pkg.version}`,
    file,
    how: `terser ${terserVersion} defaults; npm pack at bench time`,
    code: await minifyDefault(source, false),
  };
}

/** Every baseline, in table order; the first is the one ratios are taken against. */
export const baselines: ReadonlyArray<() => Promise<BaselineScript>> = [plausible, plausibleLegacy, umami];
