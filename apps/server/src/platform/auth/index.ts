export * from './principal.js';
export * from './secrets.js';
export * from './signing.js';
