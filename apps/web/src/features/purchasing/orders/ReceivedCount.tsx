import { Group, Progress, Text } from '@mantine/core';

/** "3 / 13" received, with a bar. */
export function ReceivedCount({ received, ordered }: { received: number; ordered: number }) {
  const percent = ordered === 0 ? 0 : Math.round((received / ordered) * 100);
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      data-testid="received-count"
      data-received={received}
      data-ordered={ordered}
    >
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {received} / {ordered}
      </Text>
      <Progress
        value={percent}
        w={80}
        color={received >= ordered ? 'green' : 'yellow'}
        aria-label={`${received} of ${ordered} received`}
      />
    </Group>
  );
}
