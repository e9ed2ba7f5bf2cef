// Shapes of the agents API (see /api/openapi.json, tag "Agents"). Kept by hand; the server's zod schemas in
// apps/server/src/features/agents/agents.schemas.ts are the source of truth.

export interface Agent {
  id: string;
  hostname: string;
  platform: string;
  agentVersion: string;
  capabilities: string[];
  status: 'active' | 'revoked';
  assetId: string | null;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  online: boolean;
  transport: 'websocket' | 'poll' | null;
  connectedAt: string | null;
  node: string | null;
  bytesIn: number;
  bytesOut: number;
}

export interface AgentPage {
  items: Agent[];
  nextCursor: string | null;
}

export interface GatewayNode {
  id: string;
  host: string;
  connections: number;
  startedAt: string;
  lastSeenAt: string;
}

export interface AgentStats {
  enrolled: number;
  revoked: number;
  online: number;
  byTransport: Record<string, number>;
  byVersion: Record<string, number>;
  byPlatform: Record<string, number>;
  nodes: GatewayNode[];
}

export interface EnrollmentSecret {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  uses: number;
}

/** The answer to creating a secret: the only time the secret itself is shown. */
export interface CreatedEnrollmentSecret extends EnrollmentSecret {
  secret: string;
}

export const TASK_TYPES = [
  'inventory',
  'script',
  'collect_logs',
  'lock',
  'restart',
  'install',
  'update',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_STATUSES = [
  'queued',
  'delivered',
  'running',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface AgentTask {
  id: string;
  assetId: string;
  type: string;
  parameters: Record<string, unknown>;
  status: TaskStatus;
  deadlineAt: string;
  result: unknown;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  agentId: string | null;
  requestId: string | null;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  progress: { message: string; percent?: number; at: string } | null;
}

export type TaskTarget = { assetIds: string[] } | { viewId: string } | { all: true };

export interface TaskRequestBody {
  type: TaskType;
  parameters: Record<string, unknown>;
  target: TaskTarget;
  deadlineMinutes?: number;
}

export interface TaskRequest {
  id: string;
  type: string;
  parameters: Record<string, unknown>;
  target: unknown;
  taskCount: number;
  createdBy: string;
  createdAt: string;
  counts: Partial<Record<TaskStatus, number>>;
}

/** The answer to creating a request: also how many targeted assets have no agent (and got no task). */
export interface CreatedTaskRequest extends TaskRequest {
  withoutAgent: number;
}

/** Which agents the list shows. */
export type AgentFilter = 'all' | 'online' | 'offline' | 'revoked';
