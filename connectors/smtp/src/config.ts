import { z } from 'zod';

export const SECURITY_MODES = ['tls', 'starttls', 'none'] as const;
export type SecurityMode = (typeof SECURITY_MODES)[number];

const oneLine = (s: string) => !/[\r\n]/.test(s);

// A DNS name or an IP literal (v4 or v6, without brackets); no scheme, port or path.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;

/** Timeouts and re-sends of the SMTP client, rarely changed; tests shorten them. */
export const smtpTuningSchema = z
  .object({
    connectionTimeoutMs: z.number().int().positive().max(300_000).optional().meta({
      title: 'Connection timeout (ms)',
      description:
        'Advanced: how long to wait for the connection to the server to open; blank keeps 10 seconds.',
    }),
    greetingTimeoutMs: z.number().int().positive().max(300_000).optional().meta({
      title: 'Greeting timeout (ms)',
      description:
        "Advanced: how long to wait for the server's 220 greeting once connected; blank keeps 10 seconds.",
    }),
    socketTimeoutMs: z.number().int().positive().max(600_000).optional().meta({
      title: 'Reply timeout (ms)',
      description:
        'Advanced: how long the connection may wait for any reply of the server before it is given up; blank keeps 60 seconds.',
    }),
    maxRetries: z
      .number()
      .int()
      .min(0)
      .max(10)
      .optional()
      .meta({
        title: 'Maximum re-sends',
        description:
          'Advanced: how often a message the server turned away for now (a 4xx reply, a refused or dropped ' +
          'connection, a timeout) is sent again (0–10); blank keeps 3.',
      }),
    backoffBaseMs: z.number().int().positive().optional().meta({
      title: 'Re-send backoff base (ms)',
      description:
        'Advanced: the first wait before a re-send, doubled on each further one; blank keeps 1 second.',
    }),
    backoffMaxMs: z.number().int().positive().optional().meta({
      title: 'Re-send backoff cap (ms)',
      description: 'Advanced: the longest wait between two re-sends; blank keeps 30 seconds.',
    }),
  })
  .strict();
export type SmtpTuning = z.infer<typeof smtpTuningSchema>;

export const smtpConfigSchema = z
  .object({
    host: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(HOST, 'a host name or IP address, without scheme or port')
      .meta({
        title: 'SMTP server',
        description:
          'Host name or IP address of the mail server that accepts submissions (smtp.example.com).',
      }),
    port: z.number().int().min(1).max(65_535).meta({
      title: 'Port',
      description: 'Usually 465 for TLS, 587 for STARTTLS, 25 for an unencrypted relay inside your network.',
    }),
    security: z
      .enum(SECURITY_MODES)
      .default('starttls')
      .meta({
        title: 'Connection security',
        description:
          'tls: encrypted from the first byte (port 465). starttls: plain connection upgraded before signing ' +
          'in, refused if the server cannot (port 587). none: unencrypted, only for a relay on a trusted network.',
      }),
    fromAddress: z.email().max(254).meta({
      title: 'From address',
      description:
        'The sender of every message (and the envelope sender); the server must allow the user to send as it.',
    }),
    fromName: z.string().trim().min(1).max(100).refine(oneLine, 'must be one line').optional().meta({
      title: 'From name',
      description: 'Shown as the sender\u2019s name (Steward IT); blank shows the address alone.',
    }),
    username: z.string().trim().min(1).max(256).refine(oneLine, 'must be one line').optional().meta({
      title: 'User name',
      description:
        'To sign in (AUTH PLAIN or LOGIN) with the password stored as a secret; blank for a relay that needs no sign-in.',
    }),
    advanced: smtpTuningSchema.default({}).meta({
      title: 'Advanced SMTP settings',
      description:
        'Advanced: timeouts and re-sends of the SMTP client, rarely changed; every field may be left blank.',
    }),
  })
  .strict();
export type SmtpConfig = z.infer<typeof smtpConfigSchema>;
