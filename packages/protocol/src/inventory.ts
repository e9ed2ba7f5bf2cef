import { z } from 'zod';

const text = (max = 255) => z.string().max(max);

export const networkInterfaceSchema = z
  .object({
    name: text(128),
    mac: text(64).optional(),
    ipv4: z.array(text(64)).max(32).default([]),
    ipv6: z.array(text(128)).max(32).default([]),
    /** Virtual, loopback and tunnel interfaces: their MACs must not identify the device. */
    virtual: z.boolean().default(false),
  })
  .strict();

export const diskSchema = z
  .object({
    name: text(255),
    mount: text(1024).optional(),
    sizeBytes: z.number().nonnegative().optional(),
    /** null where the OS does not say. */
    encrypted: z.boolean().nullable().default(null),
  })
  .strict();

export const softwareSchema = z
  .object({ name: text(255), version: text(128).optional(), source: text(64).optional() })
  .strict();

/** What an agent knows about its device. In a delta report only the sections that changed are present. */
export const inventorySchema = z
  .object({
    hostname: text(),
    serialNumber: text(200).optional(),
    hardwareUuid: text(200).optional(),
    manufacturer: text().optional(),
    model: text().optional(),
    /** The enclosure as the firmware reports it (Notebook, Laptop, Desktop, Tower, …). */
    chassis: text(64).optional(),
    cpu: text().optional(),
    memoryBytes: z.number().nonnegative().optional(),
    os: z
      .object({
        platform: text(32),
        name: text(),
        version: text(64),
        build: text(64).optional(),
        arch: text(32).optional(),
      })
      .strict(),
    network: z.array(networkInterfaceSchema).max(128),
    disks: z.array(diskSchema).max(128),
    firewallEnabled: z.boolean().nullable().optional(),
    software: z.array(softwareSchema).max(20_000),
  })
  .strict();
export type Inventory = z.infer<typeof inventorySchema>;
export const inventoryDeltaSchema = inventorySchema.partial();
export type InventoryDelta = z.infer<typeof inventoryDeltaSchema>;
