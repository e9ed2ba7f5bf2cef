import { useState } from 'react';
import { Button, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { useSession } from '../auth/index.js';
import { AgentStatsPanel } from './AgentStatsPanel.js';
import { AgentsTable } from './AgentsTable.js';
import { EnrollmentPanel } from './EnrollmentPanel.js';
import { RunTaskModal } from './RunTaskModal.js';

/** Endpoint agents: who is connected now, the agents, enrolment, and running tasks on many devices. */
export function AgentsPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [running, setRunning] = useState(false);
  const canOperate = roleAtLeast(session.role, 'operator');
  const canAdmin = roleAtLeast(session.role, 'admin');
  const tab = canAdmin && params.get('tab') === 'enrolment' ? 'enrolment' : 'agents';
  return (
    <Stack data-testid="agents-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>Agents</Title>
          <Text size="sm" c="dimmed" maw={720}>
            Endpoint agents hold a live connection to Steward: tasks reach an online device in seconds, and
            wait in a queue for one that is offline.
          </Text>
        </Stack>
        {canOperate && (
          <Button onClick={() => setRunning(true)} data-testid="run-task-open">
            Run task
          </Button>
        )}
      </Group>
      <AgentStatsPanel />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v === 'enrolment' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="agents" data-testid="tab-agents">
            Agents
          </Tabs.Tab>
          {canAdmin && (
            <Tabs.Tab value="enrolment" data-testid="tab-enrolment">
              Enrolment
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="agents" pt="sm">
          <AgentsTable canOperate={canOperate} canAdmin={canAdmin} />
        </Tabs.Panel>
        {canAdmin && (
          <Tabs.Panel value="enrolment" pt="sm">
            <EnrollmentPanel />
          </Tabs.Panel>
        )}
      </Tabs>
      {canOperate && <RunTaskModal opened={running} onClose={() => setRunning(false)} />}
    </Stack>
  );
}
