import { Badge, Group, Paper, Text } from '@mantine/core';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { STEP_LABELS } from './definitionEdit.js';
import { handlesOf } from './graph.js';
import type { StepError } from './stepErrors.js';
import type { StepDraft } from './workflows.types.js';

export type StepNodeData = { step: StepDraft; isStart: boolean; errors: StepError[] };
export type StepNodeType = Node<StepNodeData, 'step'>;

export const NODE_WIDTH = 200;

/** A step on the canvas: its name and type, one handle in at the top and one per successor field below. */
export function StepNode({ data, selected }: NodeProps<StepNodeType>) {
  const { step, isStart, errors } = data;
  const handles = handlesOf(step.type);
  const failed = errors.length > 0;
  return (
    <Paper
      withBorder
      shadow={selected ? 'md' : 'xs'}
      p={6}
      w={NODE_WIDTH}
      style={{
        borderColor: failed
          ? 'var(--mantine-color-red-6)'
          : selected
            ? 'var(--mantine-color-indigo-6)'
            : undefined,
        borderWidth: failed || selected ? 2 : 1,
      }}
      data-testid="step-node"
      data-step-id={step.id}
      data-step-type={step.type}
      data-invalid={failed || undefined}
    >
      <Handle type="target" position={Position.Top} id="in" />
      <Group gap={4} justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600} truncate title={step.name ?? step.id} data-testid="step-node-title">
          {step.name ?? step.id}
        </Text>
        {isStart && (
          <Badge size="xs" variant="light" color="teal">
            start
          </Badge>
        )}
      </Group>
      <Text size="xs" c="dimmed" truncate>
        {STEP_LABELS[step.type] ?? step.type}
        {step.name ? ` · ${step.id}` : ''}
      </Text>
      {failed && (
        <Text size="xs" c="red" lineClamp={2} data-testid="step-node-error">
          {errors[0]!.field ? `${errors[0]!.field}: ` : ''}
          {errors[0]!.reason}
          {errors.length > 1 ? ` (+${errors.length - 1})` : ''}
        </Text>
      )}
      {handles.length > 1 && (
        <Group justify="space-evenly" mt={2} gap={0}>
          {handles.map((h) => (
            <Text key={h} size="9px" c="dimmed">
              {h}
            </Text>
          ))}
        </Group>
      )}
      {handles.map((h, i) => (
        <Handle
          key={h}
          type="source"
          position={Position.Bottom}
          id={h}
          style={{ left: `${((i + 1) / (handles.length + 1)) * 100}%` }}
          data-testid={`handle-${h}`}
        />
      ))}
    </Paper>
  );
}
