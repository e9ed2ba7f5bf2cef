import { Button, Paper, Stack, Text, Title } from '@mantine/core';

/** No rows: either nothing matches the filters, or there are no assets at all yet. */
export function AssetsEmpty({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <Paper withBorder p="xl" data-testid="assets-empty">
      <Stack align="center" gap="xs">
        <Title order={4}>{filtered ? 'No assets match' : 'No assets yet'}</Title>
        <Text size="sm" c="dimmed" ta="center" maw={520}>
          {filtered
            ? 'Nothing matches these filters and search. Loosen them, or clear them to see every asset.'
            : 'Assets arrive from connectors (Jamf, Intune, …), from purchase orders, from a CSV import or through the API (POST /api/v1/assets).'}
        </Text>
        {filtered && (
          <Button variant="light" onClick={onClear} data-testid="assets-empty-clear">
            Clear filters
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
