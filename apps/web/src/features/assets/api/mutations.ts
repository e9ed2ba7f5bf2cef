import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Asset, AttachmentKind } from '../../../api/records.js';
import {
  assignAsset,
  patchAsset,
  setLegalHold,
  setTags,
  transitionAsset,
  unassignAsset,
  uploadAttachment,
  type AssignInput,
  type TransitionInput,
} from './actions.js';
import { ASSETS_KEY, assetKeys } from './assets.api.js';

/** After a change to one asset: show the new asset at once, and refresh everything else about assets. */
function useAfterChange(id: string) {
  const queryClient = useQueryClient();
  return async (asset?: Asset) => {
    if (asset) queryClient.setQueryData(assetKeys.one(id), asset);
    await queryClient.invalidateQueries({
      queryKey: ASSETS_KEY,
      predicate: (q) => !(asset && q.queryKey[1] === 'one' && q.queryKey[2] === id),
    });
  };
}

export function usePatchAsset(id: string) {
  const after = useAfterChange(id);
  return useMutation({
    mutationFn: (input: { changes: Record<string, unknown>; version: number }) =>
      patchAsset(id, input.changes, input.version),
    onSuccess: (asset) => after(asset),
  });
}

export function useTransition(id: string) {
  const after = useAfterChange(id);
  return useMutation({
    mutationFn: (input: TransitionInput) => transitionAsset(id, input),
    onSuccess: (asset) => after(asset),
  });
}

export function useLegalHold(id: string) {
  const after = useAfterChange(id);
  return useMutation({
    mutationFn: (input: { hold: boolean; reason: string }) => setLegalHold(id, input),
    onSuccess: (asset) => after(asset),
  });
}

export function useSetTags(id: string) {
  const after = useAfterChange(id);
  return useMutation({
    mutationFn: (tags: string[]) => setTags(id, tags),
    onSuccess: (asset) => after(asset),
  });
}

export function useAssign(id: string) {
  const after = useAfterChange(id);
  return useMutation({
    mutationFn: (input: AssignInput) => assignAsset(id, input),
    onSuccess: (result) => after(result.asset),
  });
}

export function useUnassign(id: string) {
  const after = useAfterChange(id);
  return useMutation({
    mutationFn: (note?: string) => unassignAsset(id, note),
    onSuccess: (asset) => after(asset),
  });
}

export function useUpload(id: string) {
  const after = useAfterChange(id);
  return useMutation({
    mutationFn: (input: { kind: AttachmentKind; file: File; contentType: string }) =>
      uploadAttachment(id, input.kind, input.file, input.contentType),
    onSuccess: () => after(),
  });
}
