import { Anchor, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { humanize } from '../../../api/lifecycle.js';
import { formatBytes, formatDateTime } from '../../../ui/format.js';
import { PageState } from '../../../ui/PageState.js';
import { attachmentUrl } from '../api/actions.js';
import { useAttachments } from '../api/assets.api.js';
import { UploadAttachment } from './UploadAttachment.js';

/** Invoices, certificates of destruction, photos and contracts kept with the asset. */
export function AttachmentsCard({ assetId, canEdit }: { assetId: string; canEdit: boolean }) {
  const attachments = useAttachments(assetId);
  const items = attachments.data ?? [];
  return (
    <Paper withBorder p="md" data-testid="attachments-card">
      <Stack gap="sm">
        <Title order={5}>Attachments</Title>
        <PageState isPending={attachments.isPending} error={attachments.error} />
        {attachments.data && items.length === 0 && (
          <Text size="sm" c="dimmed">
            No attachments.
          </Text>
        )}
        {items.length > 0 && (
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Added</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id} data-testid="attachment-row">
                  <Table.Td>
                    <Anchor
                      href={attachmentUrl(a.id)}
                      download={a.filename}
                      data-testid="attachment-download"
                    >
                      {a.filename}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{humanize(a.kind)}</Table.Td>
                  <Table.Td>{formatBytes(a.sizeBytes)}</Table.Td>
                  <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canEdit && <UploadAttachment assetId={assetId} />}
      </Stack>
    </Paper>
  );
}
