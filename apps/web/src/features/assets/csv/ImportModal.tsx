import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IGNORE } from '../../../api/csv.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { useCustomFields } from '../api/customFields.api.js';
import { ColumnMapping } from './ColumnMapping.js';
import { ImportErrors } from './ImportErrors.js';
import { ImportResult } from './ImportResult.js';
import { ImportSetupForm } from './ImportSetupForm.js';
import { ImportSummary } from './ImportSummary.js';
import { useImportFlow } from './useImportFlow.js';

/** Import assets from a CSV file: check it (a dry run) and fix the mapping, then write it. */
export function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const flow = useImportFlow();
  const custom = useCustomFields();
  const { report, stale, check, commit } = flow;
  const busy = check.isPending || commit.isPending;
  const done = commit.data ?? null;
  const ignoredUnknown = flow.unrecognised.filter((h) => flow.overrides[h] === IGNORE);
  const close = () => {
    if (commit.isPending) return;
    flow.reset();
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title="Import assets from CSV" size="xl" centered>
      <Stack data-testid="import-modal">
        {done ? (
          <>
            <ImportResult report={done} />
            <Group justify="flex-end">
              <Button variant="default" onClick={flow.reset} data-testid="import-again">
                Import another file
              </Button>
              <Button onClick={close} data-testid="import-close">
                Done
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Columns are matched to attributes and custom fields by key or label. Check the file first:
              nothing is written until you import.
            </Text>
            <ImportSetupForm
              form={flow.form}
              onChange={flow.update}
              onCheck={flow.runCheck}
              checking={check.isPending && !report}
              checked={report !== null}
            />
            {check.error ? <ErrorAlert error={check.error} title="The file cannot be read as it is" /> : null}
            {report && ignoredUnknown.length > 0 && (
              <Alert color="yellow" variant="light" data-testid="import-unrecognised-note">
                {ignoredUnknown.length === 1 ? 'The column ' : 'The columns '}
                {ignoredUnknown.join(', ')} match no attribute or custom field, so they are not imported.
                Choose what {ignoredUnknown.length === 1 ? 'it is' : 'they are'} below to import{' '}
                {ignoredUnknown.length === 1 ? 'it' : 'them'}.
              </Alert>
            )}
            {report && (
              <>
                <ColumnMapping
                  columns={report.columns}
                  unrecognised={flow.unrecognised}
                  customFields={custom.fields}
                  disabled={busy}
                  onMap={flow.mapColumn}
                />
                {check.isPending && (
                  <Group gap="xs" data-testid="import-checking">
                    <Loader size="xs" />
                    <Text size="sm" c="dimmed">
                      Checking again…
                    </Text>
                  </Group>
                )}
                <ImportSummary report={report} />
                <ImportErrors errors={report.errors} />
              </>
            )}
            {commit.error ? <ErrorAlert error={commit.error} title="The import failed" /> : null}
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {report && stale && !check.isPending ? 'Changed since the check: check the file again.' : ''}
              </Text>
              <Group gap="xs">
                <Button variant="default" onClick={close} disabled={commit.isPending}>
                  Cancel
                </Button>
                {report && report.invalidRows > 0 && report.validRows > 0 && (
                  <Button
                    variant="light"
                    onClick={() => commit.mutate('commitValid')}
                    disabled={stale || busy}
                    loading={commit.isPending && commit.variables === 'commitValid'}
                    data-testid="import-commit-valid"
                  >
                    Import the {report.validRows} valid {report.validRows === 1 ? 'row' : 'rows'}
                  </Button>
                )}
                <Button
                  onClick={() => commit.mutate('commit')}
                  disabled={!report || stale || busy || report.invalidRows > 0 || report.totalRows === 0}
                  loading={commit.isPending && commit.variables === 'commit'}
                  data-testid="import-commit"
                >
                  {report && report.invalidRows === 0
                    ? `Import ${report.totalRows} ${report.totalRows === 1 ? 'row' : 'rows'}`
                    : 'Import'}
                </Button>
              </Group>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
