/** Seniority levels, most senior first; a job title takes the first level whose pattern it matches. */
export const ROLE_LEVELS = ['c_level', 'vp', 'director', 'manager', 'other'] as const;
export type RoleLevel = (typeof ROLE_LEVELS)[number];

export interface RoleRule {
  level: Exclude<RoleLevel, 'other'>;
  pattern: RegExp;
}

/** Job-title patterns by level (English and a few common other-language forms), checked in order. */
export const ROLE_RULES: readonly RoleRule[] = [
  { level: 'c_level', pattern: /\b(c[a-z]o|chief|founder|co-?founder|owner|(?<!vice[- ])president|managing director|geschäftsführer|geschaftsfuhrer|directeur général|pdg|partner)\b/i },
  { level: 'vp', pattern: /\b(vp|svp|evp|avp|vice[- ]president|head of|general manager|gm)\b/i },
  { level: 'director', pattern: /\b(director|directeur|direktor|leiter)\b/i },
  { level: 'manager', pattern: /\b(manager|lead|supervisor|team ?lead|coordinator|responsable)\b/i },
];

/** The default weights: C-level 2.0, VP 1.5, Director 1.25, Manager 1.0, other (or unknown) 0.5. */
export const DEFAULT_ROLE_WEIGHTS: Readonly<Record<RoleLevel, number>> = { c_level: 2, vp: 1.5, director: 1.25, manager: 1, other: 0.5 };
