import { defineAction, type ConnectorContext, type Json } from '@steward/sdk';
import { z } from 'zod';
import type { SlackConfig } from '../config.js';
import { postToWebhook, refusalError } from '../webhook.js';

/** Slack's limits: text up to 40 000 characters, at most 50 blocks per message. */
export const MAX_TEXT = 40_000;
export const MAX_BLOCKS = 50;

/** A Block Kit block, passed through as given; Slack validates the rest. */
const blockSchema = z.looseObject({ type: z.string().min(1) });

export const notifyInputSchema = z
  .object({
    /** The message, or the notification fallback when blocks are given. */
    text: z
      .string()
      .max(MAX_TEXT)
      .refine((t) => t.trim() !== '', 'must not be blank')
      .optional(),
    blocks: z.array(blockSchema).min(1).max(MAX_BLOCKS).optional(),
    /** Whether Slack unfurls links in the text (Slack's default: off for bots, on for text links). */
    unfurlLinks: z.boolean().optional(),
  })
  .strict()
  .refine((input) => input.text !== undefined || input.blocks !== undefined, {
    path: ['text'],
    message: 'text or blocks is required',
  });
export type NotifyInput = z.output<typeof notifyInputSchema>;

export const notify = defineAction({
  title: 'Post Slack message',
  description:
    'Posts a message (text and/or Block Kit blocks) to the channel the incoming webhook was made for.',
  inputSchema: notifyInputSchema,
  reversible: false,
  destructive: false,
  // Slack keeps no key and has no way to list what a webhook posted: a message cut off by a crash may be
  // posted twice when resumed, never lost.
  resume: 'at-least-once',
  // The idempotency key is not used: Slack has none, see postToWebhook for what is retried.
  async execute(ctx: ConnectorContext<SlackConfig>, input) {
    const payload = {
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...(input.blocks !== undefined ? { blocks: input.blocks } : {}),
      ...(input.unfurlLinks !== undefined ? { unfurl_links: input.unfurlLinks } : {}),
    };
    const answer = await postToWebhook(ctx, payload);
    if (!answer.ok) throw refusalError(answer);
    const where = ctx.config.channel ?? "the webhook's channel";
    const data: Json = {
      attempts: answer.attempts,
      ...(ctx.config.channel ? { channel: ctx.config.channel } : {}),
    };
    return { status: 'succeeded', message: `Posted to ${where} on Slack.`, data };
  },
});
