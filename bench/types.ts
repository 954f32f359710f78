/** One benchmark the runner in bench/index.ts knows how to run. */
export interface Benchmark {
  /** Short id, kebab-case, e.g. "sdk-size". */
  id: string;
  /** Section title in BENCHMARKS.md. */
  title: string;
  /** Runs the benchmark and returns its section body as Markdown (without the title). */
  run(): Promise<string>;
}
