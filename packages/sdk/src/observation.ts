import { z } from 'zod';
import { ASSET_ATTRIBUTE_BY_KEY, assetKindSchema, entityKindSchema } from '@steward/domain';

// Lives here until the lead moves it to @steward/domain, where DESIGN.md puts observations.

/** Keys the identify step matches on; every one optional, since sources know different subsets. */
export const observationIdentifiersSchema = z
  .object({
    serialNumber: z.string().min(1),
    macAddresses: z.array(z.string().min(1)),
    imei: z.string().min(1),
    meid: z.string().min(1),
    udid: z.string().min(1),
    hardwareIds: z.array(z.string().min(1)),
    hostname: z.string().min(1),
    assetTag: z.string().min(1),
    email: z.string().min(1),
    username: z.string().min(1),
    employeeId: z.string().min(1),
  })
  .partial()
  .strict();
export type ObservationIdentifiers = z.infer<typeof observationIdentifiersSchema>;

/**
 * What a source says about one real thing at one moment. Tenant and source are added by the platform;
 * a connector supplies the rest. Attribute keys are the canonical ones (ASSET_ATTRIBUTES) where one exists.
 */
export const observationSchema = z
  .object({
    /** The source's own stable id for the record (Jamf id, CrowdStrike device_id, Okta user id). */
    sourceKey: z.string().min(1),
    kind: entityKindSchema,
    observedAt: z.iso.datetime({ offset: true }),
    identifiers: observationIdentifiersSchema,
    attributes: z.record(z.string(), z.unknown()),
  })
  .strict();

export type Observation = z.infer<typeof observationSchema>;

/**
 * Attribute keys of an asset observation that are not canonical asset attributes: for mapper tests.
 * Other kinds (people, software) have no canonical attribute list yet, so nothing is reported for them.
 */
export function nonCanonicalAttributes(observation: Observation): string[] {
  if (!assetKindSchema.safeParse(observation.kind).success) return [];
  return Object.keys(observation.attributes).filter((key) => !ASSET_ATTRIBUTE_BY_KEY.has(key));
}
