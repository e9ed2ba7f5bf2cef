import { z } from 'zod';
import { ASSET_ATTRIBUTE_BY_KEY } from './attributes.js';
import { assetKindSchema, entityKindSchema } from './kinds.js';

/** Keys the identify step matches on; every one optional, since sources know different subsets. */
export const observationIdentifiersSchema = z
  .object({
    serialNumber: z.string().min(1).max(200),
    macAddresses: z.array(z.string().min(1).max(64)).max(64),
    imei: z.string().min(1).max(64),
    meid: z.string().min(1).max(64),
    udid: z.string().min(1).max(200),
    hardwareIds: z.array(z.string().min(1).max(200)).max(16),
    hostname: z.string().min(1).max(255),
    assetTag: z.string().min(1).max(200),
    email: z.string().min(1).max(320),
    emails: z.array(z.string().min(1).max(320)).max(16),
    username: z.string().min(1).max(320),
    employeeId: z.string().min(1).max(200),
  })
  .partial()
  .strict();
export type ObservationIdentifiers = z.infer<typeof observationIdentifiersSchema>;

/**
 * What a source says about one real thing at one moment, in canonical attribute names. A connector
 * supplies this; the platform adds the tenant and the source.
 */
export const observationSchema = z
  .object({
    /** The source's own stable id for the record (Jamf id, CrowdStrike device_id, Okta user id). */
    sourceKey: z.string().min(1).max(500),
    kind: entityKindSchema,
    observedAt: z.iso.datetime({ offset: true }),
    identifiers: observationIdentifiersSchema.default({}),
    attributes: z.record(z.string().max(64), z.unknown()).default({}),
    /** A delta sync saying the record is gone from the source. */
    deleted: z.boolean().optional(),
  })
  .strict();
export type Observation = z.infer<typeof observationSchema>;

/** An observation as posted to the API: it also names its source (by key). */
export const sourcedObservationSchema = observationSchema.extend({
  source: z.string().min(1).max(64),
});
export type SourcedObservation = z.infer<typeof sourcedObservationSchema>;

/**
 * Attribute keys of an asset observation that are not canonical asset attributes: for mapper tests.
 * Custom fields (cf_…) are the tenant's own and not reported here.
 */
export function nonCanonicalAttributes(observation: Pick<Observation, 'kind' | 'attributes'>): string[] {
  if (!assetKindSchema.safeParse(observation.kind).success) return [];
  return Object.keys(observation.attributes).filter(
    (key) => !ASSET_ATTRIBUTE_BY_KEY.has(key) && !key.startsWith('cf_'),
  );
}
