// The preset editor's state: what it starts from (new, a duplicate, an edit), the body its values make,
// and the server's refusals placed at the field they name. Pure, so it is unit-tested.
import type { ErrorDetail } from '../../api/types.js';
import type { Preset, PresetBody, TargetKind } from './presets.types.js';

export type EditorMode = 'new' | 'duplicate' | 'edit';

export interface EditorDraft {
  name: string;
  description: string;
  connectorId: string;
  targetKind: TargetKind | null;
  destructive: boolean;
  /** The definition as the admin writes it: JSON text. */
  definition: string;
}

/** A definition to start from: one GET of the entity's record, its body as the output. */
export const STARTER_DEFINITION = {
  inputs: [],
  requests: [{ name: 'request', method: 'GET', url: '/path/{{ target.key }}' }],
  output: 'responses.request.body',
};

export const toJson = (v: unknown) => JSON.stringify(v, null, 2);

/** For <Code>: long URLs, bodies and definitions wrap instead of pushing the page wider. */
export const WRAP = { whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

export function draftOf(preset: Preset | undefined, mode: EditorMode): EditorDraft {
  if (!preset)
    return {
      name: '',
      description: '',
      connectorId: '',
      targetKind: 'asset',
      destructive: false,
      definition: toJson(STARTER_DEFINITION),
    };
  return {
    name: mode === 'duplicate' ? `${preset.name} (copy)` : preset.name,
    description: preset.description,
    connectorId: preset.connectorId,
    targetKind: preset.targetKind,
    destructive: preset.destructive,
    definition: toJson(preset.definition),
  };
}

/** The body to send, or why the definition is not JSON (checked here, before the server sees it). */
export function bodyOf(draft: EditorDraft): { body: PresetBody } | { jsonError: string } {
  let definition: unknown;
  try {
    definition = JSON.parse(draft.definition);
  } catch (e) {
    return { jsonError: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition))
    return { jsonError: 'The definition is a JSON object: {"inputs": […], "requests": […], "output": "…"}' };
  return {
    body: {
      name: draft.name.trim(),
      description: draft.description.trim(),
      connectorId: draft.connectorId,
      targetKind: draft.targetKind,
      destructive: draft.destructive,
      definition,
    },
  };
}

const TOP_FIELDS = ['name', 'description', 'connectorId', 'targetKind', 'destructive'] as const;
export type TopField = (typeof TOP_FIELDS)[number];

/**
 * The server's reasons: those about a top field (`body.name`) by field; those about the definition
 * (`body.definition.requests[0].url`) and anything else as a list, with their paths.
 */
export function placeErrors(details: readonly ErrorDetail[]): {
  byField: Partial<Record<TopField, string>>;
  definition: ErrorDetail[];
} {
  const byField: Partial<Record<TopField, string>> = {};
  const definition: ErrorDetail[] = [];
  for (const d of details) {
    const key = TOP_FIELDS.find((f) => d.path === `body.${f}`);
    if (key) byField[key] = byField[key] ? `${byField[key]}; ${d.reason}` : d.reason;
    else definition.push(d);
  }
  return { byField, definition };
}
