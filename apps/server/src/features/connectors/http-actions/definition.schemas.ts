import { z } from 'zod';

const identifier = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'letters, digits and _, starting with a letter (at most 40)');

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Header templates; the reasons name the header, since a record key cannot carry its own message. */
const headersSchema = z.record(z.string(), z.string().max(4000)).superRefine((headers, ctx) => {
  for (const name of Object.keys(headers)) {
    if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'not a header name' });
    else if (CREDENTIAL_HEADERS.has(name.toLowerCase()))
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'credentials come from the instance’s vault, not from a header in the definition',
      });
  }
});

export const inputFieldSchema = z.strictObject({
  name: identifier,
  label: z.string().trim().min(1).max(100),
  type: z.enum(['string', 'number', 'boolean']).default('string'),
  required: z.boolean().default(false),
  description: z.string().max(500).optional(),
  /** For strings: a regular expression the whole value must match. */
  pattern: z.string().max(200).optional(),
  /** For strings: the allowed values. */
  options: z.array(z.string().max(200)).min(1).max(50).optional(),
});
export type InputField = z.infer<typeof inputFieldSchema>;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const httpRequestTemplateSchema = z.strictObject({
  /** Later requests and the output read this request's answer as `responses.<name>`. */
  name: identifier.default('request'),
  method: z.enum(HTTP_METHODS),
  /** Relative to the instance's base URL (or absolute on its origin); `{{ }}` holes are URL-encoded. */
  url: z.string().min(1).max(4000),
  query: z.record(z.string().min(1).max(200), z.string().max(4000)).default({}),
  headers: headersSchema.default({}),
  /** A JSONata expression whose value is sent as the JSON body. */
  body: z.string().max(20_000).optional(),
  /** Statuses that count as success (default: any 2xx). */
  expect: z.array(z.number().int().min(100).max(599)).min(1).max(20).optional(),
});
export type HttpRequestTemplate = z.infer<typeof httpRequestTemplateSchema>;

export const httpActionDefinitionSchema = z
  .strictObject({
    inputs: z.array(inputFieldSchema).max(30).default([]),
    requests: z.array(httpRequestTemplateSchema).min(1).max(5),
    /** A JSONata expression over the context and `responses`; default: the last response's body. */
    output: z.string().max(20_000).optional(),
  })
  .meta({
    description:
      'A generic HTTP action: up to five requests run in order through a connector instance (its base URL, ' +
      'vaulted credentials and rate limits). URL, query and header values are templates with {{ JSONata }} ' +
      'holes; body and output are JSONata expressions. The context: input, entity (the asset or person), ' +
      'target.key (what the instance calls the entity), idempotencyKey, now, instance and responses.<name>.',
  });
export type HttpActionDefinition = z.infer<typeof httpActionDefinitionSchema>;
