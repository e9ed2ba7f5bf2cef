import { Alert, Text } from '@mantine/core';
import type { AssetImportReport } from '../../../api/csv.js';
import { ImportErrors } from './ImportErrors.js';

const TITLES: Record<AssetImportReport['outcome'], string> = {
  dry_run: 'Checked',
  refused: 'Nothing was imported',
  written: 'Imported',
  interrupted: 'The import stopped part way',
};

/** What an import wrote. */
export function ImportResult({ report }: { report: AssetImportReport }) {
  const ok = report.outcome === 'written';
  return (
    <>
      <Alert
        color={ok ? 'green' : 'red'}
        variant="light"
        title={TITLES[report.outcome]}
        data-testid="import-result"
        data-outcome={report.outcome}
        data-created={report.created}
        data-updated={report.updated}
      >
        <Text size="sm">
          {report.created} created, {report.updated} updated, {report.unchanged} unchanged
          {report.mode === 'commitValid' && report.invalidRows > 0
            ? `; ${report.invalidRows} rows with problems were left out`
            : ''}
          .
        </Text>
      </Alert>
      {!ok && <ImportErrors errors={report.errors} />}
    </>
  );
}
