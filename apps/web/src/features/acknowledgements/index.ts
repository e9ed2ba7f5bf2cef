export { AcknowledgePage } from './AcknowledgePage.js';
