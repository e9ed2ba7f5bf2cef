import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../../api/client.js';
import { ASSETS_KEY } from '../api/assets.api.js';

export interface BulkTarget {
  id: string;
  name: string;
}

export interface BulkFailure extends BulkTarget {
  message: string;
}

export interface BulkProgress {
  total: number;
  done: number;
  succeeded: number;
  failures: BulkFailure[];
  running: boolean;
  /** Stopped by the user before the end. */
  stopped: boolean;
}

/**
 * Runs one action on many assets, one after another (the server sees an ordinary, audited request per
 * asset), counting progress and keeping each failure with the server's reason.
 */
export function useBulkRun() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const stopRef = useRef(false);
  useEffect(
    () => () => {
      stopRef.current = true;
    },
    [],
  );

  const run = useCallback(
    async (targets: BulkTarget[], action: (id: string) => Promise<unknown>) => {
      stopRef.current = false;
      let state: BulkProgress = {
        total: targets.length,
        done: 0,
        succeeded: 0,
        failures: [],
        running: true,
        stopped: false,
      };
      setProgress(state);
      for (const target of targets) {
        if (stopRef.current) break;
        try {
          await action(target.id);
          state = { ...state, done: state.done + 1, succeeded: state.succeeded + 1 };
        } catch (e) {
          state = {
            ...state,
            done: state.done + 1,
            failures: [...state.failures, { ...target, message: describeError(e) }],
          };
        }
        setProgress(state);
      }
      setProgress({ ...state, running: false, stopped: state.done < state.total });
      await queryClient.invalidateQueries({ queryKey: ASSETS_KEY });
    },
    [queryClient],
  );

  const stop = useCallback(() => {
    stopRef.current = true;
  }, []);
  const reset = useCallback(() => setProgress(null), []);

  return { progress, run, stop, reset };
}
