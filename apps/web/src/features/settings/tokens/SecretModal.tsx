import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import type { CreatedToken } from '../../../api/types.js';

/** Shows a new token's secret, the only time it is ever shown. */
export function SecretModal({ created, onClose }: { created: CreatedToken | null; onClose: () => void }) {
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title="Your new API token"
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      {created && (
        <Stack data-testid="token-secret-modal">
          <Text size="sm">
            Token <b>{created.token.name}</b> ({created.token.role}) was created. Send it as{' '}
            <Code>Authorization: Bearer &lt;token&gt;</Code>.
          </Text>
          <Alert color="yellow" variant="light" title="Copy it now">
            This is the only time the token is shown. Steward stores only a hash of it, so it cannot be shown
            again; if you lose it, revoke it and create a new one.
          </Alert>
          <Code block data-testid="token-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {created.secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  color={copied ? 'teal' : undefined}
                  onClick={copy}
                  data-testid="token-secret-copy"
                >
                  {copied ? 'Copied' : 'Copy token'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose} data-testid="token-secret-close">
              I have stored it
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
