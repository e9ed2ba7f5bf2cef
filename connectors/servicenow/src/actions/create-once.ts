// Exactly one incident per idempotency key, though ServiceNow has no idempotency header.
import { createHash } from 'node:crypto';
import { isHttpError, type ConnectorContext, sleep } from '@steward/sdk';
import type { ServiceNowConfig } from '../config.js';
import {
  failureError,
  findByCorrelationId,
  insertIncident,
  type IncidentRef,
  type NewIncident,
} from '../transport.js';

type Ctx = ConnectorContext<ServiceNowConfig>;

/**
 * The key as stored in `correlation_id` (100 characters at most). A key outside a plain character set is
 * hashed, so it can never break out of its `correlation_id=<key>` term of an encoded query (`^`, `=`).
 */
export function correlationIdOf(idempotencyKey: string): string {
  if (/^[A-Za-z0-9._:@-]{1,100}$/.test(idempotencyKey)) return idempotencyKey;
  return `steward-${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}

export interface Outcome {
  incident: IncidentRef;
  /** False when an earlier attempt of this dispatch had already created it. */
  created: boolean;
}

/**
 * Looks for the key's incident before every POST, and POSTs again only after a failure that may have
 * been lost on the way (5xx, dropped connection, timeout): the look-up in between is what keeps a retry
 * from creating a second incident, so the transport itself never repeats the POST.
 */
export async function createOnce(
  ctx: Ctx,
  fields: Omit<NewIncident, 'correlation_id'>,
  idempotencyKey: string,
): Promise<Outcome> {
  const correlationId = correlationIdOf(idempotencyKey);
  const { maxRetries = 4, backoffBaseMs = 500, backoffMaxMs = 30_000 } = ctx.config.http;
  for (let retry = 0; ; retry++) {
    const existing = await findByCorrelationId(ctx, correlationId);
    if (existing) return { incident: existing, created: false };
    try {
      const created = await insertIncident(ctx, { ...fields, correlation_id: correlationId });
      if (!created.ok) throw failureError('Could not create the ServiceNow incident', created.failure);
      return { incident: created.value, created: true };
    } catch (e) {
      if (!mayHaveBeenLost(e) || retry >= maxRetries) throw e;
      const cap = Math.min(backoffMaxMs, backoffBaseMs * 2 ** retry);
      await sleep(Math.round(Math.random() * cap), ctx.signal);
    }
  }
}

/** A failure after which the incident may or may not exist: only a look-up can tell. */
function mayHaveBeenLost(e: unknown): boolean {
  if (!isHttpError(e)) return false;
  return e.code === 'network' || e.code === 'timeout' || (e.code === 'http_status' && (e.status ?? 0) >= 500);
}
