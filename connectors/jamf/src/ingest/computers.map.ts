import { z } from 'zod';
import { mapWith, type MapContext, type Observation } from '@steward/sdk';
import { compact, gigabytes, jamfDate, jamfTimestamp, macAddresses, purchasePrice, text } from './values.js';

const str = z.string().nullish();
const section = <S extends z.ZodRawShape>(shape: S) => z.object(shape).nullish();

/**
 * A computer as `GET /api/v1/computers-inventory` returns it. Sections that were not requested are null.
 * Applications, extension attributes and user and location are not read: none of them is an asset
 * attribute (people come from the directory, extension attributes are each tenant's own).
 */
export const jamfComputerSchema = z.object({
  id: z.union([z.string().min(1), z.number().int()]).transform(String),
  udid: str,
  general: z.object({
    name: str,
    assetTag: str,
    lastContactTime: jamfTimestamp,
    reportDate: jamfTimestamp,
    managementId: str,
    remoteManagement: section({ managed: z.boolean().nullish() }),
  }),
  hardware: section({
    make: str,
    model: str,
    modelIdentifier: str,
    serialNumber: str,
    processorType: str,
    macAddress: str,
    altMacAddress: str,
    totalRamMegabytes: z.number().nullish(),
  }),
  operatingSystem: section({ name: str, version: str, build: str, fileVault2Status: str }),
  diskEncryption: section({
    fileVault2Enabled: z.boolean().nullish(),
    bootPartitionEncryptionDetails: section({ partitionFileVault2State: str }),
  }),
  purchasing: section({
    leased: z.boolean().nullish(),
    poNumber: str,
    poDate: jamfDate,
    vendor: str,
    warrantyDate: jamfDate,
    leaseDate: jamfDate,
    purchasePrice: z.union([z.string(), z.number()]).nullish(),
  }),
  security: section({ firewallEnabled: z.boolean().nullish() }),
  storage: section({
    disks: z.array(z.object({ device: str, sizeMegabytes: z.number().nullish() })).nullish(),
  }),
});
export type JamfComputer = z.output<typeof jamfComputerSchema>;

const NOT_ENCRYPTED_STATES = new Set([
  'UNENCRYPTED',
  'DECRYPTED',
  'DECRYPTING',
  'ENCRYPTING',
  'INELIGIBLE',
  'DECRYPTING_PAUSED',
  'ENCRYPTING_PAUSED',
]);

/**
 * FileVault on the boot volume: the boot partition's own state first, then the OS summary, then the
 * FileVault flag. Encryption still in progress is not encrypted yet.
 */
function fileVault(c: JamfComputer): boolean | undefined {
  const partition = text(c.diskEncryption?.bootPartitionEncryptionDetails?.partitionFileVault2State);
  if (partition === 'ENCRYPTED') return true;
  if (partition && NOT_ENCRYPTED_STATES.has(partition)) return false;
  const summary = text(c.operatingSystem?.fileVault2Status);
  if (summary === 'ALL_ENCRYPTED' || summary === 'BOOT_ENCRYPTED') return true;
  if (summary === 'NOT_ENCRYPTED' || summary === 'SOME_ENCRYPTED') return false;
  return c.diskEncryption?.fileVault2Enabled ?? undefined;
}

function deviceTypeOf(model: string | undefined): 'laptop' | 'desktop' | undefined {
  if (!model) return undefined;
  if (/macbook/i.test(model)) return 'laptop';
  if (/imac|mac ?mini|mac ?studio|mac ?pro/i.test(model)) return 'desktop';
  return undefined;
}

function osNameOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return /^(mac ?os|os ?x)/i.test(name) ? 'macOS' : name;
}

/** The boot disk (disk0) when Jamf names it, else the first disk with a size. */
function bootDiskMegabytes(c: JamfComputer): number | undefined {
  const disks = (c.storage?.disks ?? []).filter((d) => (d.sizeMegabytes ?? 0) > 0);
  return (disks.find((d) => d.device === 'disk0') ?? disks[0])?.sizeMegabytes ?? undefined;
}

export function computerObservation(c: JamfComputer, context: MapContext): Observation {
  const hw = c.hardware;
  const serialNumber = text(hw?.serialNumber);
  const name = text(c.general.name);
  const udid = text(c.udid);
  const macs = macAddresses(hw?.macAddress, hw?.altMacAddress);
  const model = text(hw?.model);
  const p = c.purchasing;
  return {
    sourceKey: c.id,
    kind: 'device',
    observedAt: c.general.lastContactTime ?? c.general.reportDate ?? context.observedAt,
    identifiers: compact({
      serialNumber,
      macAddresses: macs.length > 0 ? macs : undefined,
      udid,
      hostname: name,
    }),
    attributes: compact({
      name,
      hostname: name,
      assetTag: text(c.general.assetTag),
      serialNumber,
      udid,
      deviceType: deviceTypeOf(model),
      manufacturer: text(hw?.make),
      model,
      modelIdentifier: text(hw?.modelIdentifier),
      cpu: text(hw?.processorType),
      memoryGb: gigabytes(hw?.totalRamMegabytes, 1024),
      storageGb: gigabytes(bootDiskMegabytes(c), 1000),
      osName: osNameOf(text(c.operatingSystem?.name)),
      osVersion: text(c.operatingSystem?.version),
      osBuild: text(c.operatingSystem?.build),
      diskEncrypted: fileVault(c),
      firewallEnabled: c.security?.firewallEnabled ?? undefined,
      mdmEnrolled: c.general.remoteManagement?.managed ?? true,
      mdmName: 'Jamf Pro',
      lastCheckinAt: c.general.lastContactTime,
      poNumber: text(p?.poNumber),
      vendor: text(p?.vendor),
      purchasePrice: purchasePrice(p?.purchasePrice),
      purchaseDate: p?.poDate,
      warrantyEnd: p?.warrantyDate,
      leaseEnd: p?.leased === false ? undefined : p?.leaseDate,
    }),
  };
}

/** One Jamf computer → one device observation; a record of the wrong shape → a MapError naming the field. */
export const mapComputer = mapWith(jamfComputerSchema, computerObservation);
