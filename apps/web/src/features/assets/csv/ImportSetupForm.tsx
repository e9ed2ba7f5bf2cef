import { Button, FileInput, Group, Select } from '@mantine/core';
import { formatBytes } from '../../../ui/format.js';
import { MAX_IMPORT_BYTES, type SetupForm } from './useImportFlow.js';

const KIND_OPTIONS = [
  { value: 'device', label: 'Devices' },
  { value: 'accessory', label: 'Accessories' },
  { value: 'column', label: 'Per row (a "kind" column)' },
];

const MATCH_OPTIONS = [
  { value: '', label: 'Create a new asset per row' },
  { value: 'assetTag', label: 'Update the asset with the same asset tag' },
  { value: 'serialNumber', label: 'Update the asset with the same serial number' },
];

export function fileProblem(file: File | null): string | null {
  if (!file) return null;
  if (file.size > MAX_IMPORT_BYTES) return `The file is ${formatBytes(file.size)}; the most is 20 MB.`;
  return null;
}

/** The file and how to read it. */
export function ImportSetupForm({
  form,
  onChange,
  onCheck,
  checking,
  checked,
}: {
  form: SetupForm;
  onChange: (change: Partial<SetupForm>) => void;
  onCheck: () => void;
  checking: boolean;
  checked: boolean;
}) {
  const problem = fileProblem(form.file);
  return (
    <Group align="flex-end" gap="sm" data-testid="import-setup">
      <FileInput
        label="CSV file"
        description="UTF-8, a header row first"
        placeholder="Choose a .csv file"
        accept=".csv,text/csv"
        value={form.file}
        onChange={(file) => onChange({ file })}
        clearable
        error={problem}
        w={260}
        data-testid="import-file"
      />
      <Select
        label="The rows are"
        data={KIND_OPTIONS}
        value={form.kind}
        onChange={(v) => v && onChange({ kind: v as SetupForm['kind'] })}
        allowDeselect={false}
        w={220}
        data-testid="import-kind"
      />
      <Select
        label="Existing assets"
        data={MATCH_OPTIONS}
        value={form.matchOn}
        onChange={(v) => onChange({ matchOn: (v ?? '') as SetupForm['matchOn'] })}
        allowDeselect={false}
        w={320}
        data-testid="import-match-on"
      />
      <Button
        onClick={onCheck}
        disabled={!form.file || problem !== null}
        loading={checking}
        data-testid="import-dry-run"
      >
        {checked ? 'Check again' : 'Check the file'}
      </Button>
    </Group>
  );
}
