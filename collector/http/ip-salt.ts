import type { Store } from '../store/index.js';

/** Today's IP salt from the store, asked once per UTC day per process. */
export function dailyIpSalt(store: Pick<Store, 'dailySalt'>): (now: number) => Promise<string> {
  let cached: { day: string; salt: Promise<string> } | undefined;
  return (now) => {
    const day = new Date(now).toISOString().slice(0, 10);
    if (cached?.day !== day) {
      const salt = store.dailySalt(day);
      cached = { day, salt };
      // A failed read is not kept: the next request asks again.
      salt.catch(() => cached?.salt === salt && (cached = undefined));
    }
    return cached.salt;
  };
}
