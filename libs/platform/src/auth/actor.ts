export const ROLES = ['admin', 'coordinator', 'unit_rep', 'evaluator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, from the bearer token's claims. */
export interface Actor {
  sub: string;
  name: string;
  role: Role;
  /** District code. */
  district: string;
  /** Unit code, for unit_rep. */
  unit?: string;
}
