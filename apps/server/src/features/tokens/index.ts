export { principalForToken, createTokenAsSystem, type TokenDeps } from './tokens.service.js';
export { registerTokenRoutes } from './tokens.routes.js';
export { createTokenSchema } from './tokens.schemas.js';
