import { useMemo, useState } from 'react';
import { useComputedColorScheme } from '@mantine/core';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  type Connection,
  type Edge,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { edgesOf, layout } from './graph.js';
import type { StepError } from './stepErrors.js';
import { NODE_WIDTH, StepNode, type StepNodeType } from './StepNode.js';
import type { WorkflowDefinition } from './workflows.types.js';

const nodeTypes: NodeTypes = { step: StepNode };
const NO_ERRORS: StepError[] = [];

export interface WorkflowCanvasProps {
  definition: WorkflowDefinition;
  errors: Map<string, StepError[]>;
  selected: string | null;
  editable: boolean;
  onSelect: (id: string | null) => void;
  onConnect: (source: string, handle: string, target: string) => void;
  /** An edge removed with Backspace/Delete: its source and successor field. */
  onDisconnect: (source: string, field: string) => void;
  onRemoveStep: (id: string) => void;
}

/** The definition as a graph, laid out top to bottom; dragging from a handle to a step connects them. */
export function WorkflowCanvas(props: WorkflowCanvasProps) {
  const { definition, errors, selected, editable } = props;
  const colorScheme = useComputedColorScheme('light');
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const nodes = useMemo<StepNodeType[]>(() => {
    const at = layout(definition);
    return definition.steps.map((step) => ({
      id: step.id,
      type: 'step',
      position: { x: (at.get(step.id)?.x ?? 0) - NODE_WIDTH / 2, y: at.get(step.id)?.y ?? 0 },
      data: { step, isStart: step.id === definition.start, errors: errors.get(step.id) ?? NO_ERRORS },
      selected: step.id === selected,
      deletable: editable,
    }));
  }, [definition, errors, selected, editable]);
  const edges = useMemo<(Edge & { data: { field: string } })[]>(
    () =>
      edgesOf(definition).map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        sourceHandle: e.sourceHandle,
        targetHandle: 'in',
        label: e.label,
        type: 'smoothstep',
        markerEnd: { type: MarkerType.ArrowClosed },
        deletable: editable,
        selected: e.id === selectedEdge,
        data: { field: e.field },
      })),
    [definition, editable, selectedEdge],
  );
  // Fit again when steps come or go, not on every edit of a field.
  const shape = definition.steps.map((s) => s.id).join(',');

  return (
    <div
      style={{ height: 600, width: '100%' }}
      data-testid="workflow-canvas"
      data-steps={definition.steps.length}
    >
      <ReactFlow
        key={shape}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        colorMode={colorScheme}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.2}
        nodesDraggable={false}
        nodesConnectable={editable}
        elementsSelectable
        deleteKeyCode={editable ? ['Backspace', 'Delete'] : null}
        onNodeClick={(_, node) => {
          setSelectedEdge(null);
          props.onSelect(node.id);
        }}
        onEdgeClick={(_, edge) => setSelectedEdge(edge.id)}
        onPaneClick={() => {
          setSelectedEdge(null);
          props.onSelect(null);
        }}
        onConnect={(c: Connection) => props.onConnect(c.source, c.sourceHandle ?? 'next', c.target)}
        onEdgesDelete={(removed) => {
          for (const e of removed) {
            const field = (e.data as { field?: string } | undefined)?.field;
            if (field) props.onDisconnect(e.source, field);
          }
        }}
        onNodesDelete={(removed) => removed.forEach((n) => props.onRemoveStep(n.id))}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
