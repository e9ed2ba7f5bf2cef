export const PRESETS_PATH = '/settings/action-presets';

export const presetPath = (id: string) => `${PRESETS_PATH}/${encodeURIComponent(id)}`;
export const editPresetPath = (id: string) => `${presetPath(id)}/edit`;
/** The editor, prefilled from another preset. */
export const duplicatePresetPath = (id: string) => `${PRESETS_PATH}/new?from=${encodeURIComponent(id)}`;
