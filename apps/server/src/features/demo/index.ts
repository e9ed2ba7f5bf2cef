export { seedDemoFleet, DEFAULT_DEMO_SIZE, type DemoSize } from './seed.js';
export { demoSeedHandler, DEMO_SEED_JOB } from './job.js';
export { startDemoConnectors, DEMO_CONNECTORS, DEMO_FLEET, type DemoConnectors } from './connectors.js';
