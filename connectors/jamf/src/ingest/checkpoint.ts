import type { Json } from '@steward/sdk';
import { pageCursorSchema, type PageCursor } from '../transport.js';

/** A stream's saved position: null or absent starts from the first page. */
export function startOf(checkpoint: Json | undefined, stream: string): PageCursor | null {
  if (checkpoint === undefined || checkpoint === null) return null;
  const parsed = pageCursorSchema.safeParse(checkpoint);
  if (!parsed.success) throw new Error(`The ${stream} checkpoint is not a saved Jamf page ({"page": n}).`);
  return parsed.data;
}
