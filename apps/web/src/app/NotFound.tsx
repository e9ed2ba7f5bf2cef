import { Anchor, Paper, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';

export function NotFound() {
  return (
    <Paper withBorder p="xl" data-testid="not-found">
      <Title order={2}>Page not found</Title>
      <Text mt="sm">
        There is nothing at this address.{' '}
        <Anchor component={Link} to="/">
          Go to the dashboard
        </Anchor>
        .
      </Text>
    </Paper>
  );
}
