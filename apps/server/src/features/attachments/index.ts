export { registerAttachmentRoutes, type AttachmentDeps } from './attachments.js';
