export { registerHttpActionRoutes } from './http-actions.routes.js';
export { runPreset, runInline, type RunOptions } from './run.service.js';
export { BUILT_IN_PRESETS, type PresetSpec } from './presets.builtin.js';
