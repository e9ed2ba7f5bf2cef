import type { ReactNode } from 'react';
import { Badge, Button, Center, Code, Group, Stack, Text, Timeline } from '@mantine/core';
import { ATTRIBUTE_BY_KEY } from '../api/attributes.js';
import { humanize } from '../api/lifecycle.js';
import type { AuditEvent } from '../api/types.js';
import { ErrorAlert } from './ErrorAlert.js';
import { formatDateTime, formatValue } from './format.js';
import { PageState } from './PageState.js';

/** Bookkeeping every change carries; the timeline shows what people care about. */
const NOISE = new Set(['updatedAt', 'createdAt', 'version', 'id', 'tenantId']);

function labelOf(field: string): string {
  return (
    ATTRIBUTE_BY_KEY.get(field)?.label ?? humanize(field.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase())
  );
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** "asset.lifecycle_changed" → "Lifecycle changed". */
export function actionLabel(action: string): string {
  const [, ...rest] = action.split('.');
  return humanize(rest.length > 0 ? rest.join(' ') : action);
}

/** Shows a changed value some nicer way (a person's name for an id, say), or undefined for the default. */
export type ValueRenderer = (field: string, value: unknown) => ReactNode | undefined;

function Value({ field, value, render }: { field: string; value: unknown; render?: ValueRenderer }) {
  return <Code>{render?.(field, value) ?? formatValue(value)}</Code>;
}

function Changes({ changes, render }: { changes: AuditEvent['changes']; render?: ValueRenderer }) {
  // A record's creation lists every field; leave out the ones it was created without.
  const shown = Object.entries(changes).filter(
    ([field, c]) => !NOISE.has(field) && !(isEmpty(c.before) && isEmpty(c.after)),
  );
  if (shown.length === 0) return null;
  return (
    <Stack gap={2} mt={4} data-testid="timeline-changes">
      {shown.map(([field, c]) => (
        <Text size="xs" key={field} data-testid="timeline-change" data-field={field}>
          <Text span fw={500} size="xs">
            {labelOf(field)}
          </Text>
          {': '}
          {c.before !== null && c.before !== undefined && (
            <>
              <Value field={field} value={c.before} render={render} /> →{' '}
            </>
          )}
          <Value field={field} value={c.after} render={render} />
        </Text>
      ))}
    </Stack>
  );
}

export interface AuditTimelineProps {
  events: AuditEvent[];
  isPending: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
  renderValue?: ValueRenderer;
}

/** Audit events of one record, newest first: who did what, what changed, and why. */
export function AuditTimeline(props: AuditTimelineProps) {
  if (props.isPending || (props.error && props.events.length === 0))
    return <PageState isPending={props.isPending} error={props.error} />;
  if (props.events.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="timeline-empty">
        Nothing has happened to this record yet.
      </Text>
    );
  }
  return (
    <Stack data-testid="timeline">
      <Timeline bulletSize={12} lineWidth={2}>
        {props.events.map((e) => (
          <Timeline.Item
            key={e.id}
            data-testid="timeline-event"
            data-action={e.action}
            title={
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {actionLabel(e.action)}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(e.at)}
                </Text>
              </Group>
            }
          >
            <Text size="xs" c="dimmed">
              by {e.actor.name}{' '}
              <Badge size="xs" variant="light" color="gray">
                {e.actor.type}
              </Badge>
            </Text>
            {e.reason && (
              <Text size="sm" fs="italic" data-testid="timeline-reason">
                “{e.reason}”
              </Text>
            )}
            <Changes changes={e.changes} render={props.renderValue} />
          </Timeline.Item>
        ))}
      </Timeline>
      {props.error ? <ErrorAlert error={props.error} title="Could not load more events" /> : null}
      {props.hasNextPage && (
        <Center>
          <Button
            variant="default"
            size="xs"
            onClick={props.onLoadMore}
            loading={props.isFetchingNextPage}
            data-testid="timeline-load-more"
          >
            Load older events
          </Button>
        </Center>
      )}
    </Stack>
  );
}
