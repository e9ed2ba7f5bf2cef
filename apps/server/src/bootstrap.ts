import type { Kysely } from 'kysely';
import type { Clock, DB } from './platform/db/index.js';
import { randomToken } from './platform/ids/index.js';
import { ensureTenant } from './features/tenants/index.js';
import { countUsers, createUserAsSystem } from './features/users/index.js';

export interface FirstRunResult {
  email: string;
  tenantId: string;
  /** Set only when Steward generated the password; shown to the operator once. */
  generatedPassword?: string;
}

/**
 * On a fresh install there is nobody to log in as: create the default tenant and its first owner.
 * STEWARD_ADMIN_EMAIL / STEWARD_ADMIN_PASSWORD choose the account; otherwise a password is generated.
 * With `demo`, the first tenant is a demo company that the caller then fills with sample data.
 */
export async function ensureFirstRun(
  db: Kysely<DB>,
  clock: Clock,
  env: NodeJS.ProcessEnv = process.env,
  options: { demo?: boolean } = {},
): Promise<FirstRunResult | undefined> {
  if ((await countUsers(db)) > 0) return undefined;
  const tenant = options.demo
    ? await ensureTenant(db, clock, 'demo', 'Demo Co (sample data)')
    : await ensureTenant(db, clock, 'default', 'Default');
  const email = env.STEWARD_ADMIN_EMAIL ?? 'admin@steward.local';
  const given = env.STEWARD_ADMIN_PASSWORD;
  const password = given ?? randomToken(15);
  await createUserAsSystem({ db, clock }, tenant.id, {
    email,
    name: 'Administrator',
    role: 'owner',
    password,
  });
  return { email, tenantId: tenant.id, ...(given ? {} : { generatedPassword: password }) };
}
