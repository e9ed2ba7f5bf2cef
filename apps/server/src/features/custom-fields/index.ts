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
