import { errors, roleSchema } from '@steward/domain';
import { systemClock } from '../platform/db/index.js';
import { findTenantBySlug } from '../features/tenants/index.js';
import { createTokenAsSystem, createTokenSchema } from '../features/tokens/index.js';
import { parseInput, required, withStore } from './common.js';
import { UsageError } from './errors.js';

export async function runTokenCreate(values: {
  tenant?: string;
  role?: string;
  name?: string;
  expires?: string;
}): Promise<number> {
  const slug = required(values, 'tenant');
  const name = required(values, 'name');
  const role = roleSchema.safeParse(required(values, 'role'));
  if (!role.success) throw new UsageError(`--role must be one of ${roleSchema.options.join(', ')}`);
  if (values.expires !== undefined && Number.isNaN(Date.parse(values.expires))) {
    throw new UsageError('--expires must be an ISO-8601 date-time');
  }
  return withStore(async (store) => {
    const tenant = await findTenantBySlug(store.db, slug);
    if (!tenant) throw errors.notFound(`Tenant "${slug}"`);
    const input = parseInput(
      createTokenSchema,
      {
        name,
        role: role.data,
        ...(values.expires ? { expiresAt: new Date(values.expires).toISOString() } : {}),
      },
      { name: '--name', role: '--role', expiresAt: '--expires' },
    );
    const { secret } = await createTokenAsSystem({ db: store.db, clock: systemClock }, tenant.id, input);
    // Only the secret on stdout, so scripts can capture it: TOKEN=$(steward token create ...)
    console.log(secret);
    return 0;
  });
}
