import { z } from 'zod';

export const PERSON_STATUSES = ['active', 'on_leave', 'terminated'] as const;

export const personSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    employeeId: z.string().nullable(),
    name: z.string(),
    department: z.string().nullable(),
    title: z.string().nullable(),
    managerId: z.string().nullable(),
    locationId: z.string().nullable(),
    status: z.enum(PERSON_STATUSES),
    legalHold: z.boolean(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Person' });
export type Person = z.infer<typeof personSchema>;

const text = z.string().trim().min(1).max(300);
const fields = {
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
  employeeId: z.string().trim().min(1).max(100),
  name: text,
  department: text,
  title: text,
  managerId: z.string().min(1).max(64),
  locationId: z.string().min(1).max(64),
  status: z.enum(PERSON_STATUSES),
  startDate: z.iso.date(),
  endDate: z.iso.date(),
};

export const createPersonSchema = z
  .strictObject({
    ...fields,
    email: fields.email.optional(),
    employeeId: fields.employeeId.optional(),
    department: fields.department.optional(),
    title: fields.title.optional(),
    managerId: fields.managerId.optional(),
    locationId: fields.locationId.optional(),
    status: fields.status.default('active'),
    startDate: fields.startDate.optional(),
    endDate: fields.endDate.optional(),
    custom: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((p) => p.email !== undefined || p.employeeId !== undefined, {
    message: 'a person needs an email or an employee id',
    path: ['email'],
  });
export type CreatePersonInput = z.infer<typeof createPersonSchema>;

export const updatePersonSchema = z.strictObject({
  email: fields.email.nullable().optional(),
  employeeId: fields.employeeId.nullable().optional(),
  name: fields.name.optional(),
  department: fields.department.nullable().optional(),
  title: fields.title.nullable().optional(),
  managerId: fields.managerId.nullable().optional(),
  locationId: fields.locationId.nullable().optional(),
  status: fields.status.optional(),
  startDate: fields.startDate.nullable().optional(),
  endDate: fields.endDate.nullable().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
});
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;

export const peopleListQuery = z.strictObject({
  q: z.string().trim().max(200).optional().describe('Prefix of the name or email'),
  status: z.enum(PERSON_STATUSES).optional(),
  department: z.string().max(300).optional(),
  filter: z
    .string()
    .max(20_000)
    .optional()
    .describe('JSON array of {field, op, value} on any person attribute or custom field'),
  count: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export const personIdParams = z.strictObject({ id: z.string().min(1).max(64) });
