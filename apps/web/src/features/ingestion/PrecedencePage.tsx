import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { roleAtLeast } from '../../api/types.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageState } from '../../ui/PageState.js';
import { useSession } from '../auth/index.js';
import { useIngestionSettings, useSaveIngestionSettings, type IngestionSettings } from './ingestion.api.js';

const GROUP_LABELS: Record<string, string> = {
  identity: 'Identity',
  hardware: 'Hardware',
  os: 'Operating system',
  security: 'Security',
  management: 'Management',
  financial: 'Financial',
  assignment: 'Assignment',
  lifecycle: 'Lifecycle',
  person: 'People',
  custom: 'Custom fields',
};

const split = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Which source wins for each group of attributes, and how records are matched to one thing. */
export function PrecedencePage() {
  const settings = useIngestionSettings();
  return (
    <Stack data-testid="precedence-page">
      <Text size="sm" c="dimmed">
        For each group of attributes, the sources in order of trust, highest first: a source type (mdm, edr,
        directory, hr, purchasing, agent, manual, import, api) or one source as source:&lt;key&gt;. The first
        source that has a value and is not stale wins; a blank never overwrites a value.
      </Text>
      <PageState isPending={settings.isPending} error={settings.error} />
      {settings.data && <SettingsForm settings={settings.data} />}
    </Stack>
  );
}

function SettingsForm({ settings }: { settings: IngestionSettings }) {
  const session = useSession();
  const canEdit = roleAtLeast(session.role, 'admin');
  const save = useSaveIngestionSettings();
  const [lists, setLists] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [ident, setIdent] = useState(settings.identification);
  useEffect(() => {
    setLists(Object.fromEntries(Object.entries(settings.precedence).map(([g, l]) => [g, l.join(', ')])));
    setTouched(new Set());
    setIdent(settings.identification);
  }, [settings]);

  const submit = () => {
    const precedence: Record<string, string[]> = {};
    for (const group of Object.keys(settings.precedence))
      if (touched.has(group) || settings.overrides[group]) precedence[group] = split(lists[group] ?? '');
    save.mutate({ precedence, identification: ident });
  };

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={5} mb="sm">
          Source precedence
        </Title>
        <Table>
          <Table.Tbody>
            {Object.keys(settings.precedence).map((group) => (
              <Table.Tr key={group}>
                <Table.Td w={180}>
                  <Group gap="xs">
                    <Text size="sm">{GROUP_LABELS[group] ?? group}</Text>
                    {settings.overrides[group] && (
                      <Badge size="xs" variant="light">
                        changed
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <TextInput
                    value={lists[group] ?? ''}
                    disabled={!canEdit}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setLists((l) => ({ ...l, [group]: value }));
                      setTouched((t) => new Set(t).add(group));
                    }}
                    aria-label={`Precedence for ${GROUP_LABELS[group] ?? group}`}
                    data-testid={`precedence-${group}`}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={5}>Identification</Title>
          <Switch
            label="Match devices on hostname + model when nothing stronger matches"
            checked={ident.weakKeys}
            disabled={!canEdit}
            onChange={(e) => {
              const weakKeys = e.currentTarget.checked;
              setIdent((i) => ({ ...i, weakKeys }));
            }}
            data-testid="weak-keys"
          />
          <NumberInput
            label="A MAC address held by this many devices stops identifying them"
            min={2}
            max={100}
            value={ident.macSharedLimit}
            disabled={!canEdit}
            onChange={(v) => setIdent((i) => ({ ...i, macSharedLimit: Number(v) || 2 }))}
            w={360}
            data-testid="mac-shared-limit"
          />
          <Textarea
            label="More placeholder serials to ignore (one per line)"
            value={ident.extraJunkSerials.join('\n')}
            disabled={!canEdit}
            onChange={(e) => {
              const extraJunkSerials = split(e.currentTarget.value);
              setIdent((i) => ({ ...i, extraJunkSerials }));
            }}
            autosize
            minRows={2}
          />
          <Textarea
            label="MAC prefixes to ignore, e.g. your docks' (one per line)"
            value={ident.ignoredMacPrefixes.join('\n')}
            disabled={!canEdit}
            onChange={(e) => {
              const ignoredMacPrefixes = split(e.currentTarget.value);
              setIdent((i) => ({ ...i, ignoredMacPrefixes }));
            }}
            autosize
            minRows={2}
          />
        </Stack>
      </Paper>
      <ErrorAlert error={save.error} testId="precedence-error" />
      {canEdit && (
        <Group>
          <Button onClick={submit} loading={save.isPending} data-testid="precedence-save">
            Save
          </Button>
          {save.isSuccess && (
            <Text size="sm" c="green" data-testid="precedence-saved">
              Saved. Every asset and person is being reconciled again under the new order.
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}
