import { useState } from 'react';
import { Alert, Button, Code, Group, List, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { isApiError } from '../../api/client.js';
import { PageState } from '../../ui/PageState.js';
import { useExport, useSaveVersion, type TextFormat } from './workflows.api.js';
import type { Workflow } from './workflows.types.js';

/** "steps[2] (lock).if" for a reason about a step of JSON that parses; the bare path otherwise. */
function describePath(path: string, text: string, format: TextFormat): string {
  const bare = path.replace(/^body\./, '');
  const m = /^steps\[(\d+)\]/.exec(bare);
  if (!m || format !== 'json') return bare;
  try {
    const id = (JSON.parse(text) as { steps?: { id?: unknown }[] }).steps?.[Number(m[1])]?.id;
    return typeof id === 'string' ? bare.replace(m[0], `${m[0]} (${id})`) : bare;
  } catch {
    return bare;
  }
}

function TextEditor({
  workflow,
  format,
  initial,
  editable,
}: {
  workflow: Workflow;
  format: TextFormat;
  initial: string;
  editable: boolean;
}) {
  const [text, setText] = useState(initial);
  const save = useSaveVersion(workflow.id);
  const details = isApiError(save.error) ? save.error.details : [];
  return (
    <Stack gap="sm">
      <Textarea
        aria-label={`Definition as ${format.toUpperCase()}`}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={16}
        maxRows={40}
        spellCheck={false}
        readOnly={!editable}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        data-testid="definition-text"
        data-format={format}
      />
      {save.error ? (
        <Alert color="red" variant="light" role="alert" data-testid="definition-text-error">
          <Text size="sm">{save.error instanceof Error ? save.error.message : String(save.error)}</Text>
          {details.length > 0 && (
            <List size="sm" mt="xs">
              {details.map((d) => (
                <List.Item
                  key={`${d.path}:${d.reason}`}
                  data-testid="definition-text-error-detail"
                  data-path={d.path}
                >
                  <Code>{describePath(d.path, text, format)}</Code> {d.reason}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      ) : null}
      {editable && (
        <Group justify="flex-end">
          <Button variant="default" disabled={text === initial} onClick={() => setText(initial)}>
            Revert
          </Button>
          <Button
            disabled={text === initial}
            loading={save.isPending}
            onClick={() => save.mutate({ text, format })}
            data-testid="definition-text-save"
          >
            Save as version {workflow.version + 1}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The saved definition as YAML or JSON, to read, copy, or edit and save as a new version. */
export function DefinitionText({ workflow, editable }: { workflow: Workflow; editable: boolean }) {
  const [format, setFormat] = useState<TextFormat>('yaml');
  const exported = useExport(workflow.id, workflow.version, format);
  return (
    <Stack gap="sm" data-testid="definition-text-tab">
      <Group justify="space-between">
        <SegmentedControl
          value={format}
          onChange={(v) => setFormat(v === 'json' ? 'json' : 'yaml')}
          data={[
            { value: 'yaml', label: 'YAML' },
            { value: 'json', label: 'JSON' },
          ]}
          data-testid="definition-format"
        />
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            Version {workflow.version}, as saved. Imports unchanged with POST /api/v1/workflows.
          </Text>
          <Button
            component="a"
            size="xs"
            variant="default"
            href={`/api/v1/workflows/${encodeURIComponent(workflow.id)}/export?format=${format}`}
            download
          >
            Download
          </Button>
        </Group>
      </Group>
      <PageState isPending={exported.isPending} error={exported.error} />
      {exported.data !== undefined && (
        <TextEditor
          key={`${workflow.version}:${format}`}
          workflow={workflow}
          format={format}
          initial={exported.data}
          editable={editable}
        />
      )}
    </Stack>
  );
}
