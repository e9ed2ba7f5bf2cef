import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isLifecycleState } from '../../../api/lifecycle.js';
import type { SavedView } from '../../../api/records.js';
import {
  DEFAULT_COLUMNS,
  defaultState,
  fromViewQuery,
  parseStoredState,
  type ListState,
} from './listState.js';

const SESSION_KEY = 'steward.assets.list.v1';
const COLUMNS_KEY = 'steward.assets.columns.v1';
const VIEW_KEY = 'steward.assets.view.v1';

function storedColumns(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null');
    if (Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string')) return v as string[];
  } catch {
    // fall through to the defaults
  }
  return DEFAULT_COLUMNS;
}

interface Stored {
  state: ListState;
  viewId: string | null;
}

function initial(params: URLSearchParams): Stored {
  const columns = storedColumns();
  // A link such as /assets?lifecycleState=deployed (from the dashboard) starts a fresh list.
  const states = params.getAll('lifecycleState').filter(isLifecycleState);
  if (states.length > 0)
    return { state: { ...defaultState(columns), lifecycleStates: states }, viewId: null };
  const state = parseStoredState(sessionStorage.getItem(SESSION_KEY));
  if (state) return { state, viewId: sessionStorage.getItem(VIEW_KEY) };
  return { state: defaultState(columns), viewId: null };
}

/**
 * The Assets page state. It survives going to an asset and back (session storage); the chosen columns
 * are remembered across sessions (local storage) and in saved views.
 */
export function useListState() {
  const [params, setParams] = useSearchParams();
  const [stored, setStored] = useState<Stored>(() => initial(params));

  useEffect(() => {
    if (params.has('lifecycleState')) setParams({}, { replace: true });
  }, [params, setParams]);

  useEffect(() => {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(stored.state));
    if (stored.viewId) sessionStorage.setItem(VIEW_KEY, stored.viewId);
    else sessionStorage.removeItem(VIEW_KEY);
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(stored.state.columns));
  }, [stored]);

  const update = useCallback(
    (change: Partial<ListState>) => setStored((s) => ({ ...s, state: { ...s.state, ...change } })),
    [],
  );
  const applyView = useCallback(
    (view: SavedView) => setStored({ state: fromViewQuery(view.query, storedColumns()), viewId: view.id }),
    [],
  );
  const reset = useCallback(
    () => setStored((s) => ({ state: defaultState(s.state.columns), viewId: null })),
    [],
  );
  const setViewId = useCallback((viewId: string | null) => setStored((s) => ({ ...s, viewId })), []);

  return { state: stored.state, viewId: stored.viewId, update, applyView, reset, setViewId };
}
