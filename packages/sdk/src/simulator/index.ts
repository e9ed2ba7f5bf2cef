// The kit vendor simulators are built from: a shared deterministic fleet, real HTTP with routes in the
// vendor's own error envelopes, bearer tokens with expiry, and injectable faults.
export * from './fleet.js';
export * from './faults.js';
export * from './tokens.js';
export * from './server.js';
export { seededRandom, type SeededRandom } from './random.js';
export * from './definition.js';
