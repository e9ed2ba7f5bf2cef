import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { Asset } from '../../../api/records.js';

export interface Selection {
  ids: ReadonlySet<string>;
  /** Click on row `index`; with shift, every loaded row from the last clicked one takes the new state. */
  toggle: (index: number, shift: boolean) => void;
  /** Select every loaded row, or clear when they all are. */
  toggleAll: () => void;
  replace: (ids: Iterable<string>) => void;
  clear: () => void;
}

/** Which loaded rows are selected, by asset id (so they stay selected as more pages load). */
export function useSelection(rows: readonly Asset[]): Selection {
  const [ids, setIds] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<number | null>(null);
  const rowsRef = useRef(rows);
  useLayoutEffect(() => {
    rowsRef.current = rows;
  }, [rows]);

  const toggle = useCallback((index: number, shift: boolean) => {
    const list = rowsRef.current;
    const target = list[index];
    if (!target) return;
    const from = shift ? anchor.current : null;
    anchor.current = index;
    setIds((prev) => {
      const on = !prev.has(target.id);
      const next = new Set(prev);
      const [lo, hi] = from === null ? [index, index] : [Math.min(from, index), Math.max(from, index)];
      for (let i = lo; i <= hi; i++) {
        const r = list[i];
        if (!r) continue;
        if (on) next.add(r.id);
        else next.delete(r.id);
      }
      return next;
    });
  }, []);

  const toggleAll = useCallback(() => {
    const list = rowsRef.current;
    setIds((prev) =>
      list.length > 0 && list.every((r) => prev.has(r.id)) ? new Set() : new Set(list.map((r) => r.id)),
    );
  }, []);

  const replace = useCallback((next: Iterable<string>) => setIds(new Set(next)), []);
  const clear = useCallback(() => {
    anchor.current = null;
    setIds(new Set());
  }, []);

  return { ids, toggle, toggleAll, replace, clear };
}
