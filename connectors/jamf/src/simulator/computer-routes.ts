import { z } from 'zod';
import {
  SimHttpError,
  jsonBody,
  type SimRequest,
  type SimResponse,
  type SimRoute,
} from '@steward/sdk/simulator';
import { ALL_COMPUTER_SECTIONS, computerRecord, type ComputerSection } from './computer-record.js';
import { invalidField, jamfErrors, jamfFail } from './errors.js';
import { filterTerms, pageOf, pageResponse, sectionsOf, sortIds, type SortKeys } from './query.js';
import type { ComputerEntry, ComputerPatch, JamfState } from './state.js';

const ALL = new Set<ComputerSection>(ALL_COMPUTER_SECTIONS);

const SORT_KEYS: SortKeys<ComputerEntry> = {
  id: (e) => Number(e.id),
  'general.name': (e) => (e.patch?.general?.name as string | undefined) ?? e.device.hostname,
  'general.lastContactTime': (e) => e.device.lastSeenAt,
  'hardware.serialNumber': (e) => e.device.serialNumber,
  udid: (e) => e.device.udid,
};
const FILTER_FIELDS = ['id', 'udid', 'general.name', 'hardware.serialNumber'] as const;

const text = z.string().max(255).nullable();
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (yyyy-MM-dd)')
  .nullable();

const patchSchema = z.strictObject({
  general: z
    .strictObject({ name: z.string().min(1).max(255), assetTag: text })
    .partial()
    .optional(),
  userAndLocation: z
    .strictObject({
      username: text,
      realname: text,
      email: text,
      position: text,
      phone: text,
      departmentId: z
        .string()
        .regex(/^-?\d+$/)
        .nullable(),
      buildingId: z
        .string()
        .regex(/^-?\d+$/)
        .nullable(),
      room: text,
    })
    .partial()
    .optional(),
  purchasing: z
    .strictObject({
      leased: z.boolean(),
      purchased: z.boolean(),
      poNumber: text,
      poDate: date,
      vendor: text,
      warrantyDate: date,
      appleCareId: text,
      leaseDate: date,
      purchasePrice: text,
      lifeExpectancy: z.number().int().min(0),
      purchasingAccount: text,
      purchasingContact: text,
    })
    .partial()
    .optional(),
  extensionAttributes: z
    .array(z.strictObject({ definitionId: z.string(), values: z.array(z.string()) }))
    .optional(),
});

export function computerRoutes(state: JamfState): SimRoute[] {
  const versioned = (req: SimRequest): void => {
    if (!/^v[1-4]$/.test(req.params.version ?? '')) throw new SimHttpError(jamfErrors.notFound(req));
  };
  const entryOf = (req: SimRequest): ComputerEntry => {
    versioned(req);
    const id = req.params.id ?? '';
    const entry = state.computers.get(id);
    if (!entry) jamfFail(404, 'INVALID_ID', `Computer with id ${id} does not exist`, { id, field: 'id' });
    return entry;
  };
  const detail = (entry: ComputerEntry): SimResponse => ({
    status: 200,
    json: computerRecord(entry, ALL, state),
  });

  return [
    {
      method: 'GET',
      path: '/api/:version/computers-inventory',
      handle: (req) => {
        versioned(req);
        const { page, size } = pageOf(req.query);
        const sections = sectionsOf(req.query, ALL_COMPUTER_SECTIONS);
        const lookup = (id: string) => state.computers.get(id) as ComputerEntry;
        let ids = sortIds({
          query: req.query,
          fallback: 'general.name:asc',
          keys: SORT_KEYS,
          lookup,
          ids: state.computerIds,
          cache: (key, cmp) => state.sorted(`computers ${key}`, state.computerIds, cmp),
        });
        const terms = filterTerms(req.query, FILTER_FIELDS);
        if (terms.size > 0) ids = ids.filter((id) => matches(lookup(id), terms));
        return {
          status: 200,
          json: pageResponse(ids, page, size, (id) => computerRecord(lookup(id), sections, state)),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/:version/computers-inventory/:id',
      handle: (req) => ({
        status: 200,
        json: computerRecord(entryOf(req), sectionsOf(req.query, ALL_COMPUTER_SECTIONS), state),
      }),
    },
    {
      method: 'GET',
      path: '/api/:version/computers-inventory-detail/:id',
      handle: (req) => detail(entryOf(req)),
    },
    {
      method: 'PATCH',
      path: '/api/:version/computers-inventory-detail/:id',
      handle: (req) => {
        const entry = entryOf(req);
        state.patchComputer(entry, parsePatch(req, state));
        return detail(entry);
      },
    },
    {
      method: 'DELETE',
      path: '/api/:version/computers-inventory/:id',
      handle: (req) => {
        state.deleteComputer(entryOf(req).id);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/computer-extension-attributes',
      handle: () => ({
        status: 200,
        json: {
          totalCount: state.extensionAttributeDefinitions.length,
          results: state.extensionAttributeDefinitions.map((d) => ({
            ...d,
            enabled: true,
            inventoryDisplayType: 'EXTENSION_ATTRIBUTES',
          })),
        },
      }),
    },
  ];
}

function matches(entry: ComputerEntry, terms: Map<string, string>): boolean {
  for (const [field, value] of terms) {
    const actual =
      field === 'id'
        ? entry.id
        : field === 'udid'
          ? entry.device.udid
          : field === 'general.name'
            ? ((entry.patch?.general?.name as string | undefined) ?? entry.device.hostname)
            : entry.device.serialNumber;
    if (actual !== value) return false;
  }
  return true;
}

function parsePatch(req: SimRequest, state: JamfState): ComputerPatch {
  const parsed = patchSchema.safeParse(jsonBody(req, jamfErrors));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    invalidField(field, `${field}: ${issue?.message ?? 'invalid'}`);
  }
  const { extensionAttributes, ...sections } = parsed.data;
  const values = new Map<string, string[]>();
  for (const [i, ea] of (extensionAttributes ?? []).entries()) {
    const def = state.extensionAttributeDefinitions.find((d) => d.id === ea.definitionId);
    if (!def) {
      invalidField(
        `extensionAttributes[${i}].definitionId`,
        `No computer extension attribute with id ${ea.definitionId}`,
      );
    }
    if (!def.multiValue && ea.values.length > 1)
      invalidField(`extensionAttributes[${i}].values`, `${def.name} takes a single value`);
    values.set(ea.definitionId, ea.values);
  }
  return { ...sections, ...(values.size > 0 ? { extensionAttributes: values } : {}) };
}
