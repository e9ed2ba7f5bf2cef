import { Alert, Text } from '@mantine/core';
import type { AssetImportReport } from '../../../api/csv.js';
import { formatCount } from '../../../ui/format.js';

function rows(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;
}

/** A dry run in one line: how many rows, how many can be imported, how many cannot. */
export function ImportSummary({ report }: { report: AssetImportReport }) {
  const clean = report.invalidRows === 0;
  return (
    <Alert
      color={clean ? 'green' : 'orange'}
      variant="light"
      data-testid="import-summary"
      data-total={report.totalRows}
      data-valid={report.validRows}
      data-invalid={report.invalidRows}
    >
      <Text size="sm">
        {rows(report.totalRows)} checked: <b>{formatCount(report.validRows)} valid</b>
        {clean ? '. Nothing was written yet.' : `, ${rows(report.invalidRows)} with problems (below).`}
      </Text>
    </Alert>
  );
}
