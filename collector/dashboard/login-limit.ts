/**
 * Failed sign-ins counted per client address and per e-mail over a sliding window: after `max`
 * failures in `windowMs`, further attempts are refused until the oldest failure ages out. Kept in
 * memory: several collector processes each keep their own count, which still bounds guessing.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly max = 10, private readonly windowMs = 15 * 60 * 1000) {}

  /** Milliseconds until another attempt is allowed for any of these keys, or 0. */
  waitFor(keys: readonly string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const times = this.recent(key, now);
      if (times.length >= this.max) wait = Math.max(wait, times[0]! + this.windowMs - now);
    }
    return wait;
  }

  fail(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
    if (this.failures.size > 10_000) for (const [k] of this.failures) if (!this.recent(k, now).length) this.failures.delete(k);
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }
}
