import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import {
  attestationViewSchema,
  campaignReportSchema,
  campaignSchema,
  createCampaignSchema,
  respondSchema,
} from './attestation.schemas.js';
import {
  campaignReport,
  closeCampaign,
  createCampaign,
  describeAttestation,
  listCampaigns,
  respond,
  type AttestationDeps,
} from './attestation.service.js';

export function registerAttestationRoutes(app: FastifyInstance, deps: AttestationDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Attestation'];
  const idParams = z.strictObject({ id: z.string().min(1).max(64) });
  r.post(
    '/api/v1/attestations/campaigns',
    {
      schema: {
        tags,
        summary: 'Start an attestation campaign',
        description:
          'Every person holding a matching asset gets a link to confirm each asset they hold; reminders repeat until the due date. Needs admin.',
        body: createCampaignSchema,
        response: { 201: campaignSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign(deps, contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/attestations/campaigns',
    {
      schema: {
        tags,
        summary: 'List campaigns',
        response: { 200: z.object({ items: z.array(campaignSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listCampaigns(deps, contextOf(req)) }),
  );
  r.get(
    '/api/v1/attestations/campaigns/:id/report',
    {
      schema: {
        tags,
        summary: 'Who has answered, who has not, and disputed assets',
        params: idParams,
        response: { 200: campaignReportSchema, ...errorResponses },
      },
    },
    async (req) => campaignReport(deps, contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/attestations/campaigns/:id/close',
    {
      schema: {
        tags,
        summary: 'Close a campaign (no more answers, no more reminders)',
        params: idParams,
        response: { 200: campaignSchema, ...errorResponses },
      },
    },
    async (req) => closeCampaign(deps, contextOf(req), req.params.id),
  );
  const tokenParams = z.strictObject({ token: z.string().min(10).max(300) });
  r.get(
    '/api/v1/attestations/respond/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The assets a person is asked to confirm (signed link, no login)',
        security: [],
        params: tokenParams,
        response: { 200: attestationViewSchema, ...errorResponses },
      },
    },
    async (req) => describeAttestation(deps, req.params.token),
  );
  r.post(
    '/api/v1/attestations/respond/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Answer for every asset on the list',
        security: [],
        params: tokenParams,
        body: respondSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await respond(deps, req.params.token, req.body, String(req.id));
      return reply.code(204).send(null);
    },
  );
}
