// The only file that knows Jamf Pro's request shapes and its error envelope.
import { z } from 'zod';
import {
  HttpError,
  pageNumberPages,
  type ConnectorContext,
  type HttpRequest,
  type HttpResponse,
  type Page,
} from '@steward/sdk';
import type { JamfConfig } from './config.js';

type Ctx = ConnectorContext<JamfConfig>;

const MOBILE_DEVICES_DETAIL_PATH = '/api/v2/mobile-devices/detail';
const MDM_COMMANDS_PATH = '/api/v2/mdm/commands';

/**
 * Only the sections the computers mapper reads. Applications, extension attributes and user and location
 * are left out: they map to no asset attribute, and applications are by far the heaviest part of a page.
 */
export const COMPUTER_SECTIONS = [
  'GENERAL',
  'HARDWARE',
  'OPERATING_SYSTEM',
  'DISK_ENCRYPTION',
  'PURCHASING',
  'STORAGE',
  'SECURITY',
] as const;

/** The paged inventory detail gives OS, encryption and IMEI in the same single request per page as the list. */
export const MOBILE_SECTIONS = ['GENERAL', 'HARDWARE', 'SECURITY', 'NETWORK', 'PURCHASING'] as const;

/** A saved position in a Jamf inventory read: the zero-based page to read next. */
export const pageCursorSchema = z.object({ page: z.number().int().min(0) });
export type PageCursor = z.infer<typeof pageCursorSchema>;

function inventoryPath(ctx: Ctx, id?: string): string {
  const base = `/api/${ctx.config.inventoryApiVersion}/computers-inventory`;
  return id === undefined ? base : `${base}/${encodeURIComponent(id)}`;
}

function detailPath(ctx: Ctx, id: string): string {
  return `/api/${ctx.config.inventoryApiVersion}/computers-inventory-detail/${encodeURIComponent(id)}`;
}

/** Computers in id order, so a page number saved as a checkpoint means the same records on a rerun. */
export function computerPages(ctx: Ctx, start: PageCursor | null): AsyncGenerator<Page<PageCursor>> {
  return pageNumberPages(ctx.http, {
    path: inventoryPath(ctx),
    query: { section: [...COMPUTER_SECTIONS], sort: 'id:asc' },
    pageSize: ctx.config.pageSize,
    start,
    signal: ctx.signal,
  });
}

export function mobileDevicePages(ctx: Ctx, start: PageCursor | null): AsyncGenerator<Page<PageCursor>> {
  return pageNumberPages(ctx.http, {
    path: MOBILE_DEVICES_DETAIL_PATH,
    query: { section: [...MOBILE_SECTIONS], sort: 'mobileDeviceId:asc' },
    pageSize: ctx.config.pageSize,
    start,
    signal: ctx.signal,
  });
}

const totalSchema = z.object({ totalCount: z.number().int().min(0) });

/** The cheapest call that needs the Read Computers privilege; answers how many computers there are. */
export async function countComputers(ctx: Ctx): Promise<number> {
  const res = await ctx.http.request({
    path: inventoryPath(ctx),
    query: { section: 'GENERAL', 'page-size': 1 },
    signal: ctx.signal,
    schema: totalSchema,
  });
  return res.json.totalCount;
}

const detailSchema = z.object({
  id: z.union([z.string(), z.number()]),
  general: z.object({ managementId: z.string().nullish() }).nullish(),
});

/** The computer's MDM management id, which commands are addressed to (not the inventory id). */
export async function readManagementId(ctx: Ctx, computerId: string): Promise<string> {
  const res = await jamfRequest(ctx, {
    path: detailPath(ctx, computerId),
    what: `reading computer ${computerId}`,
  });
  const parsed = detailSchema.safeParse(res.json);
  if (!parsed.success) throw invalidBody(res, 'a computer record');
  const managementId = parsed.data.general?.managementId;
  if (!managementId) {
    throw new Error(
      `Jamf Pro computer ${computerId} has no management id: it is not enrolled in MDM, so it takes no MDM commands.`,
    );
  }
  return managementId;
}

/** `PATCH …/computers-inventory-detail/{id}` with a partial record; Jamf answers with the whole record. */
export async function patchComputer(
  ctx: Ctx,
  computerId: string,
  body: Record<string, unknown>,
  idempotencyKey: string,
  what: string,
): Promise<unknown> {
  const res = await jamfRequest(ctx, {
    method: 'PATCH',
    path: detailPath(ctx, computerId),
    json: body,
    idempotencyKey,
    what: `${what} of computer ${computerId}`,
  });
  return res.json;
}

export async function deleteComputer(ctx: Ctx, computerId: string, idempotencyKey: string): Promise<void> {
  await jamfRequest(ctx, {
    method: 'DELETE',
    path: inventoryPath(ctx, computerId),
    idempotencyKey,
    what: `deleting computer ${computerId}`,
  });
}

const commandsCreatedSchema = z
  .array(z.object({ id: z.string().min(1), href: z.string().optional() }))
  .min(1);

/**
 * Queues one MDM command for one device; returns the command's id. Sent once: Jamf keeps no idempotency
 * key, so a POST whose answer was lost must not be repeated blindly (see queueCommandOnce).
 */
export async function sendMdmCommand(
  ctx: Ctx,
  managementId: string,
  commandData: { commandType: string } & Record<string, unknown>,
  idempotencyKey: string,
  what: string,
): Promise<string> {
  const res = await jamfRequest(ctx, {
    method: 'POST',
    path: MDM_COMMANDS_PATH,
    json: { clientData: [{ managementId }], commandData },
    idempotencyKey,
    retry: false,
    what,
  });
  const parsed = commandsCreatedSchema.safeParse(res.json);
  if (!parsed.success) throw invalidBody(res, 'the created command');
  return parsed.data[0]!.id;
}

const commandSchema = z.looseObject({
  uuid: z.string().min(1),
  commandType: z.string(),
  dateSent: z.string().nullish(),
});
export type MdmCommandRef = z.infer<typeof commandSchema>;
const commandPageSchema = z.array(commandSchema);

/** Every MDM command queued for the device, page by page (`filter=clientManagementId=="…"`). */
export async function* deviceCommands(ctx: Ctx, managementId: string): AsyncGenerator<MdmCommandRef[]> {
  if (managementId.includes('"')) throw new Error(`Jamf Pro management id ${managementId} is not valid.`);
  for await (const page of pageNumberPages(ctx.http, {
    path: MDM_COMMANDS_PATH,
    query: { filter: `clientManagementId=="${managementId}"` },
    pageSize: ctx.config.pageSize,
    signal: ctx.signal,
  })) {
    const parsed = commandPageSchema.safeParse(page.items);
    if (!parsed.success) throw invalidBody(page.response, 'a list of MDM commands');
    yield parsed.data;
  }
}

// Client errors are read here (not by the transport) so a failure carries Jamf's own code and description.
// 401 and 429 stay with the transport, which re-authenticates and waits on those.
const CLIENT_ERRORS = [400, 403, 404, 405, 409, 412, 422] as const;

interface JamfRequest extends Omit<HttpRequest, 'expect'> {
  /** Names the operation in a failure ("deleting computer 12"). */
  what: string;
}

async function jamfRequest(ctx: Ctx, req: JamfRequest): Promise<HttpResponse> {
  const { what, ...request } = req;
  const res = await ctx.http.request({
    ...request,
    signal: request.signal ?? ctx.signal,
    expect: [200, 201, 202, 204, ...CLIENT_ERRORS],
  });
  if (res.status < 400) return res;
  const { code, message } = jamfError(res.json);
  throw new HttpError({
    code: 'http_status',
    method: request.method ?? 'GET',
    url: res.url,
    status: res.status,
    vendorCode: code,
    attempts: res.attempts,
    message: `Jamf Pro refused ${what}: ${res.status}${code ? ` ${code}` : ''}: ${message}`,
  });
}

const jamfErrorSchema = z.object({
  httpStatus: z.number().optional(),
  errors: z
    .array(
      z.object({
        code: z.string().nullish(),
        field: z.string().nullish(),
        description: z.string().nullish(),
      }),
    )
    .min(1),
});

/** `{"httpStatus":404,"errors":[{"code","field","description","id"}]}`: every Jamf Pro API error. */
export function jamfError(body: unknown): { code: string | undefined; message: string } {
  const parsed = jamfErrorSchema.safeParse(body);
  if (!parsed.success) return { code: undefined, message: '(no Jamf error in the response)' };
  const message = parsed.data.errors
    .map((e) => [e.field, e.description].filter(Boolean).join(': ') || e.code || 'error')
    .join('; ');
  return { code: parsed.data.errors[0]?.code ?? undefined, message };
}

function invalidBody(res: HttpResponse, what: string): HttpError {
  return new HttpError({
    code: 'response_invalid',
    url: res.url,
    status: res.status,
    message: `Jamf Pro answered ${res.url} with something that is not ${what}.`,
  });
}
