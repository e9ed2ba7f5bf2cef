// Graph's Intune device endpoints: list, read, the device actions and delete.
import {
  SimHttpError,
  jsonBody,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type TokenIssuer,
} from '@steward/sdk/simulator';
import { renderManagedDevice, type IntuneDevice, type IntuneDevices } from './devices.js';
import { graphErrors, intuneServiceError } from './graph-errors.js';
import {
  applySelect,
  decodeSkipToken,
  nextLinkOf,
  originOf,
  parseFilter,
  parseSelect,
  parseTop,
} from './odata.js';
import type { IntuneThrottle } from './throttle.js';

export const READ_PERMISSIONS = [
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
] as const;
export const PRIVILEGED_PERMISSION = 'DeviceManagementManagedDevices.PrivilegedOperations.All';
export const WRITE_PERMISSION = 'DeviceManagementManagedDevices.ReadWrite.All';
export const ALL_PERMISSIONS = [...READ_PERMISSIONS, PRIVILEGED_PERMISSION] as const;

export interface RecordedAction {
  deviceId: string;
  action: string;
  body: unknown;
  at: string;
}

export interface IntuneSimState {
  devices: IntuneDevices;
  /** Every device action and delete accepted, in order. */
  actions: RecordedAction[];
  /** Devices served with a broken record in the list, by managed device id or fleet device id. */
  malformed: Set<string>;
  /** The application permissions granted to the app (admin consent). */
  permissions: Set<string>;
  throttle: IntuneThrottle;
}

const BASE = '/v1.0/deviceManagement/managedDevices';
const DEVICE_ACTIONS = new Set(['remoteLock', 'wipe', 'retire', 'syncDevice']);
const WIPE_OPTIONS: Record<string, 'boolean' | 'string'> = {
  keepEnrollmentData: 'boolean',
  keepUserData: 'boolean',
  macOsUnlockCode: 'string',
  persistEsimDataPlan: 'boolean',
};

export function graphRoutes(state: IntuneSimState, tokens: TokenIssuer): SimRoute[] {
  /** Throttling, then permissions: what Graph checks before the Intune service sees the request. */
  const guard = (req: SimRequest, write: boolean, anyOf: readonly string[]): void => {
    const app = tokens.verifyHeader(req.headers.authorization) ?? '';
    const throttled = state.throttle.check(app, write);
    if (throttled) throw new SimHttpError(graphErrors.rateLimited(throttled.retryAfterSeconds, req));
    if (!anyOf.some((p) => state.permissions.has(p))) {
      throw new SimHttpError(
        intuneServiceError(
          403,
          'Forbidden',
          `Application is not authorized to perform this operation. Application must have one of the following scopes: ${anyOf.join(', ')}`,
          req,
        ),
      );
    }
  };
  const deviceOf = (req: SimRequest): IntuneDevice => {
    const device = state.devices.get(req.params.id ?? '');
    if (!device)
      throw new SimHttpError(intuneServiceError(404, 'ResourceNotFound', 'An error has occurred', req));
    return device;
  };
  const record = (action: string, device: IntuneDevice, body: unknown): void => {
    const at = new Date().toISOString();
    state.actions.push({ deviceId: device.id, action, body, at });
    if (action === 'delete') return;
    const results = device.deviceActionResults.filter((r) => r.actionName !== action);
    results.push({ actionName: action, actionState: 'pending', startDateTime: at, lastUpdatedDateTime: at });
    device.deviceActionResults = results;
  };

  const list = (req: SimRequest): SimResponse => {
    guard(req, false, READ_PERMISSIONS);
    const select = parseSelect(req, graphErrors);
    const filter = parseFilter(req, graphErrors);
    const top = parseTop(req, graphErrors);
    const after = decodeSkipToken(req, graphErrors);
    const page = state.devices.page(after, top, (d) => filter(renderManagedDevice(d, false)));
    const value = page.items.map((d) => {
      const shown = applySelect(renderManagedDevice(d, false), select);
      // A broken record: wrong types where the mapper reads them.
      return state.malformed.has(d.id) || state.malformed.has(d.fleet.id)
        ? { ...shown, isEncrypted: 'Yes', lastSyncDateTime: 'last Tuesday' }
        : shown;
    });
    const last = page.items[page.items.length - 1];
    return {
      status: 200,
      json: {
        '@odata.context': `${originOf(req)}/v1.0/$metadata#deviceManagement/managedDevices${select ? `(${select.join(',')})` : ''}`,
        value,
        ...(page.more && last ? { '@odata.nextLink': nextLinkOf(req, last.seq) } : {}),
      },
    };
  };

  const get = (req: SimRequest): SimResponse => {
    guard(req, false, READ_PERMISSIONS);
    const select = parseSelect(req, graphErrors);
    const device = deviceOf(req);
    return {
      status: 200,
      json: {
        '@odata.context': `${originOf(req)}/v1.0/$metadata#deviceManagement/managedDevices${select ? `(${select.join(',')})` : ''}/$entity`,
        ...applySelect(renderManagedDevice(device, true), select),
      },
    };
  };

  const act = (req: SimRequest): SimResponse => {
    const action = req.params.action ?? '';
    if (!DEVICE_ACTIONS.has(action)) return graphErrors.notFound(req);
    guard(req, true, [PRIVILEGED_PERMISSION]);
    const body = jsonBody(req, graphErrors);
    if (action === 'wipe') checkWipeBody(req, body);
    const device = deviceOf(req);
    record(action, device, body ?? null);
    return { status: 204 };
  };

  const remove = (req: SimRequest): SimResponse => {
    guard(req, true, [WRITE_PERMISSION]);
    const device = deviceOf(req);
    state.devices.delete(device.id);
    record('delete', device, null);
    return { status: 204 };
  };

  return [
    { method: 'GET', path: BASE, handle: list },
    { method: 'GET', path: `${BASE}/:id`, handle: get },
    { method: 'DELETE', path: `${BASE}/:id`, handle: remove },
    { method: 'POST', path: `${BASE}/:id/:action`, handle: act },
  ];
}

function checkWipeBody(req: SimRequest, body: unknown): void {
  if (body === undefined) return;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SimHttpError(graphErrors.badRequest('The request body of wipe must be a JSON object.', req));
  }
  for (const [key, value] of Object.entries(body)) {
    const type = WIPE_OPTIONS[key];
    if (!type) {
      throw new SimHttpError(
        graphErrors.badRequest(
          `The parameter '${key}' in the request payload is not a valid parameter for the operation 'wipe'.`,
          req,
        ),
      );
    }
    if (typeof value !== type) {
      throw new SimHttpError(
        graphErrors.badRequest(
          `Cannot convert the literal '${String(value)}' to the expected type 'Edm.${type === 'boolean' ? 'Boolean' : 'String'}'.`,
          req,
        ),
      );
    }
  }
}
