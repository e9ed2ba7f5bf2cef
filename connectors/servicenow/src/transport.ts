// The only file that knows the Table API's paths and its {error:{message,detail},status:"failure"} envelope.
import { errors } from '@steward/domain';
import type { ConnectorContext, HttpRequest, HttpResponse } from '@steward/sdk';
import { z } from 'zod';
import type { ServiceNowConfig } from './config.js';

type Ctx = ConnectorContext<ServiceNowConfig>;

export const INCIDENT_PATH = '/api/now/table/incident';

const envelopeSchema = z.object({
  error: z.object({ message: z.string(), detail: z.string().nullish() }),
  status: z.literal('failure'),
});

const incidentRefSchema = z.looseObject({
  sys_id: z.string().regex(/^[0-9a-f]{32}$/),
  number: z.string().min(1),
  state: z.string(),
  correlation_id: z.string().optional(),
});
export type IncidentRef = z.infer<typeof incidentRefSchema>;

export interface ServiceNowFailure {
  status: number;
  /** `error.message`, plus `error.detail` in parentheses when ServiceNow gave one. */
  message: string;
}

export type ServiceNowResult<T> = { ok: true; value: T } | { ok: false; failure: ServiceNowFailure };

// ServiceNow refusing this one request. 401 is here too: Basic credentials cannot be refreshed, so the
// vendor's own words are the clearest answer. 429 and 5xx stay with the transport's retry policy.
const REFUSALS = [400, 401, 403, 404] as const;

/** Fields of a new incident, under ServiceNow's own names; blanks are left out. */
export interface NewIncident {
  short_description: string;
  description?: string;
  urgency?: string;
  impact?: string;
  caller_id?: string;
  assignment_group?: string;
  category?: string;
  cmdb_ci?: string;
  correlation_id: string;
}

/** The cheapest authenticated call: one sys_id of the incident table. */
export function ping(ctx: Ctx): Promise<ServiceNowResult<null>> {
  return call(
    ctx,
    { path: INCIDENT_PATH, query: { sysparm_limit: 1, sysparm_fields: 'sys_id' } },
    () => null,
  );
}

/**
 * The oldest incident carrying `correlationId`, if any. The answer is checked against the id asked for:
 * an instance that ignores a query term it cannot use returns unfiltered rows, and taking one of those for
 * ours would report someone else's incident as created.
 */
export async function findByCorrelationId(ctx: Ctx, correlationId: string): Promise<IncidentRef | undefined> {
  const found = await call(
    ctx,
    {
      path: INCIDENT_PATH,
      query: {
        sysparm_query: `correlation_id=${correlationId}^ORDERBYsys_created_on`,
        sysparm_limit: 1,
        sysparm_fields: 'sys_id,number,state,correlation_id',
      },
    },
    (res) => z.object({ result: z.array(incidentRefSchema) }).safeParse(res.json),
  );
  if (!found.ok) throw failureError('Could not create the ServiceNow incident', found.failure);
  if (!found.value.success) throw unexpected('incident lookup', found.value.error);
  const first = found.value.data.result[0];
  if (first && first.correlation_id !== correlationId) {
    throw errors.upstream(
      `ServiceNow did not filter incidents by correlation_id (it answered ${first.number}); ` +
        'without that filter a retried request could create a duplicate, so no incident was created.',
    );
  }
  return first;
}

/**
 * One `POST /api/now/table/incident`, never repeated by the transport on a 5xx or a dropped connection:
 * either may follow a create whose answer was lost, and only the caller can look before sending again.
 * A 429 is still waited out and retried here: a rate-limit rule refuses before the insert runs.
 */
export async function insertIncident(ctx: Ctx, fields: NewIncident): Promise<ServiceNowResult<IncidentRef>> {
  const created = await call(
    ctx,
    { method: 'POST', path: INCIDENT_PATH, json: fields, retry: false },
    (res) => z.object({ result: incidentRefSchema }).safeParse(res.json),
  );
  if (!created.ok) return created;
  if (!created.value.success) throw unexpected('new incident', created.value.error);
  return { ok: true, value: created.value.data.result };
}

/** The incident as a person opens it in the instance's UI. */
export function incidentUrl(baseUrl: string, sysId: string): string {
  return `${baseUrl}/nav_to.do?uri=${encodeURIComponent(`incident.do?sys_id=${sysId}`)}`;
}

/** The failure as the error an action reports: ServiceNow's status and own words. */
export function failureError(what: string, failure: ServiceNowFailure): Error {
  return errors.upstream(`${what}: ServiceNow answered ${failure.status}: ${failure.message}`, [
    { path: 'servicenow', reason: failure.message },
  ]);
}

async function call<T>(
  ctx: Ctx,
  req: HttpRequest,
  read: (res: HttpResponse) => T,
): Promise<ServiceNowResult<T>> {
  const res = await ctx.http.request({ ...req, signal: ctx.signal, expect: [200, 201, ...REFUSALS] });
  if (res.status < 300) return { ok: true, value: read(res) };
  return { ok: false, failure: failureOf(res) };
}

function failureOf(res: HttpResponse): ServiceNowFailure {
  const parsed = envelopeSchema.safeParse(res.json);
  if (!parsed.success) {
    throw errors.upstream(`ServiceNow answered ${res.status} without its error envelope (${res.url}).`);
  }
  const { message, detail } = parsed.data.error;
  return { status: res.status, message: detail ? `${message} (${detail})` : message };
}

function unexpected(what: string, error: z.ZodError): Error {
  const issues = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  return errors.upstream(`ServiceNow answered the ${what} with an unexpected body: ${issues}`);
}
