import { useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { ScanBox } from './ScanBox.js';
import { ScanResults } from './ScanResults.js';
import { ScanTally } from './ScanTally.js';
import { useScanSession, type Submit } from './useScanSession.js';

export interface ReceivePanelProps {
  title: string;
  description: ReactNode;
  submit: Submit;
  /** Extra settings next to the scan box (the order page's "new serials go to line …"). */
  controls?: ReactNode;
  /** Link each result to its order (at the dock, where serials come from any order). */
  showOrder?: boolean;
  /** What to do about ambiguous serials; with it, they can be sent again after doing it. */
  ambiguousHint?: string;
}

/** Scan serials into a running list, send them, and see what happened to each. */
export function ReceivePanel({
  title,
  description,
  submit,
  controls,
  showOrder = false,
  ambiguousHint,
}: ReceivePanelProps) {
  const [auto, setAuto] = useState(false);
  const session = useScanSession(submit, auto);
  const scanInput = useRef<HTMLInputElement>(null);
  /** Runs a button's action, then hands the focus back to the scan box for the next scan. */
  const andRefocus = (fn: () => unknown) => () => {
    void fn();
    scanInput.current?.focus();
  };
  const pending = session.entries.filter((e) => e.state === 'pending').length;
  const failed = session.entries.filter((e) => e.state === 'failed').length;
  const ambiguous = session.entries.filter((e) => e.state === 'ambiguous').length;

  return (
    <Paper withBorder p="md" data-testid="receive-panel">
      <Stack gap="sm">
        <div>
          <Title order={4}>{title}</Title>
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        </div>
        <ScanBox onScan={session.add} inputRef={scanInput} />
        <Group justify="space-between" align="center">
          <Group gap="md" align="flex-end">
            {controls}
            <Switch
              label="Receive each scan at once"
              checked={auto}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setAuto(on);
                if (on) void session.send();
              }}
              data-testid="scan-auto"
            />
          </Group>
          <Group gap="xs">
            {failed > 0 && (
              <Button
                variant="default"
                onClick={andRefocus(() => session.requeue('failed'))}
                data-testid="scan-retry"
              >
                Try the {failed} unsent again
              </Button>
            )}
            {ambiguous > 0 && ambiguousHint && (
              <Button
                variant="default"
                onClick={andRefocus(() => session.requeue('ambiguous'))}
                data-testid="scan-requeue-ambiguous"
              >
                Send the {ambiguous} ambiguous again
              </Button>
            )}
            <Button
              variant="subtle"
              color="gray"
              onClick={andRefocus(session.clear)}
              disabled={session.entries.length === 0}
              data-testid="scan-clear"
            >
              Clear list
            </Button>
            <Button
              onClick={andRefocus(session.send)}
              disabled={pending === 0}
              loading={session.sending}
              data-testid="scan-submit"
            >
              {pending > 0 ? `Receive ${pending} ${pending === 1 ? 'serial' : 'serials'}` : 'Receive'}
            </Button>
          </Group>
        </Group>
        <ScanTally entries={session.entries} />
        {ambiguous > 0 && ambiguousHint && (
          <Alert color="orange" variant="light" data-testid="scan-ambiguous-hint">
            {ambiguousHint}
          </Alert>
        )}
        <ScanResults entries={session.entries} showOrder={showOrder} onRemove={session.remove} />
      </Stack>
    </Paper>
  );
}
