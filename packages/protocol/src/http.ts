import { z } from 'zod';
import { serverMessageSchema } from './messages.js';
import { MAX_POLL_WAIT_SECONDS, MAX_UPLOAD_MESSAGES } from './version.js';

/** The HTTP side of the protocol: enrolment, credential rotation, and the polling fallback. */
export const AGENT_PATHS = {
  enroll: '/agent/v1/enroll',
  rotate: '/agent/v1/credential',
  ws: '/agent/v1/ws',
  poll: '/agent/v1/poll',
  messages: '/agent/v1/messages',
} as const;

export const enrollRequestSchema = z
  .object({
    /** The tenant's enrolment secret, as an admin created it. */
    secret: z.string().min(16).max(200),
    hostname: z.string().min(1).max(255),
    platform: z.string().min(1).max(32),
    agentVersion: z.string().min(1).max(64),
  })
  .strict();
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.object({
  agentId: z.string(),
  /** Sent as `Authorization: Bearer <credential>` from now on; shown only here. */
  credential: z.string(),
  protocol: z.number().int(),
  heartbeatSeconds: z.number().int().positive(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

export const rotateResponseSchema = z.object({ credential: z.string() });

export const pollRequestSchema = z
  .object({
    /** How long the server may hold the request open when there is nothing to send. */
    waitSeconds: z.number().int().min(0).max(MAX_POLL_WAIT_SECONDS).default(25),
  })
  .strict();
export const pollResponseSchema = z.object({ messages: z.array(serverMessageSchema) });
export type PollResponse = z.infer<typeof pollResponseSchema>;

/** Items are checked one by one on the server, so one bad item does not sink the others. */
export const uploadRequestSchema = z
  .object({ messages: z.array(z.unknown()).min(1).max(MAX_UPLOAD_MESSAGES) })
  .strict();
export const uploadResponseSchema = z.object({
  /** Replies the server would have sent over a WebSocket (`received`, errors, pushed tasks). */
  messages: z.array(serverMessageSchema),
});
export type UploadResponse = z.infer<typeof uploadResponseSchema>;

export const credentialSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{20,200}$/);

/** `<agentId>.<secret>`: the id lets the server find the hash without scanning. */
export function splitCredential(credential: string): { agentId: string; secret: string } | null {
  if (!credentialSchema.safeParse(credential).success) return null;
  const dot = credential.indexOf('.');
  return { agentId: credential.slice(0, dot), secret: credential.slice(dot + 1) };
}
