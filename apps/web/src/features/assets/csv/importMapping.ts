// The column-mapping step of a CSV import: what each column can be read as, and which columns the server
// could not place (a dry run answers 400 naming them; the import maps them to "ignore" and shows them).
import { ASSET_ATTRIBUTES } from '../../../api/attributes.js';
import { isApiError } from '../../../api/client.js';
import { IGNORE } from '../../../api/csv.js';
import type { CustomField } from '../../../api/records.js';

/** Managed attributes have their own actions; an import may only set a new asset's lifecycle state. */
const IMPORTABLE_MANAGED = new Set(['lifecycleState']);

export interface TargetGroup {
  group: string;
  items: { value: string; label: string }[];
}

export function targetOptions(custom: readonly CustomField[]): TargetGroup[] {
  const groups: TargetGroup[] = [
    { group: 'Skip', items: [{ value: IGNORE, label: 'Do not import' }] },
    {
      group: 'Attributes',
      items: ASSET_ATTRIBUTES.filter((a) => !a.managed || IMPORTABLE_MANAGED.has(a.key)).map((a) => ({
        value: a.key,
        label: a.label,
      })),
    },
    {
      group: 'Other',
      items: [
        { value: 'tags', label: 'Tags' },
        { value: 'kind', label: 'Kind (device / accessory)' },
      ],
    },
  ];
  if (custom.length > 0)
    groups.push({
      group: 'Custom fields',
      items: custom.map((f) => ({ value: f.key, label: `${f.label} (${f.key})` })),
    });
  return groups;
}

const UNKNOWN = /matches no attribute/;

/** The headers a refused import says match nothing (details `body.header.<header>`), or [] for other errors. */
export function unknownHeaders(error: unknown): string[] {
  if (!isApiError(error) || error.code !== 'validation_failed') return [];
  return error.details
    .filter((d) => d.path.startsWith('body.header.') && UNKNOWN.test(d.reason))
    .map((d) => d.path.slice('body.header.'.length));
}

/** The mapping query parameter: only the columns the person (or the unknown-column step) mapped. */
export function mappingParam(overrides: Readonly<Record<string, string>>): string | undefined {
  return Object.keys(overrides).length > 0 ? JSON.stringify(overrides) : undefined;
}
