import { writeFile } from 'node:fs/promises';
import { ingest } from './ingest.js';
import { identification } from './identification.js';
import { ipdb } from './ipdb.js';
import { describeMachine } from './machine.js';
import { reads } from './reads.js';
import { dashboard } from './dashboard.js';
import { sdkSize } from './sdk-size.js';
import type { Benchmark } from './types.js';

/** Every benchmark, in the order of its section in BENCHMARKS.md. */
export const benchmarks: Benchmark[] = [sdkSize, ingest, ipdb, identification, reads, dashboard];

export const outputFile = 'BENCHMARKS.md';

/** Runs each benchmark, prints its section, and rewrites BENCHMARKS.md with all of them. */
export async function runAll(list: Benchmark[] = benchmarks): Promise<string> {
  const header = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/index.ts); do not edit by hand.',
    '',
    '## Machine',
    '',
    describeMachine(),
  ].join('\n');
  console.log(`${header}\n`);
  const sections: string[] = [];
  for (const bench of list) {
    const section = `## ${bench.title}\n\n${await bench.run()}`;
    console.log(`${section}\n`);
    sections.push(section);
  }
  const doc = `${[header, ...sections].join('\n\n')}\n`;
  await writeFile(outputFile, doc);
  console.log(`wrote ${outputFile}`);
  return doc;
}

/** Runs only the named benchmarks and prints their sections; BENCHMARKS.md, which holds them all, is left alone. */
export async function runSome(ids: string[]): Promise<void> {
  const unknown = ids.filter((id) => !benchmarks.some((b) => b.id === id));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}: try ${benchmarks.map((b) => b.id).join(', ')}`);
  for (const bench of benchmarks.filter((b) => ids.includes(b.id))) console.log(`## ${bench.title}\n\n${await bench.run()}\n`);
}

const ids = process.argv.slice(2);
if (ids.length) await runSome(ids);
else await runAll();
