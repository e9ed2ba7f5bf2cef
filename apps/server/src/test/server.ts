import type { Role } from '@steward/domain';
import type { Dialect } from '../platform/db/index.js';
import { loadConfig, type Config } from '../platform/config/index.js';
import { createSteward, type ServerOptions, type Steward } from '../server.js';
import { ensureTenant } from '../features/tenants/index.js';
import { createUserAsSystem } from '../features/users/index.js';
import { createTokenAsSystem } from '../features/tokens/index.js';
import { systemClock } from '../platform/db/index.js';
import { createTestDatabase, type TestDatabase } from './stores.js';

export interface TestServer {
  steward: Steward;
  url: string;
  database: TestDatabase;
  stop(): Promise<void>;
}

/** A real Steward listening on a free port, on a fresh database of the given dialect. */
export async function startTestServer(
  dialect: Dialect,
  settings: Partial<Record<keyof Config, unknown>> = {},
  options: ServerOptions = {},
): Promise<TestServer> {
  const database = await createTestDatabase(dialect);
  const config = loadConfig(
    {},
    {
      port: 0,
      dataDir: database.dataDir,
      databaseUrl: database.databaseUrl,
      logLevel: 'silent',
      ...settings,
    },
  );
  const steward = await createSteward(config, { logger: false, ...options });
  const url = await steward.listen();
  return {
    steward,
    url,
    database,
    stop: async () => {
      await steward.close();
      await database.drop();
    },
  };
}

export interface SeededTenant {
  id: string;
  slug: string;
  tokens: Record<Role, string>;
  users: Record<Role, { id: string; email: string; password: string }>;
}

/** A tenant with one user and one API token per role. */
export async function seedTenant(steward: Steward, slug: string): Promise<SeededTenant> {
  const deps = { db: steward.store.db, clock: systemClock };
  const tenant = await ensureTenant(steward.store.db, systemClock, slug, `Tenant ${slug}`);
  const roles: Role[] = ['owner', 'admin', 'operator', 'viewer'];
  const tokens = {} as Record<Role, string>;
  const users = {} as SeededTenant['users'];
  for (const role of roles) {
    const email = `${role}@${slug}.example.com`;
    const password = `correct horse ${role} ${slug}`;
    const user = await createUserAsSystem(deps, tenant.id, {
      email,
      name: `${role} of ${slug}`,
      role,
      password,
    });
    users[role] = { id: user.id, email, password };
    tokens[role] = (await createTokenAsSystem(deps, tenant.id, { name: `${role} token`, role })).secret;
  }
  return { id: tenant.id, slug, tokens, users };
}

/** fetch with JSON in and out; returns status, headers and parsed body. */
export async function api(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON response bodies
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}
