import { Anchor, Badge, Group, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { ATTRIBUTE_BY_KEY } from '../../../api/attributes.js';
import { humanize } from '../../../api/lifecycle.js';
import type { Asset, CustomField } from '../../../api/records.js';
import { formatDate, formatDateTime } from '../../../ui/format.js';
import { StateBadge } from '../../../ui/StateBadge.js';
import { useLocationNames } from '../../locations/index.js';
import { PersonName } from '../../people/index.js';

/** The raw value of a column (attribute, custom field cf_…, tags or timestamp) in an asset row. */
export function cellValue(asset: Asset, key: string): unknown {
  if (key.startsWith('cf_')) return asset.custom?.[key] ?? null;
  return (asset as Record<string, unknown>)[key] ?? null;
}

function LocationCell({ id }: { id: string }) {
  const names = useLocationNames();
  return <>{names.get(id) ?? id}</>;
}

function Dash() {
  return (
    <Text span c="dimmed" size="sm">
      —
    </Text>
  );
}

/** One cell of the Assets table (and of the asset page's attributes), rendered by the attribute's type. */
export function AssetCell({
  asset,
  column,
  custom,
  linkName = false,
}: {
  asset: Asset;
  column: string;
  custom?: CustomField;
  /** In the table, the name is a real link: keyboard, middle-click and "open in new tab" work. */
  linkName?: boolean;
}) {
  const value = cellValue(asset, column);
  if (linkName && column === 'name') {
    return (
      <Anchor
        component={Link}
        to={`/assets/${encodeURIComponent(asset.id)}`}
        size="sm"
        fw={500}
        c="inherit"
        onClick={(e) => e.stopPropagation()}
        data-testid="asset-link"
      >
        {typeof value === 'string' && value ? value : (asset.assetTag ?? asset.serialNumber ?? asset.id)}
      </Anchor>
    );
  }
  if (column === 'tags') {
    const tags = Array.isArray(value) ? (value as string[]) : [];
    if (tags.length === 0) return <Dash />;
    return (
      <Group gap={4} wrap="nowrap">
        {tags.map((t) => (
          <Badge key={t} size="xs" variant="outline" tt="none">
            {t}
          </Badge>
        ))}
      </Group>
    );
  }
  if (value === null || value === undefined || value === '') return <Dash />;
  if (column === 'lifecycleState') return <StateBadge state={String(value)} size="xs" />;
  if (column === 'assignedPersonId') return <PersonName id={String(value)} lazy />;
  if (column === 'locationId') return <LocationCell id={String(value)} />;
  if (column === 'legalHold')
    return value === true ? (
      <Badge size="xs" color="red" variant="light">
        Hold
      </Badge>
    ) : (
      <Dash />
    );
  const type =
    ATTRIBUTE_BY_KEY.get(column)?.type ?? custom?.type ?? (column.endsWith('At') ? 'datetime' : 'text');
  if (typeof value === 'boolean') return <>{value ? 'Yes' : 'No'}</>;
  if (type === 'datetime') return <>{formatDateTime(String(value))}</>;
  if (type === 'date') return <>{formatDate(String(value))}</>;
  if (type === 'number' && typeof value === 'number') return <>{value.toLocaleString()}</>;
  if (type === 'enum' && !custom) return <>{humanize(String(value))}</>;
  if (type === 'person') return <PersonName id={String(value)} lazy />;
  return <>{String(value)}</>;
}
