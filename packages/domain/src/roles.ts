import { z } from 'zod';

/** Roles in ascending order of power; a role may do everything the roles before it may. */
export const ROLES = ['viewer', 'operator', 'admin', 'owner'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
