export * from './version.js';
export * from './tasks.js';
export * from './inventory.js';
export * from './messages.js';
export * from './parse.js';
export * from './http.js';
