import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { CreatedEnrollmentSecret } from './agents.types.js';

/** The exact command a device runs to enrol with this secret on this server. */
export function enrollCommand(origin: string, secret: string): string {
  return `steward-agent enroll --server ${origin} --secret ${secret}`;
}

function Copy({ value, label, testId }: { value: string; label: string; testId: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button
          size="xs"
          variant="light"
          color={copied ? 'teal' : undefined}
          onClick={copy}
          data-testid={testId}
        >
          {copied ? 'Copied' : label}
        </Button>
      )}
    </CopyButton>
  );
}

/** A new secret, the only time it is shown, with the command that enrols a device with it. */
export function SecretShownOnce({
  created,
  onDone,
}: {
  created: CreatedEnrollmentSecret;
  onDone: () => void;
}) {
  const command = enrollCommand(window.location.origin, created.secret);
  return (
    <Alert
      color="yellow"
      variant="light"
      title={`Secret “${created.name}” created: copy it now`}
      data-testid="secret-once"
    >
      <Stack gap="xs">
        <Text size="sm">
          This is the only time it is shown; Steward keeps only a hash. If it is lost, revoke it and create
          another.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="secret-value" style={{ wordBreak: 'break-all' }}>
            {created.secret}
          </Code>
          <Copy value={created.secret} label="Copy secret" testId="secret-copy" />
        </Group>
        <Text size="sm">On each device, as root (or an administrator):</Text>
        <Code block data-testid="secret-command" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {command}
        </Code>
        <Group justify="flex-end" gap="xs">
          <Copy value={command} label="Copy command" testId="secret-command-copy" />
          <Button size="xs" variant="default" onClick={onDone} data-testid="secret-done">
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
