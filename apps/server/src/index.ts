export { createSteward, type Steward, type ServerOptions } from './server.js';
export { loadConfig, ConfigError, type Config } from './platform/config/index.js';
