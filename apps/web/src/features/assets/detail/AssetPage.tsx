import { Anchor, Breadcrumbs, Grid, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { ATTRIBUTE_GROUPS } from '../../../api/attributes.js';
import { roleAtLeast } from '../../../api/types.js';
import { PageState } from '../../../ui/PageState.js';
import { useSession } from '../../auth/index.js';
import { useAsset } from '../api/assets.api.js';
import { AgentPanel } from '../../agents/index.js';
import { ConnectorActionsCard } from '../../connectors/index.js';
import { SourceRecordsCard, useTwin } from '../../ingestion/index.js';
import { AssetHeader, assetTitle } from './AssetHeader.js';
import { AssetTimeline } from './AssetTimeline.js';
import { AssignmentCard } from './AssignmentCard.js';
import { AssignmentHistory } from './AssignmentHistory.js';
import { AttachmentsCard } from './AttachmentsCard.js';
import { AttributeGroupCard } from './AttributeGroupCard.js';
import { CustomFieldsCard } from './CustomFieldsCard.js';
import { LifecycleCard } from './LifecycleCard.js';
import { TagsCard } from './TagsCard.js';

export function AssetPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const asset = useAsset(id);
  const twin = useTwin('asset', id);
  const canEdit = roleAtLeast(session.role, 'operator');
  const isAdmin = roleAtLeast(session.role, 'admin');

  return (
    <Stack data-testid="asset-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/assets" size="sm" data-testid="back-to-assets">
          Assets
        </Anchor>
        <Text size="sm">{asset.data ? assetTitle(asset.data) : '…'}</Text>
      </Breadcrumbs>
      <PageState isPending={asset.isPending} error={asset.error} />
      {asset.data && (
        <>
          <AssetHeader asset={asset.data} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="md">
                <AgentPanel assetId={id} canOperate={canEdit} />
                {ATTRIBUTE_GROUPS.map((g) => (
                  <AttributeGroupCard
                    key={g}
                    asset={asset.data}
                    group={g}
                    canEdit={canEdit}
                    twin={twin.data}
                  />
                ))}
                <CustomFieldsCard asset={asset.data} canEdit={canEdit} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="md">
                <LifecycleCard asset={asset.data} canEdit={canEdit} isAdmin={isAdmin} />
                <AssignmentCard asset={asset.data} canEdit={canEdit} />
                <TagsCard asset={asset.data} canEdit={canEdit} />
                <AttachmentsCard assetId={id} canEdit={canEdit} />
                <SourceRecordsCard type="asset" id={id} />
                <ConnectorActionsCard assetId={id} deviceName={assetTitle(asset.data)} />
              </Stack>
            </Grid.Col>
          </Grid>
          <AssignmentHistory assetId={id} />
          <AssetTimeline assetId={id} />
        </>
      )}
    </Stack>
  );
}
