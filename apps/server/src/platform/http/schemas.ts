import { z } from 'zod';

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. validation_failed'),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), reason: z.string() })),
    }),
  })
  .meta({ id: 'Error' });

/** The 4xx answers every authenticated route can give. */
export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  429: errorBodySchema,
} as const;
