import { useEffect, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useSearchParams } from 'react-router-dom';

/** The search box's text, and its debounced value kept in the URL (?q=) so a search can be shared. */
export function usePresetSearch(): { search: string; setSearch: (s: string) => void; q: string } {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(() => params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  useEffect(() => {
    setParams(
      (old) => {
        const next = new URLSearchParams(old);
        if (debounced) next.set('q', debounced);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [debounced, setParams]);
  return { search, setSearch, q: debounced };
}
