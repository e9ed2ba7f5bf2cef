import { Anchor } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useAsset } from '../api/assets.api.js';
import { assetTitle } from './AssetHeader.js';

/** An asset's name (or tag, or serial) linking to its page, loaded by id (and cached). */
export function AssetLink({ id }: { id: string }) {
  const asset = useAsset(id);
  const label = asset.data ? assetTitle(asset.data) : asset.isError ? 'Unknown asset' : '…';
  return (
    <Anchor
      component={Link}
      to={`/assets/${encodeURIComponent(id)}`}
      size="sm"
      data-testid="asset-link"
      data-asset-id={id}
    >
      {label}
    </Anchor>
  );
}
