/** The roles an API key can hold, from least to most trusted. */
export const ROLES = ['viewer', 'reviewer', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether a key with `role` may use a route that asks for any of `required`. Roles are ranked: a
 * key satisfies a requirement for its own role and every role below it, so admin satisfies all.
 */
export function roleSatisfies(role: Role, required: readonly Role[]): boolean {
  return required.some((wanted) => ROLES.indexOf(role) >= ROLES.indexOf(wanted));
}

/** Every role that satisfies `required`, lowest first: what a 403 tells the caller to use. */
export function rolesSatisfying(required: readonly Role[]): Role[] {
  return ROLES.filter((role) => roleSatisfies(role, required));
}
