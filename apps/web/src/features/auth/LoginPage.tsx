import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Anchor,
  Button,
  Center,
  Collapse,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { login, SESSION_KEY } from './auth.api.js';

/** Only same-site paths, so ?next= cannot send someone elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [moreOptions, setMoreOptions] = useState(false);

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (session) => {
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, session);
      void navigate(safeNext(params.get('next')), { replace: true });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate({ email: email.trim(), password, ...(tenant.trim() ? { tenant: tenant.trim() } : {}) });
  };

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-light)">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={400} maw="100%">
        <form onSubmit={submit} data-testid="login-form" noValidate>
          <Stack>
            <div>
              <Title order={2}>Steward</Title>
              <Text c="dimmed" size="sm">
                Sign in to manage your organisation&apos;s technology.
              </Text>
            </div>
            {mutation.error && <ErrorAlert error={mutation.error} testId="login-error" />}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-testid="login-email"
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              data-testid="login-password"
            />
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => setMoreOptions((o) => !o)}
              ta="left"
            >
              {moreOptions ? 'Fewer options' : 'More options'}
            </Anchor>
            <Collapse expanded={moreOptions}>
              <TextInput
                label="Tenant"
                description="The tenant's short name (slug), if your account belongs to more than one."
                value={tenant}
                onChange={(e) => setTenant(e.currentTarget.value)}
                data-testid="login-tenant"
              />
            </Collapse>
            <Button
              type="submit"
              loading={mutation.isPending}
              disabled={!email || !password}
              data-testid="login-submit"
            >
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
