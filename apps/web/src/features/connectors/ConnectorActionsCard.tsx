import { useState } from 'react';
import { Divider, Paper, Stack, Text, Title } from '@mantine/core';
import { isApiError } from '../../api/client.js';
import { roleAtLeast } from '../../api/types.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { InstancePresets } from '../presets/index.js';
import { ActionDialog } from './ActionDialog.js';
import { ActionHistory } from './ActionHistory.js';
import { ActionResultAlert, type ActionOutcome } from './ActionResultAlert.js';
import { useEntityActions, useRunAction } from './connectors.api.js';
import { InstanceActionButtons } from './InstanceActionButtons.js';
import type { EntityAction, EntityActions, EntityKind } from './connectors.types.js';
import { newIdempotencyKey } from './idempotency.js';
import { fieldsOf } from './schemaForm.js';

interface Picked {
  source: EntityActions;
  action: EntityAction;
  /** One key per dialog: submitting twice never acts twice. */
  idempotencyKey: string;
}

/** A refusal about the input itself: the dialog stays open to correct it. */
const isInputError = (e: unknown) =>
  isApiError(e) && e.status === 400 && e.details.some((d) => d.path.startsWith('body.input.'));

export interface EntityActionsCardProps {
  kind: EntityKind;
  entityId: string;
  /** The device's or person's name, as dialogs and confirmations show it. */
  entityName: string;
}

/** On an asset's page: what each connected system that reports it can do to it, and what was done. */
export function ConnectorActionsCard({ assetId, deviceName }: { assetId: string; deviceName: string }) {
  return <EntityActionsCard kind="asset" entityId={assetId} entityName={deviceName} />;
}

/**
 * On an asset's or a person's page: what each connected system that reports the entity can do to it (its
 * actions, and the presets for this kind of entity), and what was done.
 */
export function EntityActionsCard({ kind, entityId, entityName }: EntityActionsCardProps) {
  const session = useSession();
  const sources = useEntityActions(entityId);
  const run = useRunAction(entityId, kind);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);
  const canOperate = roleAtLeast(session.role, 'operator');
  const canAdmin = roleAtLeast(session.role, 'admin');

  const dispatch = (p: Picked, input: Record<string, unknown>, inDialog: boolean) => {
    const meta = { actionTitle: p.action.title, instanceName: p.source.instanceName };
    setOutcome(null);
    run.mutate(
      {
        instanceId: p.source.instanceId,
        action: p.action.name,
        body: {
          input,
          idempotencyKey: p.idempotencyKey,
          target: { type: kind, id: entityId },
          ...(p.action.destructive ? { confirm: true } : {}),
        },
      },
      {
        onSuccess: (execution) => {
          setPicked(null);
          setOutcome({ ...meta, execution });
        },
        onError: (error) => {
          if (inDialog && isInputError(error)) return;
          setPicked(null);
          setOutcome({ ...meta, error });
        },
        onSettled: () => setBusy(null),
      },
    );
  };

  const pick = (source: EntityActions, action: EntityAction) => {
    const p = { source, action, idempotencyKey: newIdempotencyKey() };
    run.reset();
    if (action.destructive || fieldsOf(action.inputSchema, [action.targetField]).length > 0) {
      setPicked(p);
      return;
    }
    setBusy(`${source.instanceId}:${action.name}`);
    dispatch(p, {}, false);
  };

  const items = sources.data ?? [];
  return (
    <Paper withBorder p="md" data-testid="connector-actions" data-kind={kind}>
      <Stack gap="sm">
        <Title order={5}>Connector actions</Title>
        <PageState isPending={sources.isPending} error={sources.error} />
        {sources.data && items.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="connector-actions-empty">
            No connected system that can act on it reports this {kind}.
          </Text>
        )}
        {items.map((source) => (
          <Stack key={source.instanceId} gap={6}>
            <InstanceActionButtons
              source={source}
              canOperate={canOperate}
              canAdmin={canAdmin}
              busy={busy}
              onPick={(a) => pick(source, a)}
            />
            <InstancePresets source={source} kind={kind} entityId={entityId} entityName={entityName} />
          </Stack>
        ))}
        {outcome && <ActionResultAlert outcome={outcome} onClose={() => setOutcome(null)} />}
        {sources.data && items.length > 0 && <Divider />}
        <ActionHistory targetId={entityId} kind={kind} sources={items} />
      </Stack>
      {picked && (
        <ActionDialog
          key={picked.idempotencyKey}
          entityName={entityName}
          source={picked.source}
          action={picked.action}
          pending={run.isPending}
          error={run.error}
          onSubmit={(input) => dispatch(picked, input, true)}
          onCancel={() => {
            setPicked(null);
            run.reset();
          }}
        />
      )}
    </Paper>
  );
}
