import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatCount, formatDone, formatDuration, formatProgress, progressBar } from '../collector/progress.js';

function fakeStream(tty: boolean) {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
  });
  if (tty) Object.assign(stream, { isTTY: true });
  return { stream, writes };
}

function fakeClock() {
  let ms = 1000;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

describe('formatProgress', () => {
  it('draws bar, percent, counts, rate and eta', () => {
    expect(formatProgress({ label: 'Compiling', done: 123_456, total: 515_157, elapsedMs: 10_000, width: 10 })).toBe(
      'Compiling [██░░░░░░░░] 23% 123,456/515,157 · 12,346/s · eta 32s',
    );
    expect(formatProgress({ label: 'x', done: 45, total: 100, elapsedMs: 1000, width: 10 })).toBe('x [████░░░░░░] 45% 45/100 · 45/s · eta 2s');
  });

  it('has a 20-character bar by default, full at the end', () => {
    expect(formatProgress({ label: 'x', done: 10, total: 10, elapsedMs: 2000 })).toBe(`x [${'█'.repeat(20)}] 100% 10/10 · 5/s · eta 0s`);
  });

  it('copes with no time elapsed, nothing to do, and overshoot', () => {
    expect(formatProgress({ label: 'x', done: 0, total: 50, elapsedMs: 0, width: 4 })).toBe('x [░░░░] 0% 0/50 · 0/s · eta ?');
    expect(formatProgress({ label: 'x', done: 0, total: 0, elapsedMs: 5, width: 4 })).toBe('x [████] 100% 0/0 · 0/s · eta ?');
    expect(formatProgress({ label: 'x', done: 12, total: 10, elapsedMs: 1000, width: 4 })).toBe('x [████] 100% 12/10 · 12/s · eta 0s');
  });

  it('formats counts and durations', () => {
    expect([0, 999, 1000, 1_234_567, 12.5].map(formatCount)).toEqual(['0', '999', '1,000', '1,234,567', '12.5']);
    expect([0.2, 3, 59.5, 60, 125, 3599, 3720].map(formatDuration)).toEqual(['1s', '3s', '1m00s', '1m00s', '2m05s', '59m59s', '1h02m']);
  });

  it('formats the summary line', () => {
    expect(formatDone({ label: 'Import', done: 1500, total: 1500, elapsedMs: 1234 }, '3 files')).toBe('Import: done 1,500/1,500 in 1.2s · 1,216/s · 3 files');
    expect(formatDone({ label: 'Import', done: 0, total: 0, elapsedMs: 0 })).toBe('Import: done 0/0 in 0.0s · 0/s');
  });
});

describe('progressBar', () => {
  it('prints a start and an end line when not on a TTY', () => {
    const { stream, writes } = fakeStream(false);
    const clock = fakeClock();
    const bar = progressBar({ label: 'Import', total: 1000, stream, now: clock.now });
    for (let i = 0; i < 10; i++) {
      clock.advance(200);
      bar.tick(100);
    }
    bar.done('ok');
    bar.done('twice');
    expect(writes).toEqual(['Import: started, 1,000 to do\n', 'Import: done 1,000/1,000 in 2.0s · 500/s · ok\n']);
  });

  it('redraws one line at most every 100 ms on a TTY', () => {
    const { stream, writes } = fakeStream(true);
    const clock = fakeClock();
    const bar = progressBar({ label: 'Scan', total: 100, stream, now: clock.now });
    expect(writes).toEqual(['\rScan [░░░░░░░░░░░░░░░░░░░░] 0% 0/100 · 0/s · eta ?\x1b[K']);
    clock.advance(50);
    bar.tick(10);
    bar.tick();
    expect(writes).toHaveLength(1);
    clock.advance(50);
    bar.tick(39);
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe('\rScan [██████████░░░░░░░░░░] 50% 50/100 · 500/s · eta 1s\x1b[K');
    clock.advance(99);
    bar.tick(50);
    expect(writes).toHaveLength(2);
    bar.done();
    expect(writes[2]).toBe('\rScan: done 100/100 in 0.2s · 503/s\x1b[K\n');
    clock.advance(500);
    bar.tick();
    expect(writes).toHaveLength(3);
  });
});
