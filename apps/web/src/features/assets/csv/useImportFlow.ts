import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AssetImportReport, MatchOn } from '../../../api/csv.js';
import type { AssetKind } from '../../../api/records.js';
import { ASSETS_KEY } from '../api/assets.api.js';
import { dryRun, runImport, type ImportSetup } from './import.api.js';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface SetupForm {
  file: File | null;
  /** "column": the file says per row. */
  kind: AssetKind | 'column';
  matchOn: MatchOn | '';
}

const INITIAL: SetupForm = { file: null, kind: 'device', matchOn: '' };

function toSetup(form: SetupForm): ImportSetup | null {
  if (!form.file) return null;
  return {
    file: form.file,
    kind: form.kind === 'column' ? null : form.kind,
    matchOn: form.matchOn === '' ? null : form.matchOn,
  };
}

/** What a dry run was asked with: when the form or mapping changes, its report is out of date. */
function keyOf(form: SetupForm, overrides: Record<string, string>): string {
  const f = form.file;
  return JSON.stringify([f?.name, f?.size, f?.lastModified, form.kind, form.matchOn, overrides]);
}

/**
 * A CSV import: choose the file and how to read it, dry-run it (adjusting the column mapping, which
 * dry-runs again), then write all of it or only its valid rows.
 */
export function useImportFlow() {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SetupForm>(INITIAL);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [unrecognised, setUnrecognised] = useState<string[]>([]);
  const [checkedKey, setCheckedKey] = useState<string | null>(null);
  // The last dry run's report stays on screen while the next one runs (or if it fails).
  const [report, setReport] = useState<AssetImportReport | null>(null);

  const check = useMutation({
    mutationFn: (input: { form: SetupForm; overrides: Record<string, string> }) => {
      const setup = toSetup(input.form);
      if (!setup) throw new Error('Choose a CSV file first.');
      return dryRun(setup, input.overrides);
    },
    onSuccess: (r, input) => {
      setReport(r.report);
      setOverrides(r.overrides);
      if (r.unrecognised.length > 0) setUnrecognised((u) => [...new Set([...u, ...r.unrecognised])]);
      setCheckedKey(keyOf(input.form, r.overrides));
    },
  });

  const commit = useMutation({
    mutationFn: (mode: 'commit' | 'commitValid') => {
      const setup = toSetup(form);
      if (!setup) throw new Error('Choose a CSV file first.');
      return runImport(setup, mode, overrides);
    },
    onSuccess: (r) => {
      if (r.created + r.updated > 0) void queryClient.invalidateQueries({ queryKey: ASSETS_KEY });
    },
  });

  const stale = report === null || checkedKey !== keyOf(form, overrides);

  const update = (change: Partial<SetupForm>) => {
    const next = { ...form, ...change };
    setForm(next);
    if ('file' in change) {
      // Another file: its columns are its own.
      setOverrides({});
      setUnrecognised([]);
      setCheckedKey(null);
      setReport(null);
      check.reset();
    }
    commit.reset();
  };

  const runCheck = () => check.mutate({ form, overrides });

  /** Maps one column and dry-runs again with it. */
  const mapColumn = (header: string, target: string) => {
    const next = { ...overrides, [header]: target };
    setOverrides(next);
    check.mutate({ form, overrides: next });
  };

  const reset = () => {
    setForm(INITIAL);
    setOverrides({});
    setUnrecognised([]);
    setCheckedKey(null);
    setReport(null);
    check.reset();
    commit.reset();
  };

  return { form, update, overrides, unrecognised, report, stale, check, runCheck, mapColumn, commit, reset };
}
