import { useMemo, useState } from 'react';
import { isApiError } from '../../api/client.js';
import type { ErrorDetail } from '../../api/types.js';
import type { CatalogEntry, Instance } from './connectors.types.js';
import { buildValue, errorsByField, fieldsOf, initialValues, type FormValue } from './schemaForm.js';
import { browserTimeZone } from './timeZones.js';

export interface InstanceDraft {
  name: string;
  config: Record<string, unknown>;
  /** Only the secrets typed: blank ones are kept as stored (or refused by the server on create). */
  secrets: Record<string, string>;
  schedule: string | null;
  timeZone: string;
  enabled: boolean;
}

/**
 * The state of the instance form: the config fields generated from the connector's schema, the write-only
 * secrets, the schedule; and the server's reasons placed at the field they name, until that field changes.
 */
export function useInstanceForm(entry: CatalogEntry, instance: Instance | undefined, serverError: unknown) {
  const fields = useMemo(() => fieldsOf(entry.configSchema), [entry]);
  const [name, setName] = useState(instance?.name ?? entry.title);
  const [values, setValues] = useState(() => initialValues(fields, instance?.config));
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [schedule, setSchedule] = useState(instance?.schedule ?? '');
  const [timeZone, setTimeZone] = useState(instance?.timeZone ?? browserTimeZone());
  const [enabled, setEnabled] = useState(instance?.enabled ?? true);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  /** Fields changed since the last submit: the server's reason about them is out of date. */
  const [edited, setEdited] = useState<Set<string>>(new Set());

  const touch = (key: string) => setEdited((s) => (s.has(key) ? s : new Set(s).add(key)));
  const shown = useMemo(
    () =>
      new Set([
        'name',
        'schedule',
        'timeZone',
        'enabled',
        ...fields.map((f) => `config.${f.path}`),
        ...entry.auth.secrets.map((s) => `secrets.${s.key}`),
      ]),
    [fields, entry],
  );
  const details: ErrorDetail[] = isApiError(serverError) ? serverError.details : [];
  const placed = errorsByField(details, shown);
  const errorAt = (key: string): string | undefined =>
    localErrors[key] ?? (edited.has(key) ? undefined : placed.byField[key]);

  return {
    fields,
    values,
    name,
    secrets,
    schedule,
    timeZone,
    enabled,
    rest: placed.rest,
    errorAt,
    setName: (v: string) => {
      setName(v);
      touch('name');
    },
    setValue: (path: string, v: FormValue) => {
      setValues((old) => ({ ...old, [path]: v }));
      touch(`config.${path}`);
    },
    setSecret: (key: string, v: string) => {
      setSecrets((old) => ({ ...old, [key]: v }));
      touch(`secrets.${key}`);
    },
    setSchedule: (v: string) => {
      setSchedule(v);
      touch('schedule');
    },
    setTimeZone: (v: string) => {
      setTimeZone(v);
      touch('timeZone');
    },
    setEnabled,
    /** The draft to send, or null when a value cannot be sent (its reason is then shown at the field). */
    draft(): InstanceDraft | null {
      const built = buildValue(fields, values);
      const errors = Object.fromEntries(Object.entries(built.errors).map(([p, r]) => [`config.${p}`, r]));
      setLocalErrors(errors);
      setEdited(new Set());
      if (Object.keys(errors).length > 0) return null;
      return {
        name: name.trim(),
        config: built.value,
        secrets: Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== '')),
        schedule: schedule.trim() || null,
        timeZone,
        enabled,
      };
    },
  };
}
