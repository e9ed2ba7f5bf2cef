// The asset actions as plain calls: the asset page wraps them in mutations, bulk actions run them one by one.
import { api } from '../../../api/client.js';
import type { DisposalMethod, LifecycleState } from '../../../api/lifecycle.js';
import type { Asset, AssignResult, Attachment, AttachmentKind } from '../../../api/records.js';
import { assetPath } from './assets.api.js';

export interface TransitionInput {
  to: LifecycleState;
  reason: string;
  disposalMethod?: DisposalMethod;
}

export function transitionAsset(id: string, input: TransitionInput): Promise<Asset> {
  return api.post<Asset>(`${assetPath(id)}/transition`, input);
}

export function setLegalHold(id: string, input: { hold: boolean; reason: string }): Promise<Asset> {
  return api.put<Asset>(`${assetPath(id)}/legal-hold`, input);
}

export function setTags(id: string, tags: string[]): Promise<Asset> {
  return api.put<Asset>(`${assetPath(id)}/tags`, { tags });
}

/** Adds a tag to what the asset has now (read fresh: PUT replaces the whole list). */
export async function addTag(id: string, tag: string): Promise<Asset> {
  const asset = await api.get<Asset>(assetPath(id));
  const tags = asset.tags ?? [];
  if (tags.includes(tag)) return asset;
  return setTags(id, [...tags, tag]);
}

export interface AssignInput {
  personId?: string;
  locationId?: string;
  dueAt?: string;
  note?: string;
}

export function assignAsset(id: string, input: AssignInput): Promise<AssignResult> {
  return api.post<AssignResult>(`${assetPath(id)}/assign`, input);
}

export function unassignAsset(id: string, note?: string): Promise<Asset> {
  return api.post<Asset>(`${assetPath(id)}/unassign`, note ? { note } : {});
}

/** Attribute edits and custom values, guarded by the version that was read (409 version_conflict). */
export function patchAsset(id: string, changes: Record<string, unknown>, version: number): Promise<Asset> {
  return api.patch<Asset>(assetPath(id), { ...changes, version });
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  csv: 'text/csv',
};
export const ACCEPTED_TYPES = [...new Set(Object.values(TYPES_BY_EXTENSION))];

/** The content type the server accepts for a file, or null when it is not one of them. */
export function contentTypeOf(file: { name: string; type: string }): string | null {
  if (ACCEPTED_TYPES.includes(file.type)) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[ext] ?? null;
}

export function uploadAttachment(
  id: string,
  kind: AttachmentKind,
  file: File,
  contentType: string,
): Promise<Attachment> {
  return api.upload<Attachment>(
    `${assetPath(id)}/attachments`,
    { kind, filename: file.name },
    file,
    contentType,
  );
}

export function attachmentUrl(attachmentId: string): string {
  return `/api/v1/attachments/${encodeURIComponent(attachmentId)}/content`;
}
