import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '@steward/domain';
import { contextOf } from '../../platform/http/index.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { changePasswordSchema, loginSchema, sessionSchema } from './auth.schemas.js';
import { changePassword, describeSession, login, logout, type AuthDeps } from './auth.service.js';
import { SESSION_COOKIE } from './sessions.js';

export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps & { secureCookies: boolean }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Authentication'];
  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description:
          'Sets an HTTP-only session cookie. Failed attempts are rate limited per email and per address.',
        security: [],
        body: loginSchema,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { secret, view } = await login(deps, req.body, req.ip, String(req.id));
      reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.secureCookies,
        path: '/',
        expires: new Date(view.expiresAt),
      });
      return view;
    },
  );
  r.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags,
        summary: 'The current session',
        security: [{ session: [] }],
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (req) => {
      if (!req.session) throw errors.unauthenticated('There is no session; sign in first.');
      return describeSession(deps, req.session);
    },
  );
  r.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags,
        summary: 'Sign out',
        security: [{ session: [] }],
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const secret = req.cookies[SESSION_COOKIE];
      if (secret && req.session) await logout(deps, ctx, secret);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
  r.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags,
        summary: 'Change your password',
        body: changePasswordSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await changePassword(deps, contextOf(req), req.body);
      return reply.code(204).send(null);
    },
  );
}
