import { useState, type KeyboardEvent, type RefObject } from 'react';
import { Text, TextInput } from '@mantine/core';
import type { AddOutcome } from './useScanSession.js';

function noticeOf(out: AddOutcome): string {
  const parts: string[] = [];
  if (out.added.length === 1) parts.push(`Added ${out.added[0]}.`);
  else if (out.added.length > 1) parts.push(`Added ${out.added.length} serials.`);
  if (out.skipped.length > 0) parts.push(`${out.skipped.join(', ')} is already on the list.`);
  return parts.join(' ');
}

/**
 * Where serials arrive: a barcode scanner types the serial and presses Enter, and so can a person.
 * The box empties after each one and keeps the focus, ready for the next scan.
 */
export function ScanBox({
  onScan,
  inputRef,
}: {
  onScan: (raw: string) => AddOutcome;
  /** The panel puts the focus back here after its buttons are used, ready for the next scan. */
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const [value, setValue] = useState('');
  const [notice, setNotice] = useState('');
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (!value.trim()) return;
    setNotice(noticeOf(onScan(value)));
    setValue('');
    inputRef.current?.focus();
  };
  return (
    <div>
      <TextInput
        ref={inputRef}
        label="Scan or type a serial number, then Enter"
        description="Several at once work too: separate them with spaces, commas or new lines."
        placeholder="e.g. C02XK1ABJGH5"
        size="md"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        data-testid="scan-input"
      />
      <Text size="xs" c="dimmed" mt={4} mih={18} aria-live="polite" data-testid="scan-notice">
        {notice}
      </Text>
    </div>
  );
}
