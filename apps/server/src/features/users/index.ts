export { createUserAsSystem, type UserDeps } from './users.service.js';
export { registerUserRoutes } from './users.routes.js';
export { findUserByEmail, findUserById, countUsers, updatePasswordHash, findMember } from './users.repo.js';
export { passwordSchema, emailSchema, memberSchema, createUserSchema } from './users.schemas.js';
