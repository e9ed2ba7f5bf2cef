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
  reason: string | null;
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

export interface LocationsTable {
  id: string;
  tenant_id: string;
  name: string;
  address: string | null;
  created_at: string;
  updated_at: string;
}

export interface PeopleTable {
  id: string;
  tenant_id: string;
  email: string | null;
  employee_id: string | null;
  name: string;
  department: string | null;
  title: string | null;
  manager_id: string | null;
  location_id: string | null;
  status: string;
  legal_hold: number;
  start_date: string | null;
  end_date: string | null;
  created_at: string;
  updated_at: string;
}

/** One column per canonical attribute (booleans are 0/1 on both dialects). */
export interface AssetsTable {
  id: string;
  tenant_id: string;
  kind: string;
  name: string | null;
  asset_tag: string | null;
  serial_number: string | null;
  device_type: string | null;
  hostname: string | null;
  imei: string | null;
  udid: string | null;
  manufacturer: string | null;
  model: string | null;
  model_identifier: string | null;
  cpu: string | null;
  memory_gb: number | null;
  storage_gb: number | null;
  os_name: string | null;
  os_version: string | null;
  os_build: string | null;
  disk_encrypted: number | null;
  edr_present: number | null;
  edr_healthy: number | null;
  firewall_enabled: number | null;
  mdm_enrolled: number | null;
  mdm_name: string | null;
  last_checkin_at: string | null;
  po_number: string | null;
  vendor: string | null;
  purchase_price: number | null;
  purchase_date: string | null;
  warranty_end: string | null;
  lease_end: string | null;
  depreciation_months: number | null;
  assigned_person_id: string | null;
  location_id: string | null;
  lifecycle_state: string;
  legal_hold: number;
  disposal_method: string | null;
  purchase_order_line_id: string | null;
  disposed_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AssetTagsTable {
  tenant_id: string;
  asset_id: string;
  tag: string;
}

export interface AssetStateCountsTable {
  tenant_id: string;
  kind: string;
  lifecycle_state: string;
  n: number;
}

export interface SearchTokensTable {
  tenant_id: string;
  token: string;
  entity_id: string;
  /** A copy of the asset's updated_at, so matches can be ordered by the default sort from the index. */
  sort_updated_at: string | null;
}

export interface CustomFieldsTable {
  id: string;
  tenant_id: string;
  entity_type: string;
  key: string;
  label: string;
  type: string;
  enum_values: string | null;
  required: number;
  description: string | null;
  created_at: string;
}

export interface CustomFieldValuesTable {
  tenant_id: string;
  entity_id: string;
  field_key: string;
  value_text: string | null;
  value_number: number | null;
}

export interface AssignmentsTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  person_id: string | null;
  location_id: string | null;
  assigned_at: string;
  assigned_by: string;
  due_at: string | null;
  returned_at: string | null;
  note: string | null;
  acknowledged_at: string | null;
  ack_token_hash: string | null;
}

export interface PurchaseOrdersTable {
  id: string;
  tenant_id: string;
  vendor: string;
  po_number: string;
  ordered_at: string | null;
  expected_at: string | null;
  ship_to_person_id: string | null;
  ship_to_location_id: string | null;
  currency: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface PurchaseOrderLinesTable {
  id: string;
  tenant_id: string;
  purchase_order_id: string;
  line_number: number;
  manufacturer: string | null;
  model: string;
  device_type: string | null;
  kind: string;
  quantity: number;
  unit_price: number | null;
  received_quantity: number;
}

export interface AttachmentsTable {
  id: string;
  tenant_id: string;
  entity_type: string;
  entity_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_by: string;
  created_at: string;
}

export interface SavedViewsTable {
  id: string;
  tenant_id: string;
  owner_id: string;
  entity_type: string;
  name: string;
  query: string;
  created_at: string;
  updated_at: string;
}

export interface SigningKeysTable {
  name: string;
  secret: string;
  created_at: string;
}

export interface AttestationCampaignsTable {
  id: string;
  tenant_id: string;
  name: string;
  status: string;
  due_at: string;
  reminder_every_days: number;
  query: string;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}

export interface AttestationRequestsTable {
  id: string;
  tenant_id: string;
  campaign_id: string;
  person_id: string;
  responded_at: string | null;
  reminders_sent: number;
  last_reminded_at: string | null;
}

export interface AttestationItemsTable {
  request_id: string;
  asset_id: string;
  response: string | null;
  note: string | null;
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
  locations: LocationsTable;
  people: PeopleTable;
  assets: AssetsTable;
  asset_tags: AssetTagsTable;
  search_tokens: SearchTokensTable;
  asset_state_counts: AssetStateCountsTable;
  custom_fields: CustomFieldsTable;
  custom_field_values: CustomFieldValuesTable;
  assignments: AssignmentsTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  attachments: AttachmentsTable;
  saved_views: SavedViewsTable;
  attestation_campaigns: AttestationCampaignsTable;
  attestation_requests: AttestationRequestsTable;
  attestation_items: AttestationItemsTable;
  signing_keys: SigningKeysTable;
  vault_state: VaultStateTable;
  tenant_data_keys: TenantDataKeysTable;
  sources: SourcesTable;
  sync_runs: SyncRunsTable;
  source_records: SourceRecordsTable;
  entity_identifiers: EntityIdentifiersTable;
  entity_twins: EntityTwinsTable;
  review_items: ReviewItemsTable;
  entity_merges: EntityMergesTable;
  ingestion_settings: IngestionSettingsTable;
  connector_instances: ConnectorInstancesTable;
  connector_runs: ConnectorRunsTable;
  connector_run_errors: ConnectorRunErrorsTable;
  connector_actions: ConnectorActionsTable;
  action_presets: ActionPresetsTable;
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  workflow_runs: WorkflowRunsTable;
  workflow_steps: WorkflowStepsTable;
  workflow_trigger_cursors: WorkflowTriggerCursorsTable;
  workflow_webhooks: WorkflowWebhooksTable;
  workflow_approvals: WorkflowApprovalsTable;
  agent_tasks: AgentTasksTable;
  agents: AgentsTable;
  agent_enrollment_secrets: AgentEnrollmentSecretsTable;
  gateway_nodes: GatewayNodesTable;
  agent_inventories: AgentInventoriesTable;
  agent_task_requests: AgentTaskRequestsTable;
  agent_software: AgentSoftwareTable;
  agent_policies: AgentPoliciesTable;
}

/** The credential vault's single row: the master key id it is wrapped under and a check value. */
export interface VaultStateTable {
  id: string;
  master_key_id: string;
  check_value: string;
  updated_at: string;
}

/** Per-tenant data keys, wrapped (AES-256-GCM) by the master key; one active (retired_at null) per tenant. */
export interface TenantDataKeysTable {
  tenant_id: string;
  version: number;
  wrapped_key: string;
  master_key_id: string;
  created_at: string;
  retired_at: string | null;
}

/** A system observations come from, registered per tenant by a short key (`jamf-eu`). */
export interface SourcesTable {
  id: string;
  tenant_id: string;
  key: string;
  name: string;
  type: string;
  /** Overrides the source type's default; null: the default. */
  stale_after_days: number | null;
  /** How long a record may go unseen by completed full syncs before it is marked missing. */
  missing_grace_hours: number;
  last_seen_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SyncRunsTable {
  id: string;
  tenant_id: string;
  source_id: string;
  /** full: what it did not see is gone; delta: only what it says changed. */
  mode: string;
  /** running | completed | failed (given up: nothing was marked missing) */
  status: string;
  started_at: string;
  completed_at: string | null;
  counts: string;
}

/** The latest observation per (tenant, source, record key); hash skips unchanged ones. */
export interface SourceRecordsTable {
  id: string;
  tenant_id: string;
  source_id: string;
  record_key: string;
  kind: string;
  entity_type: string;
  entity_id: string | null;
  hash: string;
  observed_at: string;
  last_seen_at: string;
  last_sync_id: string | null;
  missing_since: string | null;
  identifiers: string;
  attributes: string;
  created_at: string;
  updated_at: string;
}

export interface EntityIdentifiersTable {
  tenant_id: string;
  entity_type: string;
  type: string;
  value: string;
  record_id: string;
  entity_id: string;
}

/** Per entity: which attributes its sources disagree on, and whether every source is gone. */
export interface EntityTwinsTable {
  entity_id: string;
  tenant_id: string;
  entity_type: string;
  hash: string;
  /** JSON array of the attribute names some record speaks for. */
  attributes: string;
  /** JSON array of attribute names. */
  conflicts: string;
  conflict_count: number;
  orphaned: number;
  updated_at: string;
}

export interface ReviewItemsTable {
  id: string;
  tenant_id: string;
  record_id: string;
  entity_type: string;
  reason: string;
  candidates: string;
  status: string;
  resolution: string | null;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface EntityMergesTable {
  id: string;
  tenant_id: string;
  entity_type: string;
  survivor_id: string;
  merged_id: string;
  snapshot: string;
  merged_at: string;
  merged_by: string;
  undone_at: string | null;
}

export interface IngestionSettingsTable {
  tenant_id: string;
  precedence: string;
  identification: string;
  updated_at: string;
}

/** A tenant's configured connection to one system (one Jamf server, one Mimecast account). */
export interface ConnectorInstancesTable {
  id: string;
  tenant_id: string;
  connector_id: string;
  name: string;
  /** The ingestion source its observations arrive under. */
  source_id: string;
  config: string;
  /** JSON: secret key → vault-sealed value. */
  secrets: string;
  schedule: string | null;
  time_zone: string;
  enabled: number;
  /** JSON: stream → checkpoint of its last complete run. */
  stream_state: string;
  created_at: string;
  updated_at: string;
}

export interface ConnectorRunsTable {
  id: string;
  tenant_id: string;
  instance_id: string;
  trigger: string;
  /** queued | running | succeeded | failed */
  status: string;
  /** The ingestion sync run its observations belong to. */
  sync_id: string | null;
  /** JSON: stream → { checkpoint, done, counts }. */
  streams: string;
  counts: string;
  error: string | null;
  attempts: number;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface ConnectorRunErrorsTable {
  id: string;
  tenant_id: string;
  run_id: string;
  stream: string;
  record_key: string;
  message: string;
  field: string | null;
  created_at: string;
}

/** One dispatch of a connector action; the idempotency key makes a retry return the first outcome. */
export interface ConnectorActionsTable {
  id: string;
  tenant_id: string;
  instance_id: string;
  action: string;
  idempotency_key: string;
  target_type: string | null;
  target_id: string | null;
  input: string;
  /** running | succeeded | accepted | failed */
  status: string;
  result: string | null;
  error: string | null;
  actor: string;
  created_at: string;
  finished_at: string | null;
  /** The instance's name when the action ran: history outlives the instance (null on rows before 0012). */
  instance_name: string | null;
  /** The action's title (a preset's for HTTP actions); null on rows before 0012. */
  title: string | null;
}

/** A tenant's saved generic HTTP action; built-in presets live in code. */
export interface ActionPresetsTable {
  id: string;
  tenant_id: string;
  name: string;
  name_key: string;
  description: string;
  connector_id: string;
  /** asset | person | null */
  target_kind: string | null;
  destructive: number;
  /** The HttpActionDefinition as JSON. */
  definition: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface WorkflowsTable {
  id: string;
  tenant_id: string;
  name: string;
  name_key: string;
  enabled: number;
  current_version: number;
  trigger_type: string;
  created_at: string;
  updated_at: string;
}

/** One immutable saved version of a workflow's definition (JSON). */
export interface WorkflowVersionsTable {
  workflow_id: string;
  version: number;
  tenant_id: string;
  definition: string;
  created_by: string;
  created_at: string;
}

/** One run of one version of a workflow. status: queued | running | succeeded | failed | cancelled */
export interface WorkflowRunsTable {
  id: string;
  tenant_id: string;
  workflow_id: string;
  version: number;
  status: string;
  /** What started it: { type, ... } as JSON. */
  trigger: string;
  subject_id: string | null;
  /** The audit event that started it (unique per workflow), null for manual runs. */
  trigger_key: string | null;
  /** Set when a call_workflow step of another run started it: its end wakes that step. */
  parent_run_id: string | null;
  parent_path: string | null;
  input: string;
  vars: string;
  error: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** One step of a run at its path. status: running | waiting | succeeded | failed | skipped */
export interface WorkflowStepsTable {
  run_id: string;
  path: string;
  tenant_id: string;
  step_id: string;
  type: string;
  status: string;
  attempts: number;
  input: string | null;
  output: string | null;
  error: string | null;
  wake_at: string | null;
  pending: number | null;
  /** The wake-up job holding a waiting step while it looks again (null otherwise). */
  claimed_by: string | null;
  started_at: string;
  finished_at: string | null;
  /** The step's place in the chain of steps its job ran (0 for the job's first): orders same-time steps. */
  chain_seq: Generated<number>;
}

/** How far a tenant's entity triggers have read the audit log. */
export interface WorkflowTriggerCursorsTable {
  tenant_id: string;
  scanned_until: string;
}

/** A webhook-triggered workflow's signing secret, sealed by the vault. */
export interface WorkflowWebhooksTable {
  workflow_id: string;
  tenant_id: string;
  secret: string;
  created_at: string;
  rotated_at: string | null;
}

/**
 * One approval request: a level of an approval step (escalated = 1 for the request a timed-out level
 * passed on). status: pending | approved | rejected | expired | escalated | cancelled
 */
export interface WorkflowApprovalsTable {
  id: string;
  tenant_id: string;
  run_id: string;
  workflow_id: string;
  path: string;
  level: number;
  escalated: number;
  title: string;
  /** { type: 'person', personId } | { type: 'role', role } as JSON. */
  assignee: string;
  status: string;
  due_at: string;
  decided_at: string | null;
  /** A user id, or `link:<person id>` for a decision through a signed link. */
  decided_by: string | null;
  comment: string | null;
  subject_id: string | null;
  created_at: string;
}

/**
 * A task for an endpoint agent. status: queued | delivered | running | succeeded | failed | expired |
 * cancelled
 */
export interface AgentTasksTable {
  id: string;
  tenant_id: string;
  asset_id: string;
  type: string;
  parameters: string;
  status: string;
  idempotency_key: string;
  /** Who asked, as JSON: { type: 'workflow', runId, path } or { type: 'user', id }. */
  origin: string;
  deadline_at: string;
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** The agent that took it (the asset's agent at the time). */
  agent_id: string | null;
  /** The admin request it is part of, when one asked many devices at once. */
  request_id: string | null;
  delivered_at: string | null;
  acknowledged_at: string | null;
  /** The latest progress report, as JSON { message, percent?, at }. */
  progress: string | null;
}

export interface AgentEnrollmentSecretsTable {
  id: string;
  tenant_id: string;
  name: string;
  secret_hash: string;
  /** The first characters of the secret, to tell secrets apart in a list. */
  prefix: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  uses: Generated<number>;
}

export interface AgentsTable {
  id: string;
  tenant_id: string;
  hostname: string;
  platform: string;
  agent_version: string;
  /** JSON array of the task types it runs. */
  capabilities: string;
  credential_hash: string;
  /** A rotated credential not yet used: both work until it is, then it replaces the old. */
  pending_credential_hash: string | null;
  /** active | revoked */
  status: string;
  /** The asset its inventory identified, once it has reported one. */
  asset_id: string | null;
  enrollment_secret_id: string | null;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  /** The gateway process holding its connection; null when disconnected. */
  online_node: string | null;
  connection_id: string | null;
  /** websocket | poll */
  transport: string | null;
  connected_at: string | null;
  bytes_in: Generated<number>;
  bytes_out: Generated<number>;
  updated_at: string;
}

/** A live server process holding agent connections; a row not refreshed lately is a dead process. */
export interface GatewayNodesTable {
  id: string;
  host: string;
  started_at: string;
  last_seen_at: string;
  connections: Generated<number>;
}

/** The latest full inventory an agent reported, with deltas applied. */
export interface AgentInventoriesTable {
  agent_id: string;
  tenant_id: string;
  inventory: string;
  observed_at: string;
  received_at: string;
}

/** One admin request for many devices ("inventory now" on a view); its tasks carry its id. */
export interface AgentTaskRequestsTable {
  id: string;
  tenant_id: string;
  type: string;
  parameters: string;
  /** JSON: { assetIds } | { viewId } | { all: true } */
  target: string;
  task_count: number;
  created_by: string;
  created_at: string;
}

/** One installed package on an agent's device, from its latest inventory. */
export interface AgentSoftwareTable {
  agent_id: string;
  tenant_id: string;
  name: string;
  version: string;
  source: string | null;
}

/** What every agent of a tenant is told (inventory interval, settings); the revision counts changes. */
export interface AgentPoliciesTable {
  tenant_id: string;
  revision: number;
  /** JSON: { inventoryIntervalMinutes?, settings } */
  policy: string;
  updated_by: string;
  updated_at: string;
}
