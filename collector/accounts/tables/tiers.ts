/**
 * The tiers of the target list, as the product uses them: the overview's and the accounts list's
 * segment filter ("Tier 1"), `tier=` of `GET /api/accounts` and `GET /api/kpis`, the alerts.
 * Tier 1 gets the most attention. Other spellings of a tier are read as it; anything else is
 * refused when the list is imported, so a typo never makes a segment of its own.
 */
export const TIERS = [
  { tier: '1', meaning: 'one-to-one: the few accounts each worked by name' },
  { tier: '2', meaning: 'one-to-few: clusters of similar accounts' },
  { tier: '3', meaning: 'one-to-many: the rest of the programme' },
] as const;

export type Tier = (typeof TIERS)[number]['tier'];

/** How a tier may be written besides its number: "Tier 1", "tier-1", "T1". */
const SPELLINGS = /^(?:tier|t)?[\s_-]*([0-9]+)$/i;

/** A tier as given (text or number), as the product keeps it; null for none (empty); or what is wrong. */
export function parseTier(value: unknown): { tier: Tier | null } | { problem: string } {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : undefined;
  if (text === undefined) return { problem: `tier must be text or a number: ${TIERS.map((t) => t.tier).join(', ').replace(/, ([^,]*)$/, ' or $1')}` };
  if (!text) return { tier: null };
  const n = SPELLINGS.exec(text)?.[1]?.replace(/^0+(?=\d)/, '');
  const found = TIERS.find((t) => t.tier === n);
  if (found) return { tier: found.tier };
  return { problem: `tier ${JSON.stringify(text.slice(0, 50))} is not a tier: use ${TIERS.map((t) => t.tier).join(', ')} (also written "Tier 1" or "T1"), or leave it empty` };
}
