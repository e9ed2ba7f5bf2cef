import { Text } from '@mantine/core';
import { describeError } from '../../api/client.js';
import type { TestResult } from './connectors.types.js';

/** What Test connection answered: the connector's own message, green or red. */
export function TestResultText({ result, error }: { result: TestResult | undefined; error: unknown }) {
  if (!result && !error) return null;
  const ok = result?.ok === true;
  return (
    <Text size="xs" c={ok ? 'green' : 'red'} data-testid="test-result" data-ok={ok ? 'true' : 'false'}>
      {result ? `${ok ? '✓' : '✗'} ${result.message}` : describeError(error)}
    </Text>
  );
}
