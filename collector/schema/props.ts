import { z } from 'zod';

export const PROPS_LIMITS = { depth: 6, bytes: 8192, keys: 200 } as const;

/**
 * Props as kept: a JSON object at most `depth` levels deep, `keys` keys in all and `bytes` when
 * serialised, with strings cleaned (NUL removed, lone surrogates replaced). Walked with a stack,
 * not recursion, so 20,000 levels of nesting are refused instead of overflowing the call stack.
 * `__proto__` keys are refused: they would set an object's prototype instead of a property.
 */
export const Props = z.unknown().transform((input, ctx) => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (!isObject(input)) return fail('must be a JSON object');
  const root: Record<string, unknown> = {};
  const stack: [unknown, Record<string, unknown> | unknown[], number][] = [[input, root, 1]];
  let keys = 0;
  while (stack.length) {
    const [from, to, depth] = stack.pop()!;
    if (depth > PROPS_LIMITS.depth) return fail(`must be at most ${PROPS_LIMITS.depth} levels deep`);
    const entries: [string | number, unknown][] = Array.isArray(from) ? from.map((v, i) => [i, v]) : Object.entries(from as object);
    for (const [key, value] of entries) {
      if (++keys > PROPS_LIMITS.keys) return fail(`must hold at most ${PROPS_LIMITS.keys} keys and items`);
      if (key === '__proto__') return fail('must not use the key "__proto__"');
      let copy: unknown = value;
      if (typeof value === 'string') copy = value.replaceAll('\u0000', '').toWellFormed();
      else if (Array.isArray(value)) stack.push([value, (copy = []) as unknown[], depth + 1]);
      else if (isObject(value)) stack.push([value, (copy = {}) as Record<string, unknown>, depth + 1]);
      (to as Record<string | number, unknown>)[key] = copy;
    }
  }
  if (JSON.stringify(root).length > PROPS_LIMITS.bytes) return fail(`must serialise to at most ${PROPS_LIMITS.bytes} bytes`);
  return root;
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
