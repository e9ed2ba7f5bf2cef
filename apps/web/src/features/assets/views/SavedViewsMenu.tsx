import { useState } from 'react';
import { Badge, Button, Group, Menu, Text } from '@mantine/core';
import type { SavedView } from '../../../api/records.js';
import { ConfirmModal } from '../../../ui/ConfirmModal.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { useCreateView, useDeleteView, useUpdateView, useViews } from '../api/views.api.js';
import { fromViewQuery, sameQuery, toViewQuery, type ListState } from '../list/listState.js';
import { ViewNameModal } from './ViewNameModal.js';

export interface SavedViewsMenuProps {
  state: ListState;
  viewId: string | null;
  onApply: (view: SavedView) => void;
  onReset: () => void;
  onSaved: (viewId: string | null) => void;
}

type Dialog = 'create' | 'rename' | 'delete' | null;

/** The user's saved views: pick one, save the current query as a new one, update, rename or delete. */
export function SavedViewsMenu({ state, viewId, onApply, onReset, onSaved }: SavedViewsMenuProps) {
  const views = useViews();
  const create = useCreateView();
  const update = useUpdateView();
  const remove = useDeleteView();
  const [dialog, setDialog] = useState<Dialog>(null);
  const active = views.data?.find((v) => v.id === viewId) ?? null;
  const modified = active !== null && !sameQuery(fromViewQuery(active.query, state.columns), state);

  const close = () => {
    setDialog(null);
    create.reset();
    update.reset();
    remove.reset();
  };

  return (
    <Group gap="xs" data-testid="saved-views">
      <Menu shadow="md" width={280} position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="light" data-testid="views-menu" data-active-view={active?.name ?? ''}>
            {active ? active.name : 'All assets'} ▾
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="views-dropdown">
          <Menu.Label>Saved views</Menu.Label>
          <Menu.Item onClick={onReset} data-testid="view-all">
            All assets
          </Menu.Item>
          {views.isPending && <Menu.Item disabled>Loading…</Menu.Item>}
          {views.data?.length === 0 && (
            <Menu.Item disabled>
              <Text size="xs">No saved views yet</Text>
            </Menu.Item>
          )}
          {views.data?.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => onApply(v)}
              fw={v.id === viewId ? 700 : undefined}
              data-testid="view-item"
              data-view-name={v.name}
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => setDialog('create')} data-testid="view-save-new">
            Save current as a new view…
          </Menu.Item>
          {active && (
            <>
              <Menu.Item
                disabled={!modified}
                onClick={() => update.mutate({ id: active.id, query: toViewQuery(state) })}
                data-testid="view-update"
              >
                Save changes to “{active.name}”
              </Menu.Item>
              <Menu.Item onClick={() => setDialog('rename')} data-testid="view-rename">
                Rename…
              </Menu.Item>
              <Menu.Item color="red" onClick={() => setDialog('delete')} data-testid="view-delete">
                Delete…
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      {modified && (
        <Badge variant="light" color="yellow" data-testid="view-modified">
          Modified
        </Badge>
      )}
      {views.error ? <ErrorAlert error={views.error} title="Could not load your saved views" /> : null}
      {update.error && !dialog ? <ErrorAlert error={update.error} title="Could not save the view" /> : null}
      <ViewNameModal
        opened={dialog === 'create'}
        title="Save view"
        submitLabel="Save view"
        initialName=""
        pending={create.isPending}
        error={create.error}
        onClose={close}
        onSubmit={(name) =>
          create.mutate(
            { name, query: toViewQuery(state) },
            {
              onSuccess: (v) => {
                onSaved(v.id);
                close();
              },
            },
          )
        }
      />
      <ViewNameModal
        opened={dialog === 'rename'}
        title="Rename view"
        submitLabel="Rename"
        initialName={active?.name ?? ''}
        pending={update.isPending}
        error={update.error}
        onClose={close}
        onSubmit={(name) => active && update.mutate({ id: active.id, name }, { onSuccess: close })}
      />
      <ConfirmModal
        opened={dialog === 'delete'}
        title="Delete view"
        confirmLabel="Delete view"
        pending={remove.isPending}
        error={remove.error}
        onCancel={close}
        onConfirm={() =>
          active &&
          remove.mutate(active.id, {
            onSuccess: () => {
              onSaved(null);
              close();
            },
          })
        }
      >
        Delete the view <b>{active?.name}</b>? The assets are not affected.
      </ConfirmModal>
    </Group>
  );
}
