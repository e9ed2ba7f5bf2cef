import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useSession, useSignOut } from '../features/auth/index.js';
import { AREAS, testIdOf } from './nav.js';

function isActive(areaPath: string, pathname: string): boolean {
  return areaPath === '/' ? pathname === '/' : pathname === areaPath || pathname.startsWith(`${areaPath}/`);
}

export function Shell() {
  const session = useSession();
  const signOut = useSignOut();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Title order={3}>Steward</Title>
            <Text c="dimmed" visibleFrom="xs" data-testid="header-tenant">
              {session.tenant.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Anchor href="/api/docs" target="_blank" rel="noreferrer" size="sm" visibleFrom="md">
              API reference
            </Anchor>
            <Text size="sm" visibleFrom="sm" data-testid="header-user" title={session.user.name}>
              {session.user.email}
            </Text>
            <Badge variant="light" data-testid="header-role">
              {session.role}
            </Badge>
            <Button
              variant="default"
              size="xs"
              onClick={signOut.run}
              loading={signOut.pending}
              data-testid="sign-out"
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {AREAS.map((area) => (
          <NavLink
            key={area.path}
            component={Link}
            to={area.path}
            label={area.label}
            active={isActive(area.path, pathname)}
            onClick={close}
            data-testid={testIdOf(area)}
            rightSection={
              area.ready ? undefined : (
                <Text size="xs" c="dimmed">
                  soon
                </Text>
              )
            }
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
