export {
  validateCustomValues,
  writeCustomValues,
  customValuesOf,
  customFieldsByKey,
  createCustomField,
  type CustomValues,
  type CustomFieldEntityType,
} from './custom-fields.service.js';
export { registerCustomFieldRoutes } from './custom-fields.routes.js';
export {
  takeCustomValues,
  putBackCustomValues,
  type CustomValuesSnapshot,
} from './custom-values.snapshot.js';
export { writeObservedCustomValues, type CustomDiff } from './custom-values.observed.js';
