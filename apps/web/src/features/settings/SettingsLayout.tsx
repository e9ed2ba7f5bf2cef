import { Alert, Anchor, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { roleAtLeast } from '../../api/types.js';
import { useSession } from '../auth/index.js';

const TABS = [
  { value: 'users', label: 'Users' },
  { value: 'roles', label: 'Roles' },
  { value: 'tokens', label: 'API tokens' },
  { value: 'custom-fields', label: 'Custom fields' },
  { value: 'precedence', label: 'Sources & precedence' },
  { value: 'connectors', label: 'Connectors' },
  { value: 'action-presets', label: 'Action presets' },
  { value: 'audit', label: 'Audit log' },
] as const;

export function SettingsLayout() {
  const session = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = pathname.split('/')[2] ?? 'users';

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Settings</Title>
          <Text c="dimmed" size="sm">
            Who can use {session.tenant.name}, with which role, and what they did.
          </Text>
        </div>
        <Anchor href="/api/docs" target="_blank" rel="noreferrer" size="sm" data-testid="api-docs-link">
          API reference
        </Anchor>
      </Group>
      {!roleAtLeast(session.role, 'admin') && (
        <Alert color="yellow" variant="light">
          Your role is {session.role}. Managing users and API tokens and reading the audit log need the admin
          role.
        </Alert>
      )}
      <Tabs value={current} onChange={(v) => v && void navigate(`/settings/${v}`)} keepMounted={false}>
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} data-testid={`settings-tab-${t.value}`}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </Stack>
  );
}
