import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import type { ApiToken, CreatedToken } from '../../../api/types.js';
import { ConfirmModal } from '../../../ui/ConfirmModal.js';
import { PageState } from '../../../ui/PageState.js';
import { CreateTokenForm } from './CreateTokenForm.js';
import { SecretModal } from './SecretModal.js';
import { TokensTable } from './TokensTable.js';
import { useRevokeToken, useTokens } from './tokens.api.js';

export function TokensPage() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const closeRevoke = () => {
    setRevoking(null);
    revoke.reset();
  };
  const confirmRevoke = () => {
    if (revoking) revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) });
  };

  return (
    <Stack data-testid="tokens-page">
      <Text size="sm" c="dimmed">
        API tokens let scripts and other systems use the API with a role of their own. A token works until it
        expires or is revoked.
      </Text>
      <CreateTokenForm onCreated={setCreated} />
      <PageState isPending={tokens.isPending} error={tokens.error} />
      {tokens.data && <TokensTable tokens={tokens.data} onRevoke={setRevoking} />}
      <SecretModal created={created} onClose={() => setCreated(null)} />
      <ConfirmModal
        opened={revoking !== null}
        title="Revoke API token"
        confirmLabel="Revoke token"
        onConfirm={confirmRevoke}
        onCancel={closeRevoke}
        pending={revoke.isPending}
        error={revoke.error}
      >
        Revoke <b>{revoking?.name}</b>? Anything still using it will be refused from now on. This cannot be
        undone.
      </ConfirmModal>
    </Stack>
  );
}
