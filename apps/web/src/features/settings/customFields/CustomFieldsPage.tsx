import { useState } from 'react';
import { SegmentedControl, Stack, Text } from '@mantine/core';
import type { CustomField, CustomFieldEntity } from '../../../api/records.js';
import { roleAtLeast } from '../../../api/types.js';
import { ConfirmModal } from '../../../ui/ConfirmModal.js';
import { PageState } from '../../../ui/PageState.js';
import { useSession } from '../../auth/index.js';
import { CreateCustomFieldForm } from './CreateCustomFieldForm.js';
import { CustomFieldsTable } from './CustomFieldsTable.js';
import { useCustomFieldList, useDeleteCustomField } from './customFields.api.js';

/** The tenant's own fields on assets and people (cf_…): listed for everyone, managed by admins. */
export function CustomFieldsPage() {
  const session = useSession();
  const [entityType, setEntityType] = useState<CustomFieldEntity>('asset');
  const fields = useCustomFieldList(entityType);
  const remove = useDeleteCustomField();
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const canManage = roleAtLeast(session.role, 'admin');
  const cancel = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <Stack data-testid="custom-fields-page">
      <Text size="sm" c="dimmed">
        Fields of your own on assets and people, beyond the built-in attributes: shown on their pages, as
        columns and filters, and in CSV files.
      </Text>
      <SegmentedControl
        w={260}
        value={entityType}
        onChange={(v) => setEntityType(v as CustomFieldEntity)}
        data={[
          { value: 'asset', label: 'Assets' },
          { value: 'person', label: 'People' },
        ]}
        data-testid="cf-entity"
      />
      {canManage && <CreateCustomFieldForm entityType={entityType} />}
      <PageState isPending={fields.isPending} error={fields.error} />
      {fields.data && <CustomFieldsTable fields={fields.data} canManage={canManage} onDelete={setDeleting} />}
      <ConfirmModal
        opened={deleting !== null}
        title="Delete custom field"
        confirmLabel="Delete field"
        pending={remove.isPending}
        error={remove.error}
        onCancel={cancel}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        Delete <b>{deleting?.label}</b> ({deleting?.key})? Its value is removed from every{' '}
        {entityType === 'asset' ? 'asset' : 'person'}. This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
