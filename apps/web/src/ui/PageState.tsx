import { Center, Loader } from '@mantine/core';
import { ErrorAlert } from './ErrorAlert.js';

/** What a page shows while its data loads or when loading failed; null once there is data. */
export function PageState({ isPending, error }: { isPending: boolean; error: unknown }) {
  if (error) return <ErrorAlert error={error} title="Could not load this page" />;
  if (isPending) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  return null;
}
