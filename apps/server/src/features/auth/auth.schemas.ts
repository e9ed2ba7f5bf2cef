import { z } from 'zod';
import { roleSchema } from '@steward/domain';
import { emailSchema, passwordSchema } from '../users/index.js';

export const loginSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(200),
  tenant: z.string().min(1).max(63).optional().describe('Tenant slug, when your account belongs to several'),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const sessionSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    role: roleSchema,
    csrfToken: z.string().describe('Send as X-CSRF-Token on every write made with the session cookie'),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });
export type SessionView = z.infer<typeof sessionSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});
