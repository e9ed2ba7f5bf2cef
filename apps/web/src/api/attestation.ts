// Shapes of the attestation API (campaigns, reports, the public response link). Kept by hand like
// records.ts; see /api/openapi.json for the source of truth.
import type { AssetFilter } from './records.js';

export type CampaignStatus = 'open' | 'closed';

export interface AttestationCampaign {
  id: string;
  name: string;
  status: CampaignStatus;
  dueAt: string;
  reminderEveryDays: number;
  createdAt: string;
  closedAt: string | null;
  /** People asked. */
  people: number;
  /** Assets on their lists. */
  assets: number;
}

export interface CreateCampaignInput {
  name: string;
  dueAt: string;
  reminderEveryDays: number;
  filters: AssetFilter[];
}

export interface NotAnswered {
  personId: string;
  name: string;
  email: string | null;
  assets: number;
  remindersSent: number;
  /** The person's own response link. */
  link: string;
}

export interface Dispute {
  personId: string;
  assetId: string;
  note: string | null;
}

export interface CampaignReport {
  campaign: AttestationCampaign;
  /** People who answered. */
  responded: number;
  /** People who have not. */
  pending: number;
  /** Assets their holder confirmed. */
  confirmed: number;
  /** Assets their assignee says they do not hold. */
  disputed: number;
  notAnswered: NotAnswered[];
  disputes: Dispute[];
}

/** What a person's link shows (no sign-in). */
export interface AttestationView {
  campaign: { name: string; dueAt: string };
  person: { name: string };
  assets: {
    id: string;
    name: string | null;
    model: string | null;
    serialNumber: string | null;
    assetTag: string | null;
  }[];
  respondedAt: string | null;
}

export interface AttestationAnswer {
  assetId: string;
  holds: boolean;
  note?: string;
}
