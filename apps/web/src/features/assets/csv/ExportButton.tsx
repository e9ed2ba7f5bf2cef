import { Button } from '@mantine/core';
import type { ListState } from '../list/listState.js';
import { exportUrl } from './exportUrl.js';

/** Downloads what the page shows (filters, search, sort, columns) as CSV; the server streams every match. */
export function ExportButton({ state }: { state: ListState }) {
  const href = exportUrl(state);
  return (
    <Button
      component="a"
      href={href}
      // The server names the file (assets.csv) and streams it; the browser saves it as it arrives.
      download
      variant="default"
      data-testid="assets-export"
      data-href={href}
    >
      Export CSV
    </Button>
  );
}
