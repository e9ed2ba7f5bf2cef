export { PresetsPage } from './PresetsPage.js';
export { PresetPage } from './PresetPage.js';
export { EditPresetPage, NewPresetPage } from './PresetEditorPage.js';
export { InstancePresets } from './InstancePresets.js';
// Reused by workflows: the test run picks the asset or person it is about.
export { EntityPicker, type EntityChoice } from './EntityPicker.js';
