import type { z } from 'zod';
import {
  AGENT_MESSAGE_SCHEMAS,
  SERVER_MESSAGE_SCHEMAS,
  type AgentMessage,
  type ProtocolErrorCode,
  type ServerMessage,
} from './messages.js';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './version.js';

export interface ProtocolFault {
  code: ProtocolErrorCode;
  message: string;
  /** Whether the connection should be closed: only when carrying on cannot work. */
  fatal: boolean;
  about?: string;
}

type Schemas<T> = Readonly<Record<string, z.ZodType<T>>>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; fault: ProtocolFault };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid message';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function parseWith<T>(schemas: Schemas<T>, data: string | Buffer): Parsed<T> {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (size > MAX_MESSAGE_BYTES)
    return {
      ok: false,
      fault: {
        code: 'too_large',
        message: `message is ${size} bytes; the limit is ${MAX_MESSAGE_BYTES}`,
        fatal: true,
      },
    };
  let raw: unknown;
  try {
    raw = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { ok: false, fault: { code: 'bad_json', message: 'message is not JSON', fatal: false } };
  }
  return checkWith(schemas, raw);
}

function checkWith<T>(schemas: Schemas<T>, raw: unknown): Parsed<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, fault: { code: 'bad_message', message: 'message is not an object', fatal: false } };
  const { v, type } = raw as { v?: unknown; type?: unknown };
  const about = typeof type === 'string' ? type.slice(0, 64) : undefined;
  if (v !== PROTOCOL_VERSION)
    return {
      ok: false,
      fault: {
        code: 'unsupported_version',
        message: `protocol version ${JSON.stringify(v)} is not supported; this peer speaks ${PROTOCOL_VERSION}`,
        fatal: true,
        ...(about ? { about } : {}),
      },
    };
  const schema = typeof type === 'string' && Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema)
    return {
      ok: false,
      fault: {
        code: 'bad_message',
        message: `type: unknown message type ${JSON.stringify(type)}`,
        fatal: false,
        ...(about ? { about } : {}),
      },
    };
  const result = schema.safeParse(raw);
  if (!result.success)
    return {
      ok: false,
      fault: {
        code: 'bad_message',
        message: firstIssue(result.error),
        fatal: false,
        ...(about ? { about } : {}),
      },
    };
  return { ok: true, message: result.data };
}

/** What the server does with a frame from an agent. */
export function parseAgentMessage(data: string | Buffer): Parsed<AgentMessage> {
  return parseWith(AGENT_MESSAGE_SCHEMAS as Schemas<AgentMessage>, data);
}

/** What the agent does with a frame from the server. */
export function parseServerMessage(data: string | Buffer): Parsed<ServerMessage> {
  return parseWith(SERVER_MESSAGE_SCHEMAS as Schemas<ServerMessage>, data);
}

/** Check an already-decoded message (an HTTP upload's items). */
export function checkAgentMessage(raw: unknown): Parsed<AgentMessage> {
  return checkWith(AGENT_MESSAGE_SCHEMAS as Schemas<AgentMessage>, raw);
}
