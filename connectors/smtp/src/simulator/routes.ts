// The simulator's HTTP control API (no vendor has one): read what the SMTP server received, inject
// faults, start over. Public routes: the kit's FaultPlan is left for the SMTP listener alone.
import {
  jsonBody,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type VendorErrors,
} from '@steward/sdk/simulator';
import { smtpFaultSchema, type SmtpSimulatorState } from './state.js';

const json = (status: number, body: unknown): SimResponse => ({ status, json: body });

export const controlErrors: VendorErrors = {
  unauthorized: () => json(401, { error: 'unauthorized' }),
  notFound: (req) => json(404, { error: `no route ${req.method} ${req.path}` }),
  serverError: (status) => json(status, { error: 'server error' }),
  rateLimited: () => json(429, { error: 'rate limited' }),
  badRequest: (message) => json(400, { error: message }),
};

function injectFault(state: SmtpSimulatorState, req: SimRequest): SimResponse {
  const parsed = smtpFaultSchema.safeParse(jsonBody(req, controlErrors));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(root)',
      reason: i.message,
    }));
    return json(400, { error: 'invalid fault', issues });
  }
  state.inject(parsed.data);
  return json(200, faultsView(state));
}

const faultsView = (state: SmtpSimulatorState) => ({
  pending: state.faults.pending,
  fired: state.faults.fired,
  unavailableMailboxes: state.refusedMailboxes(),
});

export function controlRoutes(state: SmtpSimulatorState): SimRoute[] {
  return [
    {
      method: 'GET',
      path: '/_sim/messages',
      public: true,
      handle: (req) => {
        const to = req.query.get('to')?.toLowerCase();
        const messages = to
          ? state.messages.filter((m) => m.envelope.to.some((r) => r.toLowerCase() === to))
          : state.messages;
        return json(200, { messages });
      },
    },
    { method: 'GET', path: '/_sim/events', public: true, handle: () => json(200, { events: state.events }) },
    { method: 'GET', path: '/_sim/faults', public: true, handle: () => json(200, faultsView(state)) },
    { method: 'POST', path: '/_sim/faults', public: true, handle: (req) => injectFault(state, req) },
    {
      method: 'DELETE',
      path: '/_sim/faults',
      public: true,
      handle: () => {
        state.clearFaults();
        return json(200, faultsView(state));
      },
    },
    {
      method: 'POST',
      path: '/_sim/reset',
      public: true,
      handle: () => {
        state.reset();
        return { status: 204 };
      },
    },
  ];
}
