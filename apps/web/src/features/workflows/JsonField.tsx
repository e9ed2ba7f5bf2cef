import { useState } from 'react';
import { Button, Group, Stack, Textarea } from '@mantine/core';

export const toJson = (v: unknown) => JSON.stringify(v, null, 2);

/**
 * A value edited as JSON text, applied with a button. Give it a `key` that changes with the value so
 * it starts over when the value is changed elsewhere.
 */
export function JsonField({
  label,
  description,
  value,
  onApply,
  disabled,
  error,
  testId,
}: {
  label: string;
  description?: string;
  value: unknown;
  /** Takes the parsed JSON; answers why it cannot be used, or null. */
  onApply: (parsed: unknown) => string | null;
  disabled?: boolean;
  error?: string;
  testId: string;
}) {
  const [text, setText] = useState(() => toJson(value));
  const [problem, setProblem] = useState<string | null>(null);
  const changed = text !== toJson(value);
  const apply = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      setProblem(`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setProblem(onApply(parsed));
  };
  return (
    <Stack gap={4}>
      <Textarea
        label={label}
        description={description}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={problem ?? error}
        errorProps={{ 'data-testid': `${testId}-error` }}
        autosize
        minRows={4}
        maxRows={20}
        disabled={disabled}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        data-testid={testId}
      />
      {!disabled && (
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" disabled={!changed} onClick={() => setText(toJson(value))}>
            Revert
          </Button>
          <Button size="xs" disabled={!changed} onClick={apply} data-testid={`${testId}-apply`}>
            Apply
          </Button>
        </Group>
      )}
    </Stack>
  );
}
