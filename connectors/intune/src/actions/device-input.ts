import { z } from 'zod';

/** Every Intune action targets one managed device by its Intune id (the stream's source key). */
export const deviceInputSchema = z.object({
  deviceId: z
    .string()
    .trim()
    .min(1)
    .regex(/^[^/?#]+$/, 'an Intune managed device id'),
});

/** Run on a Steward device: its Intune id (the record key) goes into `deviceId`. */
export const deviceTarget = { kind: 'device', field: 'deviceId' } as const;
