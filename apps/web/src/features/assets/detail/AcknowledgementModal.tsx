import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

/** The assignee's acknowledgement link, shown once (Steward keeps only a hash of it). */
export function AcknowledgementModal({ url, onClose }: { url: string | null; onClose: () => void }) {
  return (
    <Modal
      opened={url !== null}
      onClose={onClose}
      title="Assigned"
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      {url && (
        <Stack data-testid="ack-modal">
          <Text size="sm">
            Send this link to the assignee. Opening it lets them confirm they received the asset; it then
            stops working.
          </Text>
          <Alert color="yellow" variant="light" title="Copy it now">
            The link is shown only this once.
          </Alert>
          <Code block data-testid="ack-url" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {url}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy link'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose} data-testid="ack-close">
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
