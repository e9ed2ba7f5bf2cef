import { Alert, Code, List, Text } from '@mantine/core';
import { isApiError } from '../../api/client.js';
import type { ErrorDetail } from '../../api/types.js';

/** A refused save: the server's message and each reason with the path it names in the definition. */
export function DefinitionErrors({ error, details }: { error: unknown; details: ErrorDetail[] }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" variant="light" role="alert" data-testid="preset-save-error">
      <Text size="sm">{message}</Text>
      {details.length > 0 && (
        <List size="sm" mt="xs">
          {details.map((d) => (
            <List.Item
              key={`${d.path}:${d.reason}`}
              data-testid="preset-save-error-detail"
              data-path={d.path}
            >
              <Code>{d.path}</Code> {d.reason}
            </List.Item>
          ))}
        </List>
      )}
      {isApiError(error) && error.status === 409 && details.length === 0 && (
        <Text size="sm" mt="xs">
          Built-in presets are read-only: duplicate it instead.
        </Text>
      )}
    </Alert>
  );
}
