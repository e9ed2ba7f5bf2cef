// Slack's webhook endpoint: plain-text answers (`ok` or an error code), never JSON.
import type { SimRequest, SimResponse, SimRoute, VendorErrors } from '@steward/sdk/simulator';
import { z } from 'zod';
import type { HookStatus, SlackSimulatorState } from './state.js';

export const text = (status: number, body: string, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  text: body,
});

const rateLimited = (retryAfterSeconds: number | undefined): SimResponse =>
  text(
    429,
    'rate_limited',
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  );

export const slackErrors: VendorErrors = {
  // A hook authenticates by its path: an unknown one is "no such service", not a 401.
  unauthorized: () => text(404, 'no_service'),
  notFound: () => text(404, 'no_service'),
  // Slack's 500 says only `rollup_error`, whatever went wrong.
  serverError: (status) => text(status, 'rollup_error'),
  rateLimited,
  badRequest: () => text(400, 'invalid_payload'),
};

const REFUSALS: Record<Exclude<HookStatus, 'active'>, SimResponse> = {
  prohibited: text(403, 'action_prohibited'),
  channel_not_found: text(404, 'channel_not_found'),
  archived: text(410, 'channel_is_archived'),
};

/** Block Kit's message blocks; anything else is refused like any malformed payload. */
const BLOCK_TYPES = [
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'rich_text',
  'section',
  'video',
] as const;

const payloadSchema = z.looseObject({
  text: z.string().optional(),
  blocks: z
    .array(z.looseObject({ type: z.enum(BLOCK_TYPES) }))
    .max(50)
    .optional(),
  unfurl_links: z.boolean().optional(),
});

function post(state: SlackSimulatorState, req: SimRequest): SimResponse {
  const hook = state.hooks.get(req.path);
  if (!hook) return text(404, 'no_service');
  const verdict = state.take(hook.path);
  if (!verdict.allowed) return rateLimited(verdict.retryAfterSeconds);
  if (hook.status !== 'active') return REFUSALS[hook.status];

  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return text(400, 'invalid_payload');
  }
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) return text(400, 'invalid_payload');
  const { text: message, blocks, unfurl_links: unfurlLinks } = parsed.data;
  if (!message?.trim() && !blocks?.length) return text(400, 'no_text');

  state.messages.push({
    hook: hook.path,
    channel: hook.channel,
    ...(message !== undefined ? { text: message } : {}),
    ...(blocks !== undefined ? { blocks } : {}),
    ...(unfurlLinks !== undefined ? { unfurlLinks } : {}),
    receivedAt: new Date().toISOString(),
  });
  return text(200, 'ok');
}

export function slackRoutes(state: SlackSimulatorState): SimRoute[] {
  return [{ method: 'POST', path: '/services/:team/:bot/:secret', handle: (req) => post(state, req) }];
}
