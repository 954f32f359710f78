/**
 * A terminal progress bar for long jobs (compiling IP data, backfills). On a TTY one line is
 * redrawn in place at most every 100 ms; elsewhere (logs, CI) it prints a line at the start and
 * one at the end.
 */
export interface Progress {
  tick(n?: number): void;
  done(summary?: string): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Milliseconds; default performance.now. */
  now?: () => number;
}

export interface ProgressState {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** Bar width in characters; default 20. */
  width?: number;
}

const REDRAW_MS = 100;

export function progressBar(options: ProgressOptions): Progress {
  const { label, total, stream = process.stderr, now = () => performance.now() } = options;
  const tty = 'isTTY' in stream && stream.isTTY === true;
  const started = now();
  let count = 0;
  let drawnAt = -Infinity;
  let finished = false;
  const state = (): ProgressState => ({ label, done: count, total, elapsedMs: now() - started });
  const draw = () => {
    drawnAt = now();
    stream.write(`\r${formatProgress(state())}\x1b[K`);
  };

  if (tty) draw();
  else stream.write(`${label}: started, ${formatCount(total)} to do\n`);

  return {
    tick(n = 1) {
      count += n;
      if (tty && !finished && now() - drawnAt >= REDRAW_MS) draw();
    },
    done(summary) {
      if (finished) return;
      finished = true;
      const line = formatDone(state(), summary);
      stream.write(tty ? `\r${line}\x1b[K\n` : `${line}\n`);
    },
  };
}

/** `label [██████░░░░] 45% 123,456/515,157 · 12,345/s · eta 3s` */
export function formatProgress(state: ProgressState): string {
  const { label, done, total, width = 20 } = state;
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.floor(fraction * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const rate = ratePerSecond(state);
  const eta = rate > 0 ? formatDuration(Math.max(0, total - done) / rate) : '?';
  return `${label} [${bar}] ${Math.floor(fraction * 100)}% ${formatCount(done)}/${formatCount(total)} · ${formatCount(Math.round(rate))}/s · eta ${eta}`;
}

/** `label: done 515,157/515,157 in 12.3s · 41,883/s · summary` */
export function formatDone(state: ProgressState, summary?: string): string {
  const seconds = (state.elapsedMs / 1000).toFixed(1);
  const rate = formatCount(Math.round(ratePerSecond(state)));
  const line = `${state.label}: done ${formatCount(state.done)}/${formatCount(state.total)} in ${seconds}s · ${rate}/s`;
  return summary ? `${line} · ${summary}` : line;
}

/** 1234567 → "1,234,567" (fixed format, whatever the locale). */
export function formatCount(n: number): string {
  const [whole = '0', fraction] = String(n).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Seconds → "3s", "2m05s", "1h02m". */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function ratePerSecond(state: ProgressState): number {
  return state.elapsedMs > 0 ? (state.done * 1000) / state.elapsedMs : 0;
}
