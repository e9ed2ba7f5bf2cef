import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it. Timestamps are ISO-8601 UTC strings with milliseconds on both
 * dialects (fixed width, so they compare and sort correctly as text); JSON is stored as text.
 */
export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  tenant_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  tenant_id: string;
  name: string;
  role: string;
  token_hash: string;
  prefix: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface AuditEventsTable {
  id: string;
  tenant_id: string;
  at: string;
  actor_type: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  changes: string | null;
  request_id: string | null;
}

export interface JobsTable {
  id: string;
  tenant_id: string | null;
  queue: string;
  type: string;
  payload: string;
  status: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  idempotency_key: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  key: string;
  at: string;
}

export interface DB {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  login_failures: LoginFailuresTable;
}
