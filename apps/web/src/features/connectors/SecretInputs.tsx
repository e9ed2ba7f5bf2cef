import { PasswordInput, SimpleGrid, Textarea } from '@mantine/core';
import type { CatalogSecret } from './connectors.types.js';

export interface SecretInputsProps {
  secrets: CatalogSecret[];
  /** What the user typed, by key; never filled from the server. */
  values: Record<string, string>;
  /** Which secrets are stored already (editing): blank then keeps them. */
  stored: Record<string, { set: boolean }> | undefined;
  errors: Record<string, string | undefined>;
  onChange: (key: string, value: string) => void;
}

/** One write-only input per secret the connector declares. */
export function SecretInputs({ secrets, values, stored, errors, onChange }: SecretInputsProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
      {secrets.map((s) => {
        const isStored = stored?.[s.key]?.set === true;
        const props = {
          label: s.label,
          description: isStored
            ? `${s.description ? `${s.description} ` : ''}Stored — leave blank to keep it.`
            : s.description,
          placeholder: isStored ? 'stored — leave blank to keep' : undefined,
          required: !stored,
          error: errors[s.key],
          errorProps: { 'data-testid': `secret-${s.key}-error` },
          value: values[s.key] ?? '',
          autoComplete: 'new-password',
          'data-testid': `secret-${s.key}`,
          'data-stored': isStored ? 'true' : 'false',
        };
        return s.multiline ? (
          <Textarea
            key={s.key}
            {...props}
            onChange={(e) => onChange(s.key, e.currentTarget.value)}
            autosize
            minRows={3}
            ff="monospace"
            spellCheck={false}
          />
        ) : (
          <PasswordInput key={s.key} {...props} onChange={(e) => onChange(s.key, e.currentTarget.value)} />
        );
      })}
    </SimpleGrid>
  );
}
