// Presets shipped with Steward: named generic HTTP actions for common vendor operations. Each runs on an
// instance of its connector (its base URL and credentials) and is tested against that vendor's simulator.
import type { HttpActionDefinition } from './definition.schemas.js';

export interface PresetSpec {
  id: string;
  name: string;
  description: string;
  /** The connector whose instances it runs on. */
  connectorId: string;
  /** The entity it acts on; its key in the instance's source is `target.key`. */
  targetKind: 'asset' | 'person' | null;
  destructive: boolean;
  definition: HttpActionDefinition;
}

const request = { name: 'request', query: {}, headers: {} } as const;

/** A Jamf MDM command for the computer: read its management id, then queue the command for it. */
function jamfCommand(commandData: string): HttpActionDefinition['requests'] {
  return [
    {
      ...request,
      name: 'computer',
      method: 'GET',
      url: '/api/v1/computers-inventory-detail/{{ target.key }}',
    },
    {
      ...request,
      name: 'command',
      method: 'POST',
      url: '/api/v2/mdm/commands',
      body: `{"clientData": [{"managementId": responses.computer.body.general.managementId}], "commandData": ${commandData}}`,
    },
  ];
}

/** A Graph managed-device action: one POST that answers 204. */
function intuneDeviceAction(id: string, name: string, description: string, action: string): PresetSpec {
  return {
    id,
    name,
    description,
    connectorId: 'microsoft-intune',
    targetKind: 'asset',
    destructive: false,
    definition: {
      inputs: [],
      requests: [
        {
          ...request,
          method: 'POST',
          url: `/v1.0/deviceManagement/managedDevices/{{ target.key }}/${action}`,
          expect: [204],
        },
      ],
      output: '{"status": responses.request.status}',
    },
  };
}

export const BUILT_IN_PRESETS: readonly PresetSpec[] = [
  {
    id: 'builtin.jamf-pro.remote-lock',
    name: 'Jamf Pro: remote device lock',
    description:
      'Reads the computer’s MDM management id, then sends the Device Lock command with a six-digit PIN.',
    connectorId: 'jamf-pro',
    targetKind: 'asset',
    destructive: false,
    definition: {
      inputs: [
        { name: 'pin', label: 'PIN', type: 'string', required: true, pattern: '\\d{6}' },
        { name: 'message', label: 'Lock screen message', type: 'string', required: false },
      ],
      requests: jamfCommand('{"commandType": "DEVICE_LOCK", "pin": input.pin, "message": input.message}'),
      output: '{"commandId": responses.command.body[0].id}',
    },
  },
  {
    id: 'builtin.jamf-pro.restart',
    name: 'Jamf Pro: restart device',
    description: 'Sends the Restart Device MDM command to the computer.',
    connectorId: 'jamf-pro',
    targetKind: 'asset',
    destructive: false,
    definition: {
      inputs: [],
      requests: jamfCommand('{"commandType": "RESTART_DEVICE"}'),
      output: '{"commandId": responses.command.body[0].id}',
    },
  },
  intuneDeviceAction(
    'builtin.microsoft-intune.remote-lock',
    'Microsoft Intune: remote lock',
    'Locks the managed device now (Graph remoteLock).',
    'remoteLock',
  ),

  intuneDeviceAction(
    'builtin.microsoft-intune.sync',
    'Microsoft Intune: sync device',
    'Asks the device to check in with Intune now (Graph syncDevice).',
    'syncDevice',
  ),

  {
    id: 'builtin.crowdstrike-falcon.contain',
    name: 'CrowdStrike Falcon: network contain host',
    description: 'Cuts the host off the network except for the Falcon cloud.',
    connectorId: 'crowdstrike-falcon',
    targetKind: 'asset',
    destructive: false,
    definition: {
      inputs: [],
      requests: [
        {
          ...request,
          method: 'POST',
          url: '/devices/entities/devices-actions/v2',
          query: { action_name: 'contain' },
          body: '{"ids": [target.key]}',
        },
      ],
      output: '{"hostId": responses.request.body.resources[0].id}',
    },
  },
  {
    id: 'builtin.okta.suspend',
    name: 'Okta: suspend user',
    description: 'Suspends the Okta user: they cannot sign in until unsuspended.',
    connectorId: 'okta',
    targetKind: 'person',
    destructive: false,
    definition: {
      inputs: [],
      requests: [
        { ...request, method: 'POST', url: '/api/v1/users/{{ target.key }}/lifecycle/suspend' },
        { ...request, name: 'user', method: 'GET', url: '/api/v1/users/{{ target.key }}' },
      ],
      output: '{"status": responses.user.body.status}',
    },
  },
  {
    id: 'builtin.google-workspace.suspend',
    name: 'Google Workspace: suspend user',
    description: 'Suspends the Google Workspace account.',
    connectorId: 'google-workspace',
    targetKind: 'person',
    destructive: false,
    definition: {
      inputs: [],
      requests: [
        {
          ...request,
          method: 'PATCH',
          url: '/admin/directory/v1/users/{{ target.key }}',
          body: '{"suspended": true}',
        },
      ],
      output: '{"suspended": responses.request.body.suspended}',
    },
  },
];
