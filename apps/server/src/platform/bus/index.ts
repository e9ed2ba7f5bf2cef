export * from './bus.js';
export { createMemoryBus } from './memory-bus.js';
export { createNatsBus } from './nats-bus.js';
