import type { LinkSigner } from '../../platform/auth/index.js';
import type { ObserveKnown } from '../../platform/observe/index.js';
import type { ConnectorDeps } from '../connectors/index.js';

/** What the workflow engine needs beyond the connectors: entity edits and signed approval links. */
export interface WorkflowDeps extends ConnectorDeps {
  /** Edits made by steps reach the ingestion pipeline through this, like an admin's. */
  observe: ObserveKnown;
  /** The base of links Steward hands out (approval e-mails). */
  publicUrl: () => string;
  approvalLinks: Pick<LinkSigner, 'sign' | 'verify'>;
}
