// Builds the browser SDK:
//   dist/sdk/s.js          the tag's script: a minified IIFE, the only thing every page loads
//   dist/sdk/s-vitals.js   web-vitals, imported by s.js when the browser is idle after load
//   dist/sdk/s-queue.js    the IndexedDB retry queue, imported by s.js only when a send fails
//   dist/sdk/s-forms.js    form reading and email hashing, imported when a form is focused or submitted
//   dist/sdk/esm/          ESM build with type declarations, for sites that bundle their own code
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { rmSync } from 'node:fs';

// Start clean: a renamed or removed chunk must not linger in dist/sdk and be served.
rmSync('dist/sdk', { recursive: true, force: true });

const ts = (extra = {}) =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['sdk/**/*.ts'],
    compilerOptions: { noEmit: false, target: 'ES2020', ...extra },
  });

// Every byte of s.js is paid by every page view: compress hard. The options object is private to
// the IIFE, so some of its property names are mangled too: never ctx.emit/flush (the chunks call
// those) nor a name the tag also reads from its dataset (cookieless, hash, respectDnt, allowBots).
const minify = (mangleProps) =>
  terser({
    ecma: 2020,
    compress: { passes: 5, unsafe: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true, toplevel: true },
    mangle: {
      toplevel: true,
      ...(mangleProps && { properties: { regex: /^(downloadExtensions|batchMs|transport|loaders)$/ } }),
    },
    format: { comments: false },
  });

const chunk = (name, input) => ({
  input,
  output: { file: `dist/sdk/s-${name}.js`, format: 'es' },
  plugins: [resolve({ browser: true }), ts(), minify()],
});

export default [
  {
    input: 'sdk/script.ts',
    output: { file: 'dist/sdk/s.js', format: 'iife' },
    plugins: [resolve({ browser: true }), ts(), minify(true)],
  },
  chunk('vitals', 'sdk/vitals-chunk.ts'),
  chunk('queue', 'sdk/queue-chunk.ts'),
  chunk('forms', 'sdk/forms-chunk.ts'),
  {
    input: 'sdk/index.ts',
    output: { dir: 'dist/sdk/esm', format: 'es', sourcemap: true },
    plugins: [resolve({ browser: true }), ts({ declaration: true, declarationDir: 'dist/sdk/esm', outDir: 'dist/sdk/esm' })],
  },
];
