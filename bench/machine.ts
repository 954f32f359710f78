import os from 'node:os';

/** Describes the machine the benchmarks ran on, as Markdown bullet lines. */
export function describeMachine(now: Date = new Date()): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  return [
    `- CPU: ${model} × ${cpus.length}`,
    `- Memory: ${memGiB} GiB`,
    `- Node: ${process.version}`,
    `- OS: ${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    `- Date: ${now.toISOString()}`,
  ].join('\n');
}
