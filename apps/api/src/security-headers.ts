import { IncomingMessage, ServerResponse } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { HelmetOptions } from 'helmet';
import { PRINT_STYLE_CSP_SOURCE } from '@bosam/meetings';

/** Swagger UI and its files: the only pages that need inline styles (its own `<style>` blocks and style attributes). */
const isApiDocs = (request: IncomingMessage): boolean => (request.url ?? '').startsWith('/api/docs');

/**
 * The security headers of every response (ASVS 3.4):
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`;
 * - a Content-Security-Policy with no inline script anywhere (`script-src 'self'`: pages load their
 *   scripts as files of the same origin), `frame-ancestors 'none'`, and inline style only where it is
 *   named: the printed pages' one style block by its hash, and Swagger UI under /api/docs.
 */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      // With a hash in the list, browsers ignore 'unsafe-inline': the docs get one, everything else the other.
      'style-src': ["'self'", (request: IncomingMessage) => (isApiDocs(request) ? "'unsafe-inline'" : PRINT_STYLE_CSP_SOURCE)],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

const applyHeaders = helmet(HELMET_OPTIONS);

/**
 * For responses sent before any hook runs (the router's own refusals): the same headers, by the
 * same helmet middleware.
 */
export function securityHeadersOn(request: IncomingMessage, response: ServerResponse): void {
  applyHeaders(request, response, () => undefined);
  if (!response.hasHeader('cache-control')) response.setHeader('cache-control', 'no-store');
}

/**
 * helmet on every route and 404, and `Cache-Control: no-store` on everything that does not set its
 * own caching: JSON, problems, pages and files all may carry personal data, and no browser or proxy
 * may keep them.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyHelmet as never, { global: true, ...HELMET_OPTIONS });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (_request, reply) => {
      if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    });
}
