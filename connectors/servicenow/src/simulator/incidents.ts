import { randomBytes } from 'node:crypto';
import { SimHttpError } from '@steward/sdk/simulator';
import { snError } from './errors.js';

/** One incident as the instance stores it: every value a string, references as sys_ids or names. */
export type IncidentRecord = Record<string, string> & { sys_id: string; number: string };

/** Fields a client may set on insert; anything else in the body is ignored, as ServiceNow does. */
const WRITABLE = [
  'short_description',
  'description',
  'urgency',
  'impact',
  'caller_id',
  'assignment_group',
  'category',
  'cmdb_ci',
  'correlation_id',
  'contact_type',
] as const;

/** Reference fields and the table each points to: rendered `{link, value}` when set, like the Table API. */
const REFERENCES: Record<string, string> = {
  caller_id: 'sys_user',
  assignment_group: 'sys_user_group',
  cmdb_ci: 'cmdb_ci',
};

export const INCIDENT_FIELDS: ReadonlySet<string> = new Set([
  ...WRITABLE,
  'sys_id',
  'number',
  'state',
  'priority',
  'active',
  'opened_at',
  'sys_created_on',
  'sys_updated_on',
  'sys_created_by',
  'sys_mod_count',
]);

// The instance's default priority lookup: urgency + impact, 1 (critical) to 5 (planning).
const priorityOf = (urgency: string, impact: string) => String(Number(urgency) + Number(impact) - 1);

/** `2026-01-31 14:05:09`, the Table API's date-time format (UTC for an integration user). */
export const glideDateTime = (date: Date): string => date.toISOString().slice(0, 19).replace('T', ' ');

const invalid = (message: string, detail: string) => new SimHttpError(snError(400, message, detail));

/** The values of a POST body the table keeps, validated; throws the instance's 400 otherwise. */
export function insertable(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('Exception while reading request', 'The payload is not valid JSON.');
  const fields: Record<string, string> = {};
  for (const name of WRITABLE) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw invalid('Invalid value', `${name} must be a string`);
    fields[name] = String(value).trim();
  }
  if (!fields.short_description) throw invalid('Mandatory field missing', 'short_description');
  for (const name of ['urgency', 'impact'] as const) {
    const value = fields[name];
    if (value !== undefined && !['1', '2', '3'].includes(value))
      throw invalid('Invalid value', `${name} must be 1, 2 or 3, not "${value}"`);
  }
  return fields;
}

export class IncidentTable {
  readonly rows: IncidentRecord[] = [];
  private nextNumber = 10001;

  constructor(
    private readonly createdBy: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Inserts validated fields (see `insertable`) with the defaults a new incident gets. */
  insert(fields: Record<string, string>): IncidentRecord {
    const at = glideDateTime(this.now());
    const urgency = fields.urgency || '3';
    const impact = fields.impact || '3';
    const record: IncidentRecord = {
      category: 'inquiry',
      contact_type: '',
      description: '',
      caller_id: '',
      assignment_group: '',
      cmdb_ci: '',
      correlation_id: '',
      ...fields,
      short_description: fields.short_description ?? '',
      sys_id: randomBytes(16).toString('hex'),
      number: `INC${String(this.nextNumber++).padStart(7, '0')}`,
      state: '1',
      active: 'true',
      urgency,
      impact,
      priority: priorityOf(urgency, impact),
      opened_at: at,
      sys_created_on: at,
      sys_updated_on: at,
      sys_created_by: this.createdBy,
      sys_mod_count: '0',
    };
    this.rows.push(record);
    return record;
  }

  find(sysId: string): IncidentRecord | undefined {
    return this.rows.find((r) => r.sys_id === sysId);
  }
}

/** The record as the Table API returns it, limited to `sysparm_fields` when given. */
export function renderIncident(
  record: IncidentRecord,
  origin: string,
  fields: readonly string[] | undefined,
): Record<string, unknown> {
  const names = fields ?? Object.keys(record);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const value = record[name];
    if (value === undefined) continue;
    const table = REFERENCES[name];
    out[name] = table && value ? { link: `${origin}/api/now/table/${table}/${value}`, value } : value;
  }
  return out;
}
