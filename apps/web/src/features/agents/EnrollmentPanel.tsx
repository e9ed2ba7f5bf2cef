import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import type { CreatedEnrollmentSecret } from './agents.types.js';
import { CreateSecretForm } from './CreateSecretForm.js';
import { SecretShownOnce } from './SecretShownOnce.js';
import { SecretsTable } from './SecretsTable.js';

/** Enrolment: secrets a device exchanges for a credential of its own. Admins only. */
export function EnrollmentPanel() {
  const [created, setCreated] = useState<CreatedEnrollmentSecret | null>(null);
  return (
    <Stack data-testid="enrollment-panel">
      <Text size="sm" c="dimmed" maw={720}>
        A device enrols once with a secret and gets a credential of its own; revoking a secret stops new
        enrolments with it, not the agents already enrolled.
      </Text>
      {created ? (
        <SecretShownOnce created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateSecretForm onCreated={setCreated} />
      )}
      <SecretsTable />
    </Stack>
  );
}
