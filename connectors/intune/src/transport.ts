// The only file that knows Microsoft Graph's request shapes and error envelope.
import { z } from 'zod';
import {
  HttpError,
  odataPages,
  type ConnectorContext,
  type HttpRequest,
  type HttpResponse,
  type Page,
} from '@steward/sdk';
import type { IntuneConfig } from './config.js';

type Ctx = ConnectorContext<IntuneConfig>;

export const MANAGED_DEVICES_PATH = '/v1.0/deviceManagement/managedDevices';

/** What the device list asks for: only what the mapper reads (ethernetMacAddress is always null there). */
export const LIST_SELECT = [
  'id',
  'deviceName',
  'serialNumber',
  'wiFiMacAddress',
  'imei',
  'meid',
  'model',
  'manufacturer',
  'operatingSystem',
  'osVersion',
  'isEncrypted',
  'lastSyncDateTime',
  'totalStorageSpaceInBytes',
] as const;

/** A saved position in the device list: the `@odata.nextLink` to read next, as Graph gave it. */
export const nextLinkSchema = z.object({ url: z.url() });
export type NextLink = z.infer<typeof nextLinkSchema>;

export function managedDevicePages(ctx: Ctx, start: NextLink | null): AsyncGenerator<Page<NextLink>> {
  return odataPages(ctx.http, {
    path: MANAGED_DEVICES_PATH,
    query: { $top: ctx.config.pageSize, $select: LIST_SELECT.join(',') },
    start,
    signal: ctx.signal,
  });
}

const ethernetSchema = z.object({ ethernetMacAddress: z.string().nullable().optional() });

/**
 * A device's ethernet MAC, which Graph fills in only when one device is read with `$select`. Null when the
 * device has none; undefined when it was deleted since the list was read (not worth failing a sync over).
 */
export async function readEthernetMac(ctx: Ctx, deviceId: string): Promise<string | null | undefined> {
  const res = await graphRequest(ctx, {
    path: devicePath(deviceId),
    query: { $select: 'ethernetMacAddress' },
    notFoundIsAnswer: true,
  });
  if (res.status === 404) return undefined;
  const parsed = ethernetSchema.safeParse(res.json);
  if (!parsed.success) {
    throw new HttpError({
      code: 'response_invalid',
      method: 'GET',
      url: res.url,
      status: res.status,
      message: `GET ${res.url} answered without a readable ethernetMacAddress.`,
    });
  }
  return parsed.data.ethernetMacAddress ?? null;
}

/** The cheapest authenticated call that needs the device-read permission. */
export async function probeManagedDevices(ctx: Ctx): Promise<void> {
  await graphRequest(ctx, { path: MANAGED_DEVICES_PATH, query: { $top: 1, $select: 'id' } });
}

export type DeviceActionName = 'remoteLock' | 'wipe' | 'retire' | 'syncDevice';

/** `POST …/managedDevices/{id}/{action}`: Intune queues the command and answers 204. */
export async function postDeviceAction(
  ctx: Ctx,
  deviceId: string,
  action: DeviceActionName,
  idempotencyKey: string,
  body?: Record<string, unknown>,
): Promise<void> {
  await graphRequest(ctx, {
    method: 'POST',
    path: `${devicePath(deviceId)}/${action}`,
    json: body,
    idempotencyKey,
    what: `${action} of managed device ${deviceId}`,
  });
}

export async function deleteManagedDevice(ctx: Ctx, deviceId: string, idempotencyKey: string): Promise<void> {
  await graphRequest(ctx, {
    method: 'DELETE',
    path: devicePath(deviceId),
    idempotencyKey,
    what: `deletion of managed device ${deviceId}`,
  });
}

function devicePath(deviceId: string): string {
  return `${MANAGED_DEVICES_PATH}/${encodeURIComponent(deviceId)}`;
}

// Client errors are read here (not by the transport) so the failure carries Graph's own code and message.
// 401 and 429 are left out: the transport re-authenticates and waits on those.
const CLIENT_ERRORS = [400, 403, 404, 405, 409, 412, 422] as const;

interface GraphRequest extends Omit<HttpRequest, 'expect'> {
  /** A 404 is returned to the caller instead of thrown. */
  notFoundIsAnswer?: boolean;
  /** Names the operation in a failure ("wipe of managed device …"). */
  what?: string;
}

async function graphRequest(ctx: Ctx, req: GraphRequest): Promise<HttpResponse> {
  const { notFoundIsAnswer, what, ...request } = req;
  const res = await ctx.http.request({
    ...request,
    signal: request.signal ?? ctx.signal,
    expect: [200, 201, 202, 204, ...CLIENT_ERRORS],
  });
  if (res.status < 400 || (notFoundIsAnswer && res.status === 404)) return res;
  const { code, message } = graphError(res.json);
  const method = request.method ?? 'GET';
  throw new HttpError({
    code: 'http_status',
    method,
    url: res.url,
    status: res.status,
    vendorCode: code,
    attempts: res.attempts,
    retryable: false,
    message: `Microsoft Intune refused ${what ?? `${method} ${res.url}`}: ${res.status}${code ? ` ${code}` : ''}: ${message}`,
  });
}

const graphErrorSchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }),
});

// Intune's own services wrap their message in a JSON document inside `error.message`.
const intuneInnerSchema = z.object({ Message: z.string().min(1) });

/** `{"error":{"code","message"}}`, with Intune's nested `{"_version":3,"Message":…}` unwrapped. */
export function graphError(body: unknown): { code: string | undefined; message: string } {
  const parsed = graphErrorSchema.safeParse(body);
  if (!parsed.success) return { code: undefined, message: '(no Graph error in the response)' };
  const { code, message = '' } = parsed.data.error;
  let text = message;
  if (message.trimStart().startsWith('{')) {
    try {
      const inner = intuneInnerSchema.safeParse(JSON.parse(message));
      if (inner.success) text = inner.data.Message;
    } catch {
      // not JSON after all: keep the message as it is
    }
  }
  return { code, message: text || '(no message)' };
}
