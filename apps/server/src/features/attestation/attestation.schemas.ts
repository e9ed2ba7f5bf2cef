import { z } from 'zod';
import { filterSchema } from '../assets/index.js';

export const createCampaignSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  dueAt: z.iso.datetime({ offset: true }).describe('When answers are due'),
  reminderEveryDays: z.number().int().min(1).max(90).default(7),
  filters: z
    .array(filterSchema)
    .max(30)
    .default([])
    .describe('Which assigned assets to include (asset query filters); all by default'),
});
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

export const campaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['open', 'closed']),
    dueAt: z.string(),
    reminderEveryDays: z.number().int(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
    people: z.number().int(),
    assets: z.number().int(),
  })
  .meta({ id: 'AttestationCampaign' });
export type Campaign = z.infer<typeof campaignSchema>;

export const campaignReportSchema = z.object({
  campaign: campaignSchema,
  responded: z.number().int(),
  pending: z.number().int(),
  confirmed: z.number().int().describe('Assets their holder confirmed'),
  disputed: z.number().int().describe('Assets their assignee says they do not hold'),
  notAnswered: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      assets: z.number().int(),
      remindersSent: z.number().int(),
      link: z.string(),
    }),
  ),
  disputes: z.array(z.object({ personId: z.string(), assetId: z.string(), note: z.string().nullable() })),
});

export const respondSchema = z.strictObject({
  responses: z
    .array(
      z.strictObject({
        assetId: z.string().min(1).max(64),
        holds: z.boolean(),
        note: z.string().max(1000).optional(),
      }),
    )
    .min(1)
    .max(500),
});

export const attestationViewSchema = z.object({
  campaign: z.object({ name: z.string(), dueAt: z.string() }),
  person: z.object({ name: z.string() }),
  assets: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      model: z.string().nullable(),
      serialNumber: z.string().nullable(),
      assetTag: z.string().nullable(),
    }),
  ),
  respondedAt: z.string().nullable(),
});
