import { roleSchema } from '@steward/domain';
import { systemClock } from '../platform/db/index.js';
import { ensureTenant } from '../features/tenants/index.js';
import { createUserAsSystem, createUserSchema } from '../features/users/index.js';
import { parseInput } from './common.js';
import { readStdin, required, withStore } from './common.js';
import { UsageError } from './errors.js';

export async function runAdminCreate(values: {
  email?: string;
  'password-stdin'?: boolean;
  name?: string;
  tenant?: string;
  role?: string;
}): Promise<number> {
  const email = required(values, 'email');
  if (!values['password-stdin'])
    throw new UsageError('--password-stdin is required: pipe the password in, never pass it as an argument');
  const role = roleSchema.safeParse(values.role ?? 'owner');
  if (!role.success) throw new UsageError(`--role must be one of ${roleSchema.options.join(', ')}`);
  const password = await readStdin();
  return withStore(async (store) => {
    const slug = values.tenant ?? 'default';
    const tenant = await ensureTenant(store.db, systemClock, slug, slug === 'default' ? 'Default' : slug);
    const input = parseInput(
      createUserSchema,
      { email, name: values.name ?? email, role: role.data, password },
      {
        email: '--email',
        name: '--name',
        role: '--role',
        password: 'password (stdin)',
      },
    );
    const user = await createUserAsSystem({ db: store.db, clock: systemClock }, tenant.id, input);
    console.log(`Created ${user.role} ${user.email} in tenant ${tenant.slug}.`);
    return 0;
  });
}
