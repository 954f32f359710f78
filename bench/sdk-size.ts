import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { baselines, type BaselineScript } from './baselines.js';
import { measureSizes, type Sizes } from './compressed-size.js';
import { describeSource } from './git-state.js';
import { formatBytes, markdownTable } from './markdown-table.js';
import type { Benchmark } from './types.js';

export const sdkDir = 'dist/sdk';
export const tagScript = 's.js';
/** Gzip budget and goal for dist/sdk/s.js, in bytes. */
export const budget = { gzip: 3072, goalGzip: 2560 } as const;

interface Row {
  script: string;
  source: string;
  minification: string;
  sizes: Sizes | undefined;
}

/** Top-level .js files of dist/sdk (the tag script first, then lazily loaded chunks). */
export async function builtFiles(dir: string = sdkDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.js')).map((e) => e.name);
  if (files.length === 0) throw new Error(`no .js files in ${dir}: run npm run build first`);
  return files.sort((a, b) => (a === tagScript ? -1 : b === tagScript ? 1 : a.localeCompare(b)));
}

async function ourRows(): Promise<Row[]> {
  const files = await builtFiles();
  return Promise.all(
    files.map(async (name) => ({
      script: name === tagScript ? 'Open ABM tag script' : 'Open ABM lazy chunk',
      source: `${sdkDir}/${name}`,
      minification: 'as built',
      sizes: measureSizes(await readFile(path.join(sdkDir, name))),
    })),
  );
}

function baselineRow(b: BaselineScript): Row {
  return { script: b.product, source: `${b.source} — ${b.file}`, minification: b.how, sizes: measureSizes(b.code) };
}

const baselineNotes = [
  'Baselines (npm is the only registry this project uses, so each comes from an npm package):',
  '',
  "- **Plausible**: the script plausible.io serves to sites is not on npm. `@plausible-analytics/tracker` is Plausible's",
  '  official npm build of its tracker ("same features and codebase as the official script"), shipped minified; its one',
  '  file holds every optional feature (engagement, outbound links, file downloads, form submissions), so it is an upper',
  '  bound for a served script with those features off. Installed as an exact devDependency.',
  '- **Plausible (legacy npm tracker)**: `plausible-tracker` is the older official npm library (pageviews and custom',
  '  events only). It ships un-minified tsc output, so its ES module build is bundled with rollup and minified with',
  "  terser's defaults here. Installed as an exact devDependency.",
  '- **Umami**: no small npm package carries the tracker, and the `umami` package is the whole app (1 MB tarball with',
  '  Next.js and Prisma dependencies), so it is not installed: `npm pack umami@<version>` fetches the tarball at bench',
  '  time into `<os.tmpdir()>/open-abm-bench/npm/`, checks it against the pinned sha512 integrity, and reuses it on',
  '  later runs. Its `src/tracker/index.js` is the source of the `script.js` Umami serves; it is minified here with',
  "  terser's defaults (Umami's own build also runs terser, with `compress.evaluate: false`).",
].join('\n');

function ratio(gzip: number | undefined, reference: number | undefined): string {
  if (gzip === undefined || reference === undefined) return 'n/a';
  return `${(gzip / reference).toFixed(2)}×`;
}

function budgetLine(tag: Sizes | undefined): string {
  const head = `Budget for \`${sdkDir}/${tagScript}\`: **${formatBytes(budget.gzip)} B gzip**, goal **${formatBytes(budget.goalGzip)} B gzip**.`;
  if (!tag) return `${head} Not measured: \`${sdkDir}/${tagScript}\` was not built.`;
  const overBudget = tag.gzip - budget.gzip;
  const toGoal = tag.gzip - budget.goalGzip;
  const budgetText =
    overBudget > 0 ? `over budget by ${formatBytes(overBudget)} B` : `within budget (${formatBytes(-overBudget)} B to spare)`;
  const goalText = toGoal > 0 ? `${formatBytes(toGoal)} B above the goal` : 'goal met';
  return `${head} Now: ${formatBytes(tag.gzip)} B gzip: ${budgetText}, ${goalText}.`;
}

async function runSdkSize(): Promise<string> {
  const ours = await ourRows();
  const failures: string[] = [];
  const theirs: Row[] = [];
  for (const load of baselines) {
    try {
      theirs.push(baselineRow(await load()));
    } catch (error) {
      failures.push(`- \`${load.name}\` baseline not measured: ${(error as Error).message.split('\n')[0]}`);
      theirs.push({ script: load.name, source: 'n/a', minification: 'n/a', sizes: undefined });
    }
  }
  const plausibleGzip = theirs[0]?.sizes?.gzip;
  const rows = [...ours, ...theirs].map((r) => [
    r.script,
    r.source,
    r.sizes ? formatBytes(r.sizes.raw) : 'n/a',
    r.sizes ? formatBytes(r.sizes.gzip) : 'n/a',
    r.sizes ? formatBytes(r.sizes.brotli) : 'n/a',
    ratio(r.sizes?.gzip, plausibleGzip),
    r.minification,
  ]);
  const table = markdownTable(
    [
      { header: 'Script' },
      { header: 'Package / file' },
      { header: 'Minified B', align: 'right' },
      { header: 'gzip B', align: 'right' },
      { header: 'brotli B', align: 'right' },
      { header: 'gzip ÷ Plausible', align: 'right' },
      { header: 'Minification' },
    ],
    rows,
  );
  const tag = ours.find((r) => r.source === `${sdkDir}/${tagScript}`)?.sizes;
  return [
    budgetLine(tag),
    '',
    table,
    '',
    `Our files built from commit ${await describeSource(['sdk', 'rollup.config.mjs'])}.`,
    'Bytes minified as built or as published; gzip is zlib level 9, brotli is zlib quality 11.',
    `"gzip ÷ Plausible" divides each gzip size by that of Plausible's \`plausible.js\` (first baseline row).`,
    '',
    baselineNotes,
    ...(failures.length ? ['', ...failures] : []),
  ].join('\n');
}

export const sdkSize: Benchmark = {
  id: 'sdk-size',
  title: 'SDK size',
  run: runSdkSize,
};
