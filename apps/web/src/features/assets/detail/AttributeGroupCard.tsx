import { Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { ASSET_ATTRIBUTES, GROUP_LABELS, type AttributeGroup } from '../../../api/attributes.js';
import type { Asset } from '../../../api/records.js';
import { usePatchAsset } from '../api/mutations.js';
import { AssetCell, cellValue } from '../list/AssetCell.js';
import { EditableField } from './EditableField.js';
import { FieldSource, type Twin } from '../../ingestion/index.js';

/** One group of canonical attributes (identity, hardware, …), editable inline where a plain edit may write. */
export function AttributeGroupCard({
  asset,
  group,
  canEdit,
  twin,
}: {
  asset: Asset;
  group: AttributeGroup;
  canEdit: boolean;
  /** Where each value came from; absent while it loads. */
  twin?: Twin | undefined;
}) {
  const patch = usePatchAsset(asset.id);
  const defs = ASSET_ATTRIBUTES.filter((a) => a.group === group);
  return (
    <Paper withBorder p="md" data-testid={`group-${group}`}>
      <Stack gap="sm">
        <Title order={5}>{GROUP_LABELS[group]}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="sm">
          {defs.map((def) => (
            <Stack key={def.key} gap={2}>
              <EditableField
                key={def.key}
                fieldKey={def.key}
                label={def.label}
                type={def.type}
                values={'values' in def ? def.values : undefined}
                value={cellValue(asset, def.key)}
                display={<AssetCell asset={asset} column={def.key} />}
                editable={canEdit && !('managed' in def && def.managed)}
                onSave={(value) =>
                  patch.mutateAsync({ changes: { [def.key]: value }, version: asset.version })
                }
              />
              <FieldSource twin={twin} attribute={def.key} />
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
