export * from './errors.js';
export * from './roles.js';
export * from './actors.js';
export * from './kinds.js';
export * from './lifecycle.js';
export * from './attributes.js';
export * from './custom-fields.js';
export * from './model-doc.js';
