export { PresetsPage } from './PresetsPage.js';
export { PresetPage } from './PresetPage.js';
export { EditPresetPage, NewPresetPage } from './PresetEditorPage.js';
export { InstancePresets } from './InstancePresets.js';
