import { Alert, List } from '@mantine/core';
import { isApiError } from '../api/client.js';

/** Shows an error from the API (its message and per-field details) or any other error. */
export function ErrorAlert({ error, title, testId }: { error: unknown; title?: string; testId?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const details = isApiError(error) ? error.details : [];
  return (
    <Alert color="red" variant="light" title={title} data-testid={testId ?? 'error-alert'} role="alert">
      {message}
      {details.length > 0 && (
        <List size="sm" mt="xs">
          {details.map((d) => (
            <List.Item key={`${d.path}:${d.reason}`}>
              {d.path.replace(/^body\./, '')}: {d.reason}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
