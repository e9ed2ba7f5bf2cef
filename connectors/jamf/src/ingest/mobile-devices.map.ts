import { z } from 'zod';
import { mapWith, type MapContext, type Observation } from '@steward/sdk';
import { compact, gigabytes, jamfDate, jamfTimestamp, macAddresses, purchasePrice, text } from './values.js';

const str = z.string().nullish();
const section = <S extends z.ZodRawShape>(shape: S) => z.object(shape).nullish();

/** One record of `GET /api/v2/mobile-devices/detail` (the paged inventory); unrequested sections are null. */
export const jamfMobileDeviceSchema = z.object({
  mobileDeviceId: z.union([z.string().min(1), z.number().int()]).transform(String),
  deviceType: str,
  general: z.object({
    udid: str,
    displayName: str,
    assetTag: str,
    lastInventoryUpdateDate: jamfTimestamp,
    osVersion: str,
    osBuild: str,
    managed: z.boolean().nullish(),
  }),
  hardware: section({
    serialNumber: str,
    wifiMacAddress: str,
    model: str,
    modelIdentifier: str,
    capacityMb: z.number().nullish(),
  }),
  security: section({ dataProtected: z.boolean().nullish() }),
  network: section({ imei: str, meid: str }),
  purchasing: section({
    leased: z.boolean().nullish(),
    poNumber: str,
    poDate: jamfDate,
    vendor: str,
    warrantyExpiresDate: jamfDate,
    leaseExpiresDate: jamfDate,
    purchasePrice: z.union([z.string(), z.number()]).nullish(),
  }),
});
export type JamfMobileDevice = z.output<typeof jamfMobileDeviceSchema>;

/** Jamf numbers computers and mobile devices separately: the prefix keeps both in one source's key space. */
export function mobileSourceKey(mobileDeviceId: string): string {
  return `mobile:${mobileDeviceId}`;
}

interface Family {
  osName: string;
  deviceType: 'phone' | 'tablet' | 'other';
}

/** The model identifier names the family (iPhone15,4, iPad14,8, AppleTV14,1); deviceType only says iOS. */
function familyOf(modelIdentifier: string | undefined, deviceType: string | undefined): Family | undefined {
  const id = modelIdentifier ?? '';
  if (/^iphone/i.test(id)) return { osName: 'iOS', deviceType: 'phone' };
  if (/^ipad/i.test(id)) return { osName: 'iPadOS', deviceType: 'tablet' };
  if (/^ipod/i.test(id)) return { osName: 'iOS', deviceType: 'other' };
  if (/^appletv/i.test(id) || /^tvos$/i.test(deviceType ?? ''))
    return { osName: 'tvOS', deviceType: 'other' };
  if (/^ios$/i.test(deviceType ?? '')) return { osName: 'iOS', deviceType: 'other' };
  return undefined;
}

export function mobileDeviceObservation(d: JamfMobileDevice, context: MapContext): Observation {
  const hw = d.hardware;
  const serialNumber = text(hw?.serialNumber);
  const udid = text(d.general.udid);
  const imei = text(d.network?.imei);
  const meid = text(d.network?.meid);
  const macs = macAddresses(hw?.wifiMacAddress);
  const modelIdentifier = text(hw?.modelIdentifier);
  const family = familyOf(modelIdentifier, text(d.deviceType));
  const p = d.purchasing;
  return {
    sourceKey: mobileSourceKey(d.mobileDeviceId),
    kind: 'device',
    observedAt: d.general.lastInventoryUpdateDate ?? context.observedAt,
    identifiers: compact({
      serialNumber,
      macAddresses: macs.length > 0 ? macs : undefined,
      udid,
      imei,
      meid,
    }),
    attributes: compact({
      name: text(d.general.displayName),
      assetTag: text(d.general.assetTag),
      serialNumber,
      udid,
      imei,
      deviceType: family?.deviceType,
      manufacturer: 'Apple',
      model: text(hw?.model),
      modelIdentifier,
      storageGb: gigabytes(hw?.capacityMb, 1000),
      osName: family?.osName,
      osVersion: text(d.general.osVersion),
      osBuild: text(d.general.osBuild),
      // Data protection is iOS's file encryption, on once a passcode is set.
      diskEncrypted: d.security?.dataProtected ?? undefined,
      mdmEnrolled: d.general.managed ?? true,
      mdmName: 'Jamf Pro',
      lastCheckinAt: d.general.lastInventoryUpdateDate,
      poNumber: text(p?.poNumber),
      vendor: text(p?.vendor),
      purchasePrice: purchasePrice(p?.purchasePrice),
      purchaseDate: p?.poDate,
      warrantyEnd: p?.warrantyExpiresDate,
      leaseEnd: p?.leased === false ? undefined : p?.leaseExpiresDate,
    }),
  };
}

/** One Jamf mobile device → one device observation; a record of the wrong shape → a MapError. */
export const mapMobileDevice = mapWith(jamfMobileDeviceSchema, mobileDeviceObservation);
