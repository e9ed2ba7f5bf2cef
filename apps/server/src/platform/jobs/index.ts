export * from './job.js';
export * from './queue.js';
export * from './worker.js';
export * from './backoff.js';
