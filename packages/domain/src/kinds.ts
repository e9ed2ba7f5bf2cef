import { z } from 'zod';

/** Every kind of thing Steward keeps a record of. */
export const ENTITY_KINDS = [
  'device',
  'accessory',
  'software',
  'software_installation',
  'saas_app',
  'saas_seat',
  'person',
  'location',
  'purchase_order',
] as const;
export const entityKindSchema = z.enum(ENTITY_KINDS);
export type EntityKind = z.infer<typeof entityKindSchema>;

/** The kinds listed under /api/v1/assets. */
export const ASSET_KINDS = ['device', 'accessory'] as const;
export const assetKindSchema = z.enum(ASSET_KINDS);
export type AssetKind = z.infer<typeof assetKindSchema>;

export const DEVICE_TYPES = [
  'laptop',
  'desktop',
  'phone',
  'tablet',
  'server',
  'iot',
  'network',
  'virtual_machine',
  'cloud_instance',
  'other',
] as const;
export const deviceTypeSchema = z.enum(DEVICE_TYPES);
export type DeviceType = z.infer<typeof deviceTypeSchema>;

export const ACCESSORY_TYPES = [
  'monitor',
  'dock',
  'keyboard',
  'mouse',
  'headset',
  'webcam',
  'printer',
  'other',
] as const;
