// Builds the browser SDK:
//   dist/sdk/s.js          minified IIFE for the script tag (served by the collector at /s.js)
//   dist/sdk/esm/index.js  ESM build with type declarations, for sites that bundle their own code
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = (extra = {}) =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['sdk/**/*.ts'],
    compilerOptions: { noEmit: false, target: 'ES2020', ...extra },
  });

const minify = terser({
  ecma: 2020,
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
  mangle: { properties: false },
  format: { comments: false },
});

export default [
  {
    input: 'sdk/script.ts',
    output: { file: 'dist/sdk/s.js', format: 'iife', sourcemap: false },
    plugins: [resolve({ browser: true }), ts(), minify],
  },
  {
    input: 'sdk/index.ts',
    output: { dir: 'dist/sdk/esm', format: 'es', sourcemap: true },
    plugins: [resolve({ browser: true }), ts({ declaration: true, declarationDir: 'dist/sdk/esm', outDir: 'dist/sdk/esm' })],
  },
];
