import { useEffect, useState } from 'react';
import { Autocomplete } from '@mantine/core';

const OS_SUGGESTIONS = ['macOS', 'Windows', 'iOS', 'iPadOS', 'Android', 'Linux', 'ChromeOS'];

/** Exact OS name; applied when a suggestion is picked, on Enter or on leaving the box (not per key). */
export function OsFilter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = (v: string) => {
    if (v.trim() !== value) onChange(v.trim());
  };
  return (
    <Autocomplete
      label="OS"
      placeholder="Any OS"
      data={OS_SUGGESTIONS}
      value={text}
      onChange={(v) => {
        setText(v);
        if (v === '') commit('');
      }}
      onOptionSubmit={commit}
      onBlur={() => commit(text)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(text);
      }}
      w={150}
      data-testid="filter-os"
    />
  );
}
