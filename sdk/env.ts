/** Small browser facts, each safe to call anywhere (they never throw). */

export const now = Date.now;

export const randomId = (): string => {
  try {
    return crypto.randomUUID();
  } catch {
    // No randomUUID outside secure contexts: about 19 characters of time and randomness.
    return now().toString(36) + Math.random().toString(36).slice(2);
  }
};

/** Global Privacy Control or Do Not Track: the visitor asked not to be tracked. */
export const privacySignal = (): boolean => {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  return n.globalPrivacyControl === true || n.doNotTrack === '1';
};

/** Obvious automation: WebDriver, headless browsers, crawlers that run scripts. */
export const automated = (): boolean =>
  navigator.webdriver === true || /headless|phantom|bot\b|crawl|spider/i.test(navigator.userAgent);

/** localStorage when the browser lets us, memory otherwise (private modes, sandboxed frames). */
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export function localStore(persist: () => boolean): KeyValue {
  const memory: Record<string, string | null> = {};
  return {
    get: (k) => {
      try {
        if (persist()) return localStorage.getItem(k);
      } catch {
        /* memory */
      }
      return memory[k] ?? null;
    },
    set: (k, v) => {
      memory[k] = v;
      try {
        if (v === null) localStorage.removeItem(k);
        else if (persist()) localStorage.setItem(k, v);
      } catch {
        /* memory keeps it */
      }
    },
  };
}
