import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { jsonBody, type SimRoute } from '@steward/sdk/simulator';
import { invalidField, jamfErrors } from './errors.js';
import { filterTerms, pageOf, pageResponse } from './query.js';
import type { JamfState, MdmCommand } from './state.js';

const COMMAND_TYPES = [
  'DEVICE_LOCK',
  'ERASE_DEVICE',
  'RESTART_DEVICE',
  'SHUT_DOWN_DEVICE',
  'CLEAR_PASSCODE',
  'ENABLE_LOST_MODE',
  'DISABLE_LOST_MODE',
  'SETTINGS',
  'DECLARATIVE_MANAGEMENT',
  'SET_RECOVERY_LOCK',
  'DELETE_USER',
  'LOG_OUT_USER',
] as const;
const pin = z.string().regex(/^\d{6}$/, 'must be six digits');

const commandSchema = z.object({
  clientData: z.array(z.object({ managementId: z.string().min(1) })).min(1),
  commandData: z
    .object({
      commandType: z.enum(COMMAND_TYPES),
      pin: pin.optional(),
      message: z.string().optional(),
      phoneNumber: z.string().optional(),
      obliterationBehavior: z
        .enum(['Default', 'DoNotObliterate', 'ObliterateWithWarning', 'Always'])
        .optional(),
      returnToService: z.object({ enabled: z.boolean() }).loose().optional(),
    })
    .loose(),
});

/** `POST /api/v2/mdm/commands` queues a command per client; `GET` lists them (filter by client or uuid). */
export function commandRoutes(state: JamfState, now: () => Date): SimRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/v2/mdm/commands',
      handle: (req) => {
        const parsed = commandSchema.safeParse(jsonBody(req, jamfErrors));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          invalidField(issue?.path.join('.') || 'body', issue?.message ?? 'Invalid command');
        }
        const { clientData, commandData } = parsed.data;
        const clients = clientData.map(({ managementId }, i) => {
          const client = state.client(managementId);
          if (!client)
            invalidField(`clientData[${i}].managementId`, `No device with management id ${managementId}`);
          return { managementId, clientType: client.type };
        });
        if (
          commandData.commandType === 'DEVICE_LOCK' &&
          commandData.pin === undefined &&
          clients.some((c) => c.clientType === 'COMPUTER')
        ) {
          invalidField('commandData.pin', 'A computer needs a six-digit PIN to lock');
        }
        const host = req.headers.host ?? 'localhost';
        const created = clients.map((client) => {
          const command: MdmCommand = {
            uuid: randomUUID(),
            client,
            commandState: 'PENDING',
            commandType: commandData.commandType,
            dateSent: now().toISOString(),
            dateCompleted: null,
            commandData,
          };
          state.commands.push(command);
          return { id: command.uuid, href: `http://${host}/api/v2/mdm/commands/${command.uuid}` };
        });
        return { status: 201, json: created };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/mdm/commands',
      handle: (req) => {
        const { page, size } = pageOf(req.query);
        const terms = filterTerms(req.query, ['clientManagementId', 'uuid', 'commandType', 'commandState']);
        const found = state.commands.filter(
          (c) =>
            (!terms.has('clientManagementId') || c.client.managementId === terms.get('clientManagementId')) &&
            (!terms.has('uuid') || c.uuid === terms.get('uuid')) &&
            (!terms.has('commandType') || c.commandType === terms.get('commandType')) &&
            (!terms.has('commandState') || c.commandState === terms.get('commandState')),
        );
        const byId = new Map(found.map((c) => [c.uuid, c]));
        return {
          status: 200,
          json: pageResponse(
            found.map((c) => c.uuid),
            page,
            size,
            (id) => {
              const { commandData: _asked, ...served } = byId.get(id) as MdmCommand;
              return served;
            },
          ),
        };
      },
    },
  ];
}
