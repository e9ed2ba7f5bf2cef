import { Alert, List } from '@mantine/core';
import type { ErrorDetail } from '../../api/types.js';

/** A refused save: the server's message, and the reasons that belong to no field on the form. */
export function FormErrorAlert({
  error,
  rest,
  testId,
}: {
  error: unknown;
  rest: ErrorDetail[];
  testId: string;
}) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" role="alert" data-testid={testId}>
      {error instanceof Error ? error.message : String(error)}
      {rest.length > 0 && (
        <List size="sm" mt="xs">
          {rest.map((d) => (
            <List.Item key={`${d.path}:${d.reason}`}>
              {d.path.replace(/^body\./, '')}: {d.reason}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
