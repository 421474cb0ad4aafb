import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_CODES } from '@bosam/platform';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details. `code` is stable; `errors` names each invalid field (and row, for files).',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: ERROR_CODES },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' }, row: { type: 'integer' } },
      },
    },
    correlationId: { type: 'string' },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * The OpenAPI document: every /api/v1 operation needs a bearer token and may answer with the
 * common problems, so those are added to each operation here rather than on every route.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Bosam API')
      .setDescription(
        'Coordinating social services to prevent evictions. Every /api/v1 route needs a bearer token; anything ' +
          "outside the caller's district answers 404. Errors are application/problem+json (RFC 9457) with a stable `code`.",
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const operation of Object.values(item) as Array<{ responses?: Record<string, unknown>; security?: unknown[] }>) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.security = [{ bearer: [] }];
      operation.responses = {
        ...operation.responses,
        400: operation.responses?.['400'] ?? problem('Invalid request (VALIDATION_FAILED, MALFORMED_JSON)'),
        401: problem('Missing, malformed, forged or expired token (UNAUTHENTICATED)'),
        403: operation.responses?.['403'] ?? problem('The role may not do this (FORBIDDEN)'),
        404: operation.responses?.['404'] ?? problem('Not found, or outside the caller’s district (NOT_FOUND)'),
      };
    }
  }
  return document;
}
