import { useEffect, useState } from 'react';
import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';

/** Free-text search that tells the page only once typing pauses (one request, not one per key). */
export function SearchBox({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 300);

  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // Only a pause in typing reports; `value` changing is handled below.
  }, [debounced]);
  useEffect(() => {
    // The page changed it (a view was applied, filters were cleared): show that.
    if (value !== debounced) setText(value);
  }, [value]);

  return (
    <TextInput
      label="Search"
      placeholder="Name, serial, tag, hostname, model, PO, assignee"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      data-testid="assets-search"
      w={{ base: '100%', sm: 300 }}
    />
  );
}
