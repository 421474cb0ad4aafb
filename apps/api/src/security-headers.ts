import { IncomingMessage, ServerResponse } from 'node:http';
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
 * helmet's headers, as helmet itself sets them, for a request to `url`. They depend on nothing but
 * whether the page is under /api/docs, so they are computed once for each of the two kinds of page
 * (helmet's own plugin built a new middleware and its policy text for every request).
 */
function helmetHeadersFor(url: string): Array<[string, string]> {
  const headers = new Map<string, [string, string]>();
  const response = {
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), [name, String(value)]);
      return response;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  applyHeaders({ url, method: 'GET', headers: {} } as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return [...headers.values()];
}

const PAGE_HEADERS = helmetHeadersFor('/');
const DOCS_HEADERS = helmetHeadersFor('/api/docs');

function setSecurityHeaders(request: IncomingMessage, response: ServerResponse): void {
  for (const [name, value] of isApiDocs(request) ? DOCS_HEADERS : PAGE_HEADERS) response.setHeader(name, value);
}

/**
 * For responses sent before any hook runs (the router's own refusals): the same headers, by the
 * same helmet middleware.
 */
export function securityHeadersOn(request: IncomingMessage, response: ServerResponse): void {
  applyHeaders(request, response, () => undefined);
  if (!response.hasHeader('cache-control')) response.setHeader('cache-control', 'no-store');
}

/**
 * helmet's headers on every route and 404, and `Cache-Control: no-store` on everything that does not
 * set its own caching: JSON, problems, pages and files all may carry personal data, and no browser or
 * proxy may keep them.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw);
    done();
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });
}
