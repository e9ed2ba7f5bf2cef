import {
  Anchor,
  Badge,
  Breadcrumbs,
  Grid,
  Group,
  Paper,
  Stack,
  Switch,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { DefinitionText } from './DefinitionText.js';
import { WORKFLOWS_PATH } from './paths.js';
import { RunsList } from './RunsList.js';
import { TestRunPanel } from './TestRunPanel.js';
import { useSetEnabled, useWorkflow } from './workflows.api.js';
import { useDraft, WorkflowEditor } from './WorkflowEditor.js';

const TABS = ['editor', 'text', 'runs'] as const;
type Tab = (typeof TABS)[number];

/** One workflow: the visual editor, its definition as YAML/JSON, and its runs with a test run. */
export function WorkflowPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const workflow = useWorkflow(id);
  const setEnabled = useSetEnabled();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'editor';
  const w = workflow.data;
  const { draft, setDraft } = useDraft(w);
  const canAdmin = roleAtLeast(session.role, 'admin');
  return (
    <Stack data-testid="workflow-page" data-workflow-id={id} data-version={w?.version}>
      <Breadcrumbs>
        <Anchor component={Link} to={WORKFLOWS_PATH} size="sm" data-testid="back-to-workflows">
          Workflows
        </Anchor>
        <Text size="sm">{w?.name ?? '…'}</Text>
      </Breadcrumbs>
      <PageState isPending={workflow.isPending} error={workflow.error} />
      {w && (
        <>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={3} data-testid="workflow-title">
                {w.name}
              </Title>
              <Group gap="xs">
                <Badge variant="light" data-testid="workflow-trigger-type">
                  {w.triggerType}
                </Badge>
                <Text size="sm" c="dimmed" data-testid="workflow-page-version">
                  version {w.version}
                </Text>
              </Group>
              {w.definition.description && (
                <Text size="sm" maw={720}>
                  {w.definition.description}
                </Text>
              )}
            </Stack>
            <Switch
              label={w.enabled ? 'Enabled' : 'Disabled'}
              checked={w.enabled}
              disabled={!canAdmin}
              onChange={(e) => setEnabled.mutate({ id: w.id, enabled: e.currentTarget.checked })}
              data-testid="workflow-page-enabled"
            />
          </Group>
          <ErrorAlert error={setEnabled.error} title="Could not switch the workflow" />
          <Tabs
            value={tab}
            onChange={(v) => setParams(v && v !== 'editor' ? { tab: v } : {}, { replace: true })}
            keepMounted={false}
          >
            <Tabs.List>
              <Tabs.Tab value="editor" data-testid="tab-editor">
                Editor
              </Tabs.Tab>
              <Tabs.Tab value="text" data-testid="tab-text">
                JSON / YAML
              </Tabs.Tab>
              <Tabs.Tab value="runs" data-testid="tab-runs">
                Runs
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="editor" pt="sm">
              {draft && <WorkflowEditor workflow={w} draft={draft} setDraft={setDraft} editable={canAdmin} />}
            </Tabs.Panel>
            <Tabs.Panel value="text" pt="sm">
              <DefinitionText workflow={w} editable={canAdmin} />
            </Tabs.Panel>
            <Tabs.Panel value="runs" pt="sm">
              <Grid gap="lg">
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Paper withBorder p="md">
                    <Stack gap="sm">
                      <Title order={5}>Test run</Title>
                      <TestRunPanel workflow={w} />
                    </Stack>
                  </Paper>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 8 }}>
                  <RunsList workflowId={w.id} />
                </Grid.Col>
              </Grid>
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}
