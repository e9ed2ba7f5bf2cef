export { registerAttestationRoutes } from './attestation.routes.js';
export { reminderHandler, REMIND_JOB, type AttestationDeps } from './attestation.service.js';
