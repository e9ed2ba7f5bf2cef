import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { notFoundBody } from './error-handler.js';

/**
 * Serves the built web UI at / with client-side routing: any GET for a page (not /api, not a file)
 * answers index.html. Everything else that matches no route gets the JSON 404.
 * Installs the server's one not-found handler, so call it exactly once, after the API routes.
 */
export async function serveWeb(app: FastifyInstance, dir: string | undefined): Promise<boolean> {
  const hasUi = dir !== undefined && existsSync(path.join(dir, 'index.html'));
  if (hasUi)
    await app.register(fastifyStatic, {
      root: path.resolve(dir),
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
    });
  app.setNotFoundHandler((req, reply) => {
    // A browser navigating (it accepts HTML) gets the app, even for paths with a dot in them (signed
    // links such as /acknowledge/<id>.<signature>); a missing script or image stays a 404.
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    const isPage =
      req.method === 'GET' &&
      !req.url.startsWith('/api') &&
      (wantsHtml || !path.extname(req.url.split('?')[0]!));
    if (hasUi && isPage) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send(notFoundBody(req.method, req.url));
  });
  return hasUi;
}
