import { z } from 'zod';
import { roleSchema } from '@steward/domain';

export const memberSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    createdAt: z.string(),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });
export type Member = z.infer<typeof memberSchema>;

export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(200);
export const emailSchema = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());

export const createUserSchema = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1).max(200),
  role: roleSchema,
  password: passwordSchema.describe('Initial password; the user should change it at first login'),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  role: roleSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userIdParams = z.strictObject({ id: z.string().min(1).max(64) });
