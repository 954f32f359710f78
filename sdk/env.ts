/** Small browser facts, each safe to call anywhere (they never throw). */

export const randomId = (): string => {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = (Math.random() * 256) | 0;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
};

/** Global Privacy Control or Do Not Track: the visitor asked not to be tracked. */
export const privacySignal = (nav: Navigator): boolean =>
  (nav as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true ||
  nav.doNotTrack === '1' ||
  (window as Window & { doNotTrack?: string }).doNotTrack === '1';

/** localStorage when the browser lets us, a Map otherwise (private modes, sandboxed frames). */
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function localStore(): KeyValue {
  const memory = new Map<string, string>();
  const ls = (): Storage | null => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  };
  return {
    get: (k) => {
      try {
        return ls()?.getItem(k) ?? memory.get(k) ?? null;
      } catch {
        return memory.get(k) ?? null;
      }
    },
    set: (k, v) => {
      memory.set(k, v);
      try {
        ls()?.setItem(k, v);
      } catch {
        /* memory keeps it */
      }
    },
    remove: (k) => {
      memory.delete(k);
      try {
        ls()?.removeItem(k);
      } catch {
        /* nothing to remove */
      }
    },
  };
}
