import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { AttributeType } from '../../../api/attributes.js';
import type { Asset } from '../../../api/records.js';
import { useCustomFields } from '../api/customFields.api.js';
import { usePatchAsset } from '../api/mutations.js';
import { AssetCell, cellValue } from '../list/AssetCell.js';
import { EditableField } from './EditableField.js';

/** The tenant's custom fields for this asset, edited like attributes (PATCH {custom: {key: value}}). */
export function CustomFieldsCard({ asset, canEdit }: { asset: Asset; canEdit: boolean }) {
  const { fields } = useCustomFields();
  const patch = usePatchAsset(asset.id);
  if (fields.length === 0) return null;
  return (
    <Paper withBorder p="md" data-testid="group-custom">
      <Stack gap="sm">
        <Title order={5}>Custom fields</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
          {fields.map((f) => (
            <EditableField
              key={f.key}
              fieldKey={f.key}
              label={f.required ? `${f.label} *` : f.label}
              type={(f.type === 'person' ? 'text' : f.type) as AttributeType}
              values={f.values}
              rawLabels
              value={cellValue(asset, f.key)}
              display={<AssetCell asset={asset} column={f.key} custom={f} />}
              editable={canEdit}
              onSave={(value) =>
                patch.mutateAsync({ changes: { custom: { [f.key]: value } }, version: asset.version })
              }
            />
          ))}
        </SimpleGrid>
        {fields.some((f) => f.description) && (
          <Text size="xs" c="dimmed">
            {fields
              .filter((f) => f.description)
              .map((f) => `${f.label}: ${f.description}`)
              .join(' · ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
