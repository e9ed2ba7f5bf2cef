export { FieldSource } from './FieldSource.js';
export { SourceRecordsCard } from './SourceRecordsCard.js';
export { ReviewPage } from './ReviewPage.js';
export { PrecedencePage } from './PrecedencePage.js';
export { useTwin, type Twin } from './ingestion.api.js';
