import { z } from 'zod';
import { defineAction, type ConnectorContext } from '@steward/sdk';
import type { JamfConfig } from '../config.js';
import { patchComputer } from '../transport.js';
import { computerIdSchema, DATE, feedback, computerTarget } from './computer-input.js';

const date = z.string().regex(DATE, 'a date (YYYY-MM-DD)').optional();
const textField = z.string().trim().max(255).optional();

const purchasingSchema = z.object({
  purchased: z.boolean().optional(),
  leased: z.boolean().optional(),
  poNumber: textField,
  poDate: date,
  vendor: textField,
  /** Jamf keeps the price as text; a number is sent as its plain decimal form. */
  purchasePrice: z.union([z.number().nonnegative(), z.string().trim().max(64)]).optional(),
  warrantyDate: date,
  leaseDate: date,
  appleCareId: textField,
  lifeExpectancy: z.number().int().min(0).max(100).optional(),
  purchasingAccount: textField,
  purchasingContact: textField,
});

export const pushPurchasing = defineAction({
  title: 'Push purchasing details',
  description:
    'Writes the computer’s Purchasing section in Jamf Pro (PO number and date, vendor, price, warranty and ' +
    'lease dates, AppleCare id…); fields left out keep their value.',
  inputSchema: purchasingSchema
    .extend({ computerId: computerIdSchema })
    .refine((i) => Object.keys(i).some((k) => k !== 'computerId'), 'name at least one field to set'),
  reversible: true,
  destructive: false,
  target: computerTarget,
  // A PATCH sets the fields to the values given: sent twice, they hold the same values.
  resume: 'repeat',
  async execute(ctx: ConnectorContext<JamfConfig>, input, { idempotencyKey }) {
    const { computerId, purchasePrice, ...rest } = input;
    const purchasing = {
      ...rest,
      ...(purchasePrice === undefined ? {} : { purchasePrice: String(purchasePrice) }),
    };
    const record = await patchComputer(
      ctx,
      computerId,
      { purchasing },
      idempotencyKey,
      'the purchasing update',
    );
    return {
      status: 'succeeded',
      message: `Jamf Pro updated ${Object.keys(purchasing).join(', ')} of computer ${computerId}.`,
      observations: feedback(record, ctx.now()),
    };
  },
});
